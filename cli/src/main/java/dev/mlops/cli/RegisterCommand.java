package dev.mlops.cli;

import dev.mlops.engine.lineage.Lineage;
import dev.mlops.engine.registry.ModelRegistry;
import dev.mlops.engine.registry.ModelVersion;
import dev.mlops.engine.registry.Registries;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mlops register}: store a bundle as the model's next version. */
@Command(name = "register", mixinStandardHelpOptions = true,
        description = "Register a model bundle as the next version of a model, optionally pointing an alias at it.")
final class RegisterCommand extends EngineCommand {

    @Option(names = "--model", required = true, paramLabel = "BUNDLE", description = "The model bundle (zip).")
    Path model;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "The registered model's name.")
    String name;

    @Option(names = "--alias", paramLabel = "ALIAS", description = "Point this alias (e.g. candidate) at the new "
            + "version.")
    String alias;

    @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "A tag on the version; repeatable.")
    Map<String, String> tags = new LinkedHashMap<>();

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why: recorded in the registry's history.")
    String reason;

    @Mixin
    RegistryOption registry;

    @Override
    Outcome run() {
        ModelRegistry r = registry.open(env());
        String actor = Registries.actor(env());
        ModelVersion v = r.register(name, model, tags, actor, reason);
        Optional<Integer> moved = Optional.empty();
        if (alias != null) {
            moved = r.setAlias(name, alias, v.version(), actor, reason != null ? reason : "registered");
        }
        out().printf("registered %s version %d (sha256 %s) in %s%s%n", name, v.version(), v.sha256(), r.location(),
                alias == null ? "" : "; " + name + "@" + alias + " -> " + v.version()
                        + moved.map(p -> " (was " + p + ")").orElse(""));
        out().flush();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("registry", r.location());
        fields.put("name", name);
        fields.put("version", v.version());
        fields.put("sha256", v.sha256());
        fields.put("actor", actor);
        fields.put("tags", v.tags());
        fields.put("source", v.source());
        if (v.runId() != null) {
            fields.put("runId", v.runId());
        }
        if (alias != null) {
            fields.put("alias", alias);
            moved.ifPresent(p -> fields.put("previousVersion", p));
        }
        Path lineageFile = lineageFile();
        if (!noLineage && java.nio.file.Files.isRegularFile(lineageFile)) {
            r.recordLineage(name, v.version(), Lineage.read(lineageFile), actor);
            fields.put("lineageRecorded", true);
        }
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("registry", r.location());
        outputs.put("name", name);
        outputs.put("version", v.version());
        outputs.put("alias", alias);
        return Outcome.passed(fields).withLineage(java.util.List.of(Lineage.file("model", model)),
                Map.of("tags", tags), outputs);
    }
}
