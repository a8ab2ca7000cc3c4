package dev.mlops.engine.registry;

import java.util.regex.Pattern;

/** What model names, aliases and tag keys may be: they become paths and URLs, so they are checked strictly. */
public final class Names {

    public static final int MAX_NAME_LENGTH = 200;
    private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern ALIAS = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
    private static final Pattern TAG_KEY = Pattern.compile("[A-Za-z0-9_.\\-/]{1,250}");

    private Names() {
    }

    public static String model(String name) {
        if (name == null || name.isEmpty()) {
            throw new RegistryException("a model name is required");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new RegistryException("model name is " + name.length() + " characters long; the limit is "
                    + MAX_NAME_LENGTH);
        }
        if (!MODEL.matcher(name).matches() || name.contains("..")) {
            throw new RegistryException("invalid model name '" + printable(name) + "': use letters, digits, '.', "
                    + "'_' and '-', starting with a letter or digit (no '/', '..', spaces or control characters)");
        }
        return name;
    }

    public static String alias(String alias) {
        if (alias == null || !ALIAS.matcher(alias).matches()) {
            throw new RegistryException("invalid alias '" + printable(alias) + "': use lower-case letters, digits, "
                    + "'_' and '-', starting with a letter, at most 64 characters");
        }
        if (alias.equals("latest")) {
            throw new RegistryException("'latest' is reserved: it always means the newest version");
        }
        return alias;
    }

    public static String tagKey(String key) {
        if (key == null || !TAG_KEY.matcher(key).matches()) {
            throw new RegistryException("invalid tag key '" + printable(key) + "'");
        }
        return key;
    }

    private static String printable(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.length() > 80 ? out.substring(0, 80) + "..." : out.toString();
    }
}
