package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryCommandTest {

    @TempDir
    Path dir;

    @Test
    void registerAliasRollbackHistoryVerifyAndGateAgainstProduction() throws IOException {
        Path model = dir.resolve("m.zip");
        assertThat(CliRun.of("train", "--data", "../examples/data/train.csv", "--target", "churned", "--algorithm",
                "logistic", "--param", "maxIterations=20", "--seed", "1", "--out", model.toString()).exitCode()).isZero();
        String registry = "file:" + dir.resolve("reg");
        Path json = dir.resolve("r.json");
        CliRun first = CliRun.of("register", "--model", model.toString(), "--name", "churn", "--alias", "production",
                "--tag", "team=risk", "--registry", registry, "--json", json.toString(), "--no-lineage");
        assertThat(first.exitCode()).as(first.err()).isZero();
        JsonNode r = CliRun.json(json);
        assertThat(r.get("version").asInt()).isEqualTo(1);
        assertThat(r.get("sha256").asText()).isEqualTo(dev.mlops.engine.data.Hashing.sha256(model));
        assertThat(CliRun.of("register", "--model", model.toString(), "--name", "churn", "--registry", registry,
                "--no-lineage").out()).startsWith("registered churn version 2");
        assertThat(CliRun.of("registry", "alias", "--name", "churn", "--alias", "production", "--version", "2",
                "--reason", "better", "--registry", registry).out()).isEqualTo("churn@production -> 2 (was 1)\n");
        assertThat(CliRun.of("registry", "rollback", "--name", "churn", "--reason", "errors", "--registry", registry)
                .out()).isEqualTo("rolled back churn@production: 2 -> 1\n");
        assertThat(CliRun.of("registry", "show", "churn@production", "--registry", registry).out())
                .startsWith("churn/1 ");
        assertThat(CliRun.of("registry", "history", "--name", "churn", "--alias", "production", "--registry",
                registry).out()).contains("(was 1) by").contains(": errors");
        assertThat(CliRun.of("registry", "tag", "--name", "churn", "--version", "2", "--tag", "approved-by=board",
                "--registry", registry).out()).isEqualTo("churn/2 tags {approved-by=board}\n");
        assertThat(CliRun.of("registry", "list", "--filter", "ch?rn*", "--registry", registry).out())
                .startsWith("churn ");
        assertThat(CliRun.of("registry", "list", "--filter", "fraud*", "--registry", registry).out()).isEmpty();
        Path dl = dir.resolve("dl.zip");
        assertThat(CliRun.of("registry", "download", "churn/2", "--out", dl.toString(), "--registry", registry)
                .exitCode()).isZero();
        assertThat(Files.readAllBytes(dl)).isEqualTo(Files.readAllBytes(model));
        CliRun gate = CliRun.of("evaluate", "--model", model.toString(), "--data", "../examples/data/holdout.csv",
                "--baseline-alias", "churn@production", "--min-improvement", "auc=0", "--registry", registry);
        assertThat(gate.exitCode()).as(gate.err()).isZero();
        assertThat(gate.out()).contains("passed min-improvement: auc");
        CliRun firstEver = CliRun.of("evaluate", "--model", model.toString(), "--data",
                "../examples/data/holdout.csv", "--baseline-alias", "fraud@production", "--min-improvement", "auc=0",
                "--registry", registry);
        assertThat(firstEver.exitCode()).isZero();
        assertThat(firstEver.out()).contains("skipped min-improvement");

        // 6 changes and the 2 gate verdicts above (one for fraud, a model still to come).
        assertThat(CliRun.of("registry", "verify", "--registry", registry).out()).contains(": clean (1 models, 2 "
                + "versions, 8 events)");
        Path log = dir.resolve("reg").resolve("audit.jsonl");
        Files.writeString(log, Files.readString(log).replace("\"team\":\"risk\"", "\"team\":\"fraud\""));
        CliRun tampered = CliRun.of("registry", "verify", "--registry", registry);
        assertThat(tampered.exitCode()).isEqualTo(ExitCodes.AUDIT_FAILED);
        assertThat(tampered.out()).contains("line 1: edited");
    }

    @Test
    void badNamesAndUnknownVersionsExitThree() throws IOException {
        Path model = Files.writeString(dir.resolve("m.zip"), "x");
        String registry = "file:" + dir.resolve("reg");
        CliRun bad = CliRun.of("register", "--model", model.toString(), "--name", "../../etc", "--registry", registry);
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(bad.err()).contains("invalid model name '../../etc'");
        assertThat(dir.resolve("reg").resolve("audit.jsonl")).doesNotExist();
        assertThat(CliRun.of("registry", "show", "churn/4", "--registry", registry).exitCode())
                .isEqualTo(ExitCodes.INPUT);
        assertThat(CliRun.of("registry", "alias", "--name", "churn", "--alias", "production", "--registry", registry)
                .exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void registerRefusesAFileThatIsNotABundleWithExitThreeAndChangesNothing() throws IOException {
        Path model = dev.mlops.engine.train.TestBundles.write(dir.resolve("m.zip"), new byte[] {1});
        String registry = "file:" + dir.resolve("reg");
        assertThat(CliRun.of("register", "--model", model.toString(), "--name", "churn", "--alias", "production",
                "--registry", registry, "--no-lineage").exitCode()).isZero();
        Path log = dir.resolve("reg").resolve("audit.jsonl");
        byte[] before = Files.readAllBytes(log);
        Path csv = Files.copy(Path.of("../examples/data/train.csv"), dir.resolve("train.csv"));
        Path json = dir.resolve("r.json");
        CliRun refused = CliRun.of("register", "--model", csv.toString(), "--name", "churn", "--alias", "production",
                "--registry", registry, "--json", json.toString(), "--no-lineage");
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(refused.err()).contains(csv + ": is not an mlops model bundle");
        assertThat(CliRun.json(json).path("error").path("file").asText()).isEqualTo(csv.toString());
        assertThat(Files.readAllBytes(log)).isEqualTo(before);
        assertThat(CliRun.of("registry", "show", "churn@production", "--registry", registry).out())
                .startsWith("churn/1 ");
    }
}
