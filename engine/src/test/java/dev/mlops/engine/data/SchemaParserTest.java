package dev.mlops.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.engine.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaParserTest {

    @TempDir
    Path dir;

    private Path schema(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void readsEveryRuleWithPlainAndSeverityForms() throws IOException {
        Schema s = SchemaParser.parse(schema("s.yaml", """
                version: 1
                dataset: {minRows: 10, maxRows: {value: 100, severity: warning}, allowUnknownColumns: true}
                columns:
                  id: {type: string, unique: true, regex: "C[0-9]+"}
                  age: {type: integer, nullable: false, min: 0, max: {value: 120, severity: warning}, severity: warning}
                  plan: {allowedValues: [a, b], required: false, maxNullFraction: 0.1}
                  score: {type: double, allowNonFinite: true}
                distribution: {meanShift: 1.5, severity: error}
                """));
        assertThat(s.minRows()).isEqualTo(10);
        assertThat(s.maxRows()).isEqualTo(100);
        assertThat(s.severityOf("maxRows")).isEqualTo(Severity.WARNING);
        assertThat(s.severityOf("minRows")).isEqualTo(Severity.ERROR);
        assertThat(s.allowUnknownColumns()).isTrue();
        ColumnSchema age = s.column("age").orElseThrow();
        assertThat(age.type()).isEqualTo(ColumnType.INTEGER);
        assertThat(age.nullable()).isFalse();
        assertThat(age.min()).isEqualTo("0");
        assertThat(age.max()).isEqualTo("120");
        assertThat(age.severityOf("nullable")).isEqualTo(Severity.WARNING);
        ColumnSchema plan = s.column("plan").orElseThrow();
        assertThat(plan.type()).isNull();
        assertThat(plan.required()).isFalse();
        assertThat(plan.allowedValues()).containsExactly("a", "b");
        assertThat(plan.maxNullFraction()).isEqualTo(0.1);
        assertThat(s.column("id").orElseThrow().unique()).isTrue();
        assertThat(s.column("score").orElseThrow().allowNonFinite()).isTrue();
        assertThat(s.distribution().meanShift()).isEqualTo(1.5);
        assertThat(s.distribution().stdRatio()).isEqualTo(DistributionOptions.DEFAULTS.stdRatio());
        assertThat(s.distribution().severity()).isEqualTo(Severity.ERROR);
    }

    @Test
    void readsJsonSchemas() throws IOException {
        Schema s = SchemaParser.parse(schema("s.json", "{\"columns\": {\"a\": {\"type\": \"double\", \"min\": 0.5}}}"));
        assertThat(s.column("a").orElseThrow().min()).isEqualTo("0.5");
    }

    @Test
    void unknownRuleNamesTheFieldPath() throws IOException {
        Path f = schema("s.yaml", "columns:\n  age: {type: integer, maxx: 3}\n");
        assertThatThrownBy(() -> SchemaParser.parse(f)).isInstanceOf(InputException.class)
                .hasMessageStartingWith(f + ": columns.age.maxx: unknown rule 'maxx'; expected one of ");
    }

    @Test
    void unknownTypeListsTheKnownOnes() throws IOException {
        Path f = schema("s.yaml", "columns:\n  age: {type: int}\n");
        assertThatThrownBy(() -> SchemaParser.parse(f)).isInstanceOf(InputException.class)
                .hasMessage(f + ": columns.age.type: unknown type 'int'; expected one of " + ColumnType.names());
    }

    @Test
    void emptyAndCommentOnlySchemasAreRejected() throws IOException {
        Path empty = schema("empty.yaml", "");
        assertThatThrownBy(() -> SchemaParser.parse(empty)).isInstanceOf(InputException.class)
                .hasMessage(empty + ": file is empty");
        Path comments = schema("comments.yaml", "# nothing here\n");
        assertThatThrownBy(() -> SchemaParser.parse(comments)).isInstanceOf(InputException.class)
                .hasMessage(comments + ": schema file is empty");
    }

    @Test
    void malformedYamlNamesTheLine() throws IOException {
        Path f = schema("bad.yaml", "columns:\n  a: {type: string\n  b: 3\n");
        assertThatThrownBy(() -> SchemaParser.parse(f)).isInstanceOf(InputException.class)
                .hasMessageStartingWith(f + ": is not valid YAML: ").hasMessageContaining("(line ");
    }

    @Test
    void valueTypesAreChecked() throws IOException {
        Path f1 = schema("a.yaml", "columns:\n  a: {type: integer, min: low}\n");
        assertThatThrownBy(() -> SchemaParser.parse(f1)).hasMessage(
                f1 + ": columns.a.min: expected a number for a integer column, got 'low'");
        Path f2 = schema("b.yaml", "columns:\n  a: {unique: yes please}\n");
        assertThatThrownBy(() -> SchemaParser.parse(f2)).hasMessageStartingWith(f2 + ": columns.a.unique: expected true or false");
        Path f3 = schema("c.yaml", "columns:\n  a: {nullable: {value: false, severity: fatal}}\n");
        assertThatThrownBy(() -> SchemaParser.parse(f3)).hasMessage(
                f3 + ": columns.a.nullable.severity: unknown severity 'fatal'; expected error or warning");
        Path f4 = schema("d.yaml", "columns:\n  a: {maxNullFraction: 2}\n");
        assertThatThrownBy(() -> SchemaParser.parse(f4)).hasMessage(
                f4 + ": columns.a.maxNullFraction: must be between 0 and 1, got 2.0");
        Path f5 = schema("e.yaml", "version: 2\ncolumns:\n  a: {}\n");
        assertThatThrownBy(() -> SchemaParser.parse(f5)).hasMessageContaining("unsupported schema version 2");
        Path f6 = schema("f.yaml", "dataset: {minRows: 1}\n");
        assertThatThrownBy(() -> SchemaParser.parse(f6)).hasMessageStartingWith(f6 + ": columns: the schema declares no columns");
    }

    @Test
    void writerOutputParsesBackToTheSameSchema() throws IOException {
        Schema original = SchemaParser.parse(schema("s.yaml", """
                dataset: {minRows: 5, allowUnknownColumns: {value: false, severity: warning}}
                columns:
                  id: {type: string, unique: true, regex: "C[0-9]+", nullable: false}
                  age: {type: integer, min: 0, max: {value: 120, severity: warning}, allowedValues: [1, 2]}
                  x: {type: double, maxNullFraction: 0.25, allowNonFinite: true, required: false, severity: warning}
                  day: {type: date, min: "2020-01-01"}
                """));
        Path written = schema("written.yaml", SchemaWriter.toYaml(original, "round trip"));
        Schema reread = SchemaParser.parse(written);
        assertThat(reread.columns()).isEqualTo(original.columns());
        assertThat(reread.severities()).isEqualTo(original.severities());
        assertThat(reread.minRows()).isEqualTo(original.minRows());
        assertThat(reread.distribution()).isEqualTo(original.distribution());
    }
}
