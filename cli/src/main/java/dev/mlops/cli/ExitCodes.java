package dev.mlops.cli;

import dev.mlops.engine.InputException;
import dev.mlops.engine.UsageException;
import dev.mlops.engine.registry.RegistryException;
import picocli.CommandLine;

/** The exit codes every {@code mlops} command uses (docs/cli.md). */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int INTERNAL = 1;
    public static final int USAGE = 2;
    public static final int INPUT = 3;
    public static final int DATA_INVALID = 10;
    public static final int GATE_FAILED = 11;
    public static final int DRIFT = 12;
    public static final int ROLLED_BACK = 13;
    public static final int AUDIT_FAILED = 14;

    private ExitCodes() {
    }

    /** The exit code for an exception that ended a command. */
    public static int of(Throwable failure) {
        if (failure instanceof InputException || failure instanceof RegistryException) {
            return INPUT;
        }
        if (failure instanceof CommandLine.ParameterException || failure instanceof UsageException) {
            return USAGE;
        }
        return INTERNAL;
    }
}
