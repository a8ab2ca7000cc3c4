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

    ModelRegistry open(Map<String, String> env) {
        return Registries.open(location, env);
    }
}
