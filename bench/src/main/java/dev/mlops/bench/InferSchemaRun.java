package dev.mlops.bench;

import dev.mlops.engine.LogSink;
import dev.mlops.engine.data.ReadOptions;
import dev.mlops.engine.data.SchemaInference;
import dev.mlops.engine.data.SchemaWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the schema {@code mlops schema infer} would: {@code InferSchemaRun DATA OUT.yaml}. */
public final class InferSchemaRun {

    private InferSchemaRun() {
    }

    public static void main(String[] args) throws Exception {
        Files.writeString(Path.of(args[1]), SchemaWriter.toYaml(SchemaInference.infer(Path.of(args[0]),
                ReadOptions.DEFAULTS, LogSink.NONE), "inferred by bench/datacore.sh"));
    }
}
