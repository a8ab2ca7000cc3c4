package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaInferCommandTest {

    @TempDir
    Path dir;

    @Test
    void inferredSchemaValidatesItsSourceAndCatchesTheDriftedData() throws IOException {
        Path schema = dir.resolve("schema.yaml");
        Path json = dir.resolve("infer.json");
        CliRun infer = CliRun.of("schema", "infer", "--data", ValidateCommandTest.TRAIN.toString(), "--out",
                schema.toString(), "--json", json.toString());
        assertThat(infer.exitCode()).as(infer.err()).isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(schema)).startsWith("# mlops schema inferred from train.csv")
                .contains("customer_id:").contains("unique: true");
        JsonNode result = CliRun.json(json);
        assertThat(result.get("command").asText()).isEqualTo("schema infer");
        assertThat(result.get("columns")).hasSize(9);

        assertThat(CliRun.of("validate", "--data", ValidateCommandTest.TRAIN.toString(), "--schema",
                schema.toString()).exitCode()).isEqualTo(ExitCodes.OK);
        CliRun drifted = CliRun.of("validate", "--data", ValidateCommandTest.CURRENT.toString(), "--schema",
                schema.toString());
        assertThat(drifted.exitCode()).isEqualTo(ExitCodes.DATA_INVALID);
        assertThat(drifted.out()).contains("error allowedValues [plan]").contains("warning max [monthly_charges]");

        // A negative age: never negative in the reference, so the inferred schema makes it an error (exit 10).
        java.util.List<String> lines = Files.readAllLines(ValidateCommandTest.TRAIN);
        int age = java.util.List.of(lines.get(0).split(",")).indexOf("age");
        String[] row = lines.get(1).split(",", -1);
        row[age] = "-3";
        Path negative = Files.write(dir.resolve("negative.csv"), java.util.List.of(lines.get(0),
                String.join(",", row)));
        CliRun invalid = CliRun.of("validate", "--data", negative.toString(), "--schema", schema.toString());
        assertThat(invalid.exitCode()).isEqualTo(ExitCodes.DATA_INVALID);
        assertThat(invalid.out()).contains("error min [age]");
    }

    @Test
    void missingDataFileExitsThree() {
        CliRun run = CliRun.of("schema", "infer", "--data", dir.resolve("none.csv").toString(), "--out",
                dir.resolve("s.yaml").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(run.err()).contains("none.csv: file not found");
        assertThat(dir.resolve("s.yaml")).doesNotExist();
    }

    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        CliRun help = CliRun.of("--help");
        assertThat(help.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(help.out()).contains("validate").contains("profile").contains("schema")
                .contains("10 data invalid");
        assertThat(CliRun.of("--version").out()).startsWith("mlops ");
    }
}
