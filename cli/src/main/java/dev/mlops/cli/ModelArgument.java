package dev.mlops.cli;

import dev.mlops.engine.LogSink;
import dev.mlops.engine.registry.ModelRef;
import dev.mlops.engine.registry.ModelRegistry;
import dev.mlops.engine.registry.ModelVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A {@code --model} argument: a bundle file, or {@code NAME@ALIAS} / {@code NAME/VERSION} in the registry (downloaded
 * to a temporary file, its hash checked by the registry).
 *
 * @param version the registry version, or null for a bundle file
 */
record ModelArgument(Path bundle, ModelVersion version, ModelRegistry registry) {

    static ModelArgument resolve(String text, RegistryOption registryOption, Map<String, String> env, LogSink log)
            throws IOException {
        Path file = Path.of(text);
        if (Files.isRegularFile(file)) {
            return new ModelArgument(file, null, null);
        }
        ModelRef ref = ModelRef.parse(text);
        ModelRegistry registry = registryOption.open(env);
        ModelVersion v = registry.resolve(ref);
        Path downloaded = download(registry, v);
        log.info(text + " is " + v.name() + " version " + v.version() + " in " + registry.location());
        return new ModelArgument(downloaded, v, registry);
    }

    /** A version's bundle in a temporary file (deleted when the JVM exits), its hash checked by the registry. */
    static Path download(ModelRegistry registry, ModelVersion v) throws IOException {
        Path file = Files.createTempFile("mlops-" + v.name() + "-" + v.version() + "-", ".zip");
        file.toFile().deleteOnExit();
        return registry.download(v.name(), v.version(), file);
    }
}
