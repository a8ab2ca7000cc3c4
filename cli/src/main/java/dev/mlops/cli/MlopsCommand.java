package dev.mlops.cli;

import dev.mlops.engine.EngineVersion;
import dev.mlops.engine.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root {@code mlops} command. */
@Command(name = "mlops",
        mixinStandardHelpOptions = true,
        versionProvider = MlopsCommand.Version.class,
        description = "CI/CD for machine learning: validate data, train, gate, register, deploy and monitor models.",
        subcommands = {ValidateCommand.class, ProfileCommand.class, SchemaCommand.class, TrainCommand.class,
                EvaluateCommand.class, RegisterCommand.class, RegistryCommand.class, LineageCommand.class,
                AuditCommand.class, ReproduceCommand.class, MonitorCommand.class, DeliveryCommand.class,
                ServeCommand.class, DeployCommand.class, DemoCommand.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0 success, 1 internal error, 2 usage error, 3 input error,",
                "  10 data invalid, 11 gate failed, 12 drift detected, 13 rolled back,",
                "  14 audit or reproduction failed.", "Docs: docs/cli.md"})
public final class MlopsCommand {

    @CommandLine.Option(names = "--json", description = "With --version: print the engine's components, runtime and "
            + "SBOM hash as JSON.")
    boolean json;

    /**
     * Tribuo logs every training step through java.util.logging; the CLI reports progress itself. Held in a field
     * because java.util.logging keeps loggers only weakly, which would drop the level.
     */
    private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");

    /** The configured command line: what {@link Main} runs and what tests drive. */
    public static CommandLine commandLine() {
        return commandLine(CommandLine.defaultFactory());
    }

    /**
     * A command line whose commands see {@code env} instead of the process environment: how the demo runs each stage
     * in-process with its own settings (a webhook secret, no progress bars in stage logs).
     */
    static CommandLine commandLine(Map<String, String> env) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        return commandLine(new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                K created = defaults.create(type);
                if (created instanceof EngineCommand command) {
                    command.environment = Map.copyOf(env);
                }
                return created;
            }
        });
    }

    private static CommandLine commandLine(CommandLine.IFactory factory) {
        TRIBUO_LOG.setLevel(Level.WARNING);
        CommandLine cli = new CommandLine(new MlopsCommand(), factory);
        cli.setExitCodeExceptionMapper(ExitCodes::of);
        cli.setExecutionStrategy(parseResult -> {
            if (parseResult.isVersionHelpRequested() && parseResult.hasMatchedOption("--json")) {
                parseResult.commandSpec().commandLine().getOut().println(Json.write(Version.asJson()));
                parseResult.commandSpec().commandLine().getOut().flush();
                return ExitCodes.OK;
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        cli.setExecutionExceptionHandler((failure, commandLine, parseResult) -> {
            commandLine.getErr().println("mlops: " + failure.getMessage());
            return ExitCodes.of(failure);
        });
        return cli;
    }

    static final class Version implements CommandLine.IVersionProvider {

        /** {@code mlops --version --json}: what scanners and support need to know about this jar. */
        static Map<String, Object> asJson() {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("mlops", EngineVersion.get());
            v.put("components", EngineVersion.components());
            v.put("runtime", EngineVersion.runtime());
            v.put("sbom", EngineVersion.sbom().map(sbom -> {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("format", "CycloneDX " + sbom.specVersion());
                s.put("resource", sbom.resource());
                s.put("sha256", sbom.sha256());
                s.put("components", sbom.components());
                return s;
            }).orElse(null));
            return v;
        }

        @Override
        public String[] getVersion() {
            return new String[] {"mlops " + EngineVersion.get(),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("os.name") + " "
                            + System.getProperty("os.arch") + ")"};
        }
    }
}
