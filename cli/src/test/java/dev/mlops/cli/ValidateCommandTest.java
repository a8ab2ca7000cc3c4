package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {

    static final Path TRAIN = Path.of("../examples/data/train.csv");
    static final Path CURRENT = Path.of("../examples/data/current.csv");
    static final Path SCHEMA = Path.of("../examples/data/churn.schema.yaml");

    @TempDir
    Path dir;

    @Test
    void passingValidationWritesTheResultEnvelopeAndReport() throws IOException {
        Path json = dir.resolve("out/result.json");
        Path html = dir.resolve("report.html");
        CliRun run = CliRun.of("validate", "--data", TRAIN.toString(), "--schema", SCHEMA.toString(),
                "--json", json.toString(), "--html", html.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).startsWith("PASSED: " + TRAIN + " (4000 rows, 9 columns): 0 error(s), 0 warning(s)");
        JsonNode result = CliRun.json(json);
        assertThat(result.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(result.get("command").asText()).isEqualTo("validate");
        assertThat(result.get("status").asText()).isEqualTo("passed");
        assertThat(Instant.parse(result.get("startedAt").asText())).isBefore(Instant.now());
        assertThat(result.get("durationMs").asLong()).isNotNegative();
        assertThat(result.get("dataset").get("rows").asLong()).isEqualTo(4000);
        assertThat(result.get("dataset").get("sha256").asText()).hasSize(64);
        assertThat(result.get("violations")).isEmpty();
        assertThat(result.get("profile").get("columns")).hasSize(9);
        assertThat(Files.readString(html)).contains("Data validation").contains("status passed");
    }

    @Test
    void violationsExitTenAndAreListedWithExamples() throws IOException {
        Path json = dir.resolve("result.json");
        CliRun run = CliRun.of("validate", "--data", CURRENT.toString(), "--schema", SCHEMA.toString(),
                "--json", json.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.DATA_INVALID);
        assertThat(run.out()).contains("error allowedValues [plan]");
        JsonNode result = CliRun.json(json);
        assertThat(result.get("status").asText()).isEqualTo("failed");
        assertThat(result.get("exitCode").asInt()).isEqualTo(10);
        JsonNode violation = result.get("violations").get(0);
        assertThat(violation.get("rule").asText()).isEqualTo("allowedValues");
        assertThat(violation.get("column").asText()).isEqualTo("plan");
        assertThat(violation.get("severity").asText()).isEqualTo("error");
        assertThat(violation.get("examples").get(0).get("value").asText()).isEqualTo("enterprise");
        assertThat(violation.get("examples").get(0).get("row").asLong()).isPositive();
    }

    @Test
    void failOnControlsTheVerdict() {
        assertThat(CliRun.of("validate", "--data", CURRENT.toString(), "--schema", SCHEMA.toString(),
                "--fail-on", "never").exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(CliRun.of("validate", "--data", CURRENT.toString(), "--schema", SCHEMA.toString(),
                "--fail-on", "warning").exitCode()).isEqualTo(ExitCodes.DATA_INVALID);
    }

    @Test
    void referenceProfileAddsDistributionWarningsThatFailOnWarning() throws IOException {
        Path profile = dir.resolve("train.profile.json");
        assertThat(CliRun.of("profile", "--data", TRAIN.toString(), "--out", profile.toString()).exitCode())
                .isEqualTo(ExitCodes.OK);
        Path schema = dir.resolve("open.yaml");
        Files.writeString(schema, "columns:\n  age: {type: integer}\ndataset: {allowUnknownColumns: true}\n");
        CliRun lenient = CliRun.of("validate", "--data", CURRENT.toString(), "--schema", schema.toString(),
                "--reference", profile.toString());
        assertThat(lenient.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(lenient.out()).contains("warning distribution.mean [age]");
        CliRun strict = CliRun.of("validate", "--data", CURRENT.toString(), "--schema", schema.toString(),
                "--reference", profile.toString(), "--fail-on", "warning");
        assertThat(strict.exitCode()).isEqualTo(ExitCodes.DATA_INVALID);
    }

    @Test
    void unusableInputExitsThreeWithAnErrorResultNamingTheFile() throws IOException {
        Path ragged = dir.resolve("ragged.csv");
        Files.writeString(ragged, "a,b\n1,2\n3,4,5\n");
        Path json = dir.resolve("result.json");
        CliRun run = CliRun.of("validate", "--data", ragged.toString(), "--schema", SCHEMA.toString(),
                "--json", json.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(run.err()).contains("mlops validate: " + ragged + ": line 3 (data row 2): ")
                .doesNotContain("Exception").doesNotContain("\tat ");
        JsonNode result = CliRun.json(json);
        assertThat(result.get("status").asText()).isEqualTo("error");
        assertThat(result.get("exitCode").asInt()).isEqualTo(3);
        assertThat(result.get("error").get("kind").asText()).isEqualTo("input");
        assertThat(result.get("error").get("file").asText()).isEqualTo(ragged.toString());
    }

    @Test
    void invalidSchemaExitsThree() throws IOException {
        Path schema = dir.resolve("bad.yaml");
        Files.writeString(schema, "columns:\n  age: {type: int}\n");
        CliRun run = CliRun.of("validate", "--data", TRAIN.toString(), "--schema", schema.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(run.err()).contains(schema + ": columns.age.type: unknown type 'int'");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(CliRun.of("validate", "--data", TRAIN.toString()).exitCode()).isEqualTo(ExitCodes.USAGE);
        CliRun badFailOn = CliRun.of("validate", "--data", TRAIN.toString(), "--schema", SCHEMA.toString(),
                "--fail-on", "sometimes");
        assertThat(badFailOn.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badFailOn.err()).contains("expected error, warning or never");
        assertThat(CliRun.of("validate", "--data", TRAIN.toString(), "--schema", SCHEMA.toString(),
                "--delimiter", ";;").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.of("no-such-command").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void readOptionsReachTheLoader() throws IOException {
        Path data = dir.resolve("semi.txt");
        Files.writeString(data, "1;NA\n2;3\n");
        Path schema = dir.resolve("s.yaml");
        Files.writeString(schema, "columns:\n  column1: {type: integer}\n  column2: {type: integer, nullable: false}\n");
        CliRun run = CliRun.of("validate", "--data", data.toString(), "--schema", schema.toString(),
                "--delimiter", ";", "--no-header", "--null-value", "NA");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.DATA_INVALID);
        assertThat(run.out()).contains("error nullable [column2]").contains("row 1: null");
    }

    @Test
    void trainAfterValidateOnTheSameFileReusesItsProfile() throws IOException {
        String before = System.getProperty("mlops.cache");
        System.setProperty("mlops.cache", dir.resolve("cache").toString());
        try {
            Path data = Files.copy(TRAIN, dir.resolve("train.csv"));
            CliRun validate = CliRun.of("validate", "--data", data.toString(), "--schema", SCHEMA.toString(),
                    "--no-lineage");
            assertThat(validate.exitCode()).as(validate.err()).isZero();
            assertThat(validate.err()).contains("profiling 9 columns");
            CliRun train = CliRun.of("train", "--data", data.toString(), "--target", "churned", "--algorithm", "cart",
                    "--seed", "1", "--out", dir.resolve("m.zip").toString(), "--no-lineage");
            assertThat(train.exitCode()).as(train.err()).isZero();
            assertThat(train.err()).contains("reusing the profile of " + data).doesNotContain("profiling 9 columns");
        } finally {
            if (before == null) {
                System.clearProperty("mlops.cache");
            } else {
                System.setProperty("mlops.cache", before);
            }
        }
    }
}
