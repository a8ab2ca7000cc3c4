package dev.mlops.engine;

/**
 * Where engine operations report progress. The CLI prints these lines to standard error; the Jenkins plugin sees
 * them in the build log because the engine runs as a child process of the step.
 */
@FunctionalInterface
public interface LogSink {

    /** A sink that drops every line, for callers that want none. */
    LogSink NONE = line -> { };

    void info(String line);

    /**
     * Progress of a long task: {@code done} of {@code total} units. Sinks that show progress (the CLI draws a bar in a
     * terminal) override this; by default it is ignored.
     */
    default void progress(String task, long done, long total) {
    }
}
