package dev.mlops.cli;

import dev.mlops.engine.AtomicFiles;
import dev.mlops.engine.data.Schema;
import dev.mlops.engine.data.SchemaInference;
import dev.mlops.engine.data.SchemaWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mlops schema}: work with schema files. */
@Command(name = "schema", mixinStandardHelpOptions = true, description = "Work with dataset schemas.",
        subcommands = SchemaCommand.Infer.class)
final class SchemaCommand {

    @Command(name = "infer", mixinStandardHelpOptions = true,
            description = "Infer a schema from a reference dataset, for you to review and edit.")
    static final class Infer extends EngineCommand {

        @Option(names = "--data", required = true, paramLabel = "FILE", description = "The reference dataset.")
        Path data;

        @Option(names = "--out", required = true, paramLabel = "FILE",
                description = "Where to write the schema (YAML for .yaml/.yml).")
        Path out;

        @Mixin
        ReadOptionsMixin read;

        @Override
        Outcome run() throws Exception {
            Schema schema = SchemaInference.infer(data, read.toReadOptions(), log());
            AtomicFiles.write(out, SchemaWriter.toYaml(schema, "mlops schema inferred from " + data.getFileName()
                    + ": review it before relying on it (docs/schema.md).\n"
                    + "Ranges are warnings; types, nulls, value sets and uniqueness are errors."));
            out().printf("inferred a schema for %d columns from %s -> %s%n", schema.columns().size(), data, out);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("schemaPath", out.toString());
            fields.put("columns", schema.columns().stream().map(c -> Map.of("name", c.name(), "type",
                    c.type().id())).toList());
            return Outcome.passed(fields);
        }
    }
}
