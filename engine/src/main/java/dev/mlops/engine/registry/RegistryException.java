package dev.mlops.engine.registry;

import dev.mlops.engine.EngineException;

/**
 * A registry operation cannot be done: an unknown model, version or alias, an invalid name, a registry that cannot be
 * read or written (permissions, disk space, an unreachable server). Nothing was changed.
 */
public final class RegistryException extends EngineException {

    public RegistryException(String message) {
        super(message);
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
