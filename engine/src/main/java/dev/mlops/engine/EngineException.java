package dev.mlops.engine;

/**
 * Base of the engine's domain exceptions. Each subclass is one kind of failure that callers (the CLI's exit codes,
 * the plugin's build results) tell apart; the message is written for the person who has to fix the input.
 */
public abstract class EngineException extends RuntimeException {

    protected EngineException(String message) {
        super(message);
    }

    protected EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
