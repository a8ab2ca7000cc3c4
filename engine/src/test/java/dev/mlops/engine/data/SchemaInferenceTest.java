package dev.mlops.engine.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.engine.LogSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaInferenceTest {

    @TempDir
    Path dir;

    @Test
    void infersTypesNullabilityRangesCategoriesAndUniqueness() throws IOException {
        Path data = dir.resolve("d.csv");
        Files.writeString(data, "id,age,plan,note\nA,30,x,\nB,40,y,n\nC,50,x,\nD,20,x,m\n");
        Schema schema = SchemaInference.infer(data, ReadOptions.DEFAULTS, LogSink.NONE);
        ColumnSchema id = schema.column("id").orElseThrow();
        assertThat(id.unique()).isTrue();
        assertThat(id.nullable()).isFalse();
        ColumnSchema age = schema.column("age").orElseThrow();
        assertThat(age.type()).isEqualTo(ColumnType.INTEGER);
        assertThat(age.min()).isEqualTo("20");
        assertThat(age.max()).isEqualTo("50");
        assertThat(age.severityOf("min")).isEqualTo(Severity.WARNING);
        assertThat(age.unique()).isTrue();
        ColumnSchema plan = schema.column("plan").orElseThrow();
        assertThat(plan.allowedValues()).containsExactly("x", "y");
        assertThat(plan.unique()).isFalse();
        ColumnSchema note = schema.column("note").orElseThrow();
        assertThat(note.nullable()).isNull();
        assertThat(note.maxNullFraction()).isEqualTo(0.75);
    }

    @Test
    void theInferredSchemaAcceptsItsOwnData() throws IOException {
        Path data = Path.of("../examples/data/train.csv");
        Schema schema = SchemaInference.infer(data, ReadOptions.DEFAULTS, LogSink.NONE);
        Path written = dir.resolve("schema.yaml");
        Files.writeString(written, SchemaWriter.toYaml(schema, "test"));
        ValidationReport report = Validator.validate(data, ReadOptions.DEFAULTS, SchemaParser.parse(written), null,
                LogSink.NONE);
        assertThat(report.violations()).isEmpty();
    }
}
