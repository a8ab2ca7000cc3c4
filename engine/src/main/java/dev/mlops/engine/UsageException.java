package dev.mlops.engine;

/**
 * The request itself is wrong, whatever the data: an unknown parameter, an algorithm that cannot do the task, a
 * threshold on a metric the model does not have. The message names the option at fault.
 */
public final class UsageException extends EngineException {

    public UsageException(String message) {
        super(message);
    }
}
