package dev.mlops.engine.registry;

/**
 * A reference to one version: {@code name/3} (a number), {@code name@production} (an alias), {@code name@latest}
 * or plain {@code name} (the newest version).
 */
public record ModelRef(String name, Integer version, String alias) {

    public static ModelRef parse(String text) {
        if (text == null || text.isBlank()) {
            throw new RegistryException("a model reference is required: NAME, NAME@ALIAS or NAME/VERSION");
        }
        int at = text.indexOf('@');
        int slash = text.lastIndexOf('/');
        if (at >= 0) {
            String alias = text.substring(at + 1);
            return new ModelRef(Names.model(text.substring(0, at)), null,
                    alias.equals("latest") ? null : Names.alias(alias));
        }
        if (slash >= 0) {
            String number = text.substring(slash + 1);
            try {
                int version = Integer.parseInt(number);
                if (version < 1) {
                    throw new NumberFormatException();
                }
                return new ModelRef(Names.model(text.substring(0, slash)), version, null);
            } catch (NumberFormatException e) {
                throw new RegistryException("'" + text + "': the version after '/' must be a positive number");
            }
        }
        return new ModelRef(Names.model(text), null, null);
    }

    public boolean isLatest() {
        return version == null && alias == null;
    }

    @Override
    public String toString() {
        return version != null ? name + "/" + version : alias != null ? name + "@" + alias : name + "@latest";
    }
}
