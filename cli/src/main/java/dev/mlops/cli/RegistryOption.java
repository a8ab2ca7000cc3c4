package dev.mlops.cli;

import dev.mlops.engine.registry.ModelRegistry;
import dev.mlops.engine.registry.Registries;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --registry}: shared by every command that uses the model registry. */
public final class RegistryOption {

    @Option(names = "--registry", paramLabel = "LOCATION",
            description = "file:PATH or mlflow:http://HOST:PORT (default: $" + Registries.LOCATION_ENV + ", else "
                    + Registries.DEFAULT_LOCATION + "). MLflow's token comes from $"
                    + Registries.MLFLOW_TOKEN_ENV + ".")
    String location;

    @Option(names = "--audit", paramLabel = "FILE",
            description = "With an MLflow registry: its local audit log (default: " + Registries.DEFAULT_MLFLOW_AUDIT
                    + "). A file registry keeps its own.")
    java.nio.file.Path audit;

    ModelRegistry open(Map<String, String> env) {
        return Registries.open(location, env, audit);
    }
}
