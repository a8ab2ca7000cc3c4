package dev.mlops.cli;

import dev.mlops.engine.EngineVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root {@code mlops} command. */
@Command(name = "mlops",
        mixinStandardHelpOptions = true,
        versionProvider = MlopsCommand.Version.class,
        description = "CI/CD for machine learning: validate data, train, gate, register, deploy and monitor models.",
        subcommands = {ValidateCommand.class, ProfileCommand.class, SchemaCommand.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0 success, 1 internal error, 2 usage error, 3 input error,",
                "  10 data invalid, 11 gate failed, 12 drift detected, 13 rolled back, 14 audit/reproduction failed."})
public final class MlopsCommand {

    /** The configured command line: what {@link Main} runs and what tests drive. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new MlopsCommand());
        cli.setExitCodeExceptionMapper(ExitCodes::of);
        cli.setExecutionExceptionHandler((failure, commandLine, parseResult) -> {
            commandLine.getErr().println("mlops: " + failure.getMessage());
            return ExitCodes.of(failure);
        });
        return cli;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"mlops " + EngineVersion.get(),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("os.name") + " "
                            + System.getProperty("os.arch") + ")"};
        }
    }
}
