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
        Files.writeString(data, "id,age,plan,note,delta\nA,30,x,,-1.5\nB,40,y,n,2\nC,50,x,,0.5\nD,20,x,m,3\n");
        Schema schema = SchemaInference.infer(data, ReadOptions.DEFAULTS, LogSink.NONE);
        ColumnSchema id = schema.column("id").orElseThrow();
        assertThat(id.unique()).isTrue();
        assertThat(id.nullable()).isFalse();
        ColumnSchema age = schema.column("age").orElseThrow();
        assertThat(age.type()).isEqualTo(ColumnType.INTEGER);
        assertThat(age.min()).as("never negative: must stay so").isEqualTo("0");
        assertThat(age.severityOf("min")).isEqualTo(Severity.ERROR);
        assertThat(age.max()).isEqualTo("50");
        assertThat(age.severityOf("max")).isEqualTo(Severity.WARNING);
        ColumnSchema delta = schema.column("delta").orElseThrow();
        assertThat(delta.type()).isEqualTo(ColumnType.DOUBLE);
        assertThat(delta.min()).as("negative values seen: the observed range, as a warning").isEqualTo("-1.5");
        assertThat(delta.severityOf("min")).isEqualTo(Severity.WARNING);
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

    @Test
    void aNegativeValueInANeverNegativeColumnIsAnError() throws IOException {
        Schema schema = SchemaInference.infer(Path.of("../examples/data/train.csv"), ReadOptions.DEFAULTS,
                LogSink.NONE);
        Path written = dir.resolve("schema.yaml");
        Files.writeString(written, SchemaWriter.toYaml(schema, "test"));
        java.util.List<String> lines = Files.readAllLines(Path.of("../examples/data/holdout.csv"));
        java.util.List<String> header = java.util.List.of(lines.get(0).split(","));
        String[] row = lines.get(1).split(",", -1);
        row[header.indexOf("age")] = "-4";
        lines.set(1, String.join(",", row));
        Path data = Files.write(dir.resolve("negative-age.csv"), lines);
        ValidationReport report = Validator.validate(data, ReadOptions.DEFAULTS, SchemaParser.parse(written), null,
                LogSink.NONE);
        assertThat(report.violations().stream().filter(v -> v.severity() == Severity.ERROR).toList())
                .singleElement().satisfies(v -> {
                    assertThat(v.column()).isEqualTo("age");
                    assertThat(v.rule()).isEqualTo("min");
                });
    }
}
