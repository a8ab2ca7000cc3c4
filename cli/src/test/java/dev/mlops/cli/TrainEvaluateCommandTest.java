package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainEvaluateCommandTest {

    static final String TRAIN = "../examples/data/train.csv";
    static final String HOLDOUT = "../examples/data/holdout.csv";

    @TempDir
    Path dir;

    @Test
    void trainWritesTheBundleAndAResultWithItsHash() throws IOException {
        Path model = dir.resolve("m.zip");
        Path json = dir.resolve("train.json");
        CliRun run = CliRun.of("train", "--data", TRAIN, "--target", "churned", "--algorithm", "xgboost",
                "--param", "numTrees=20", "--param", "maxDepth=3", "--seed", "42", "--folds", "3",
                "--out", model.toString(), "--json", json.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).startsWith("trained xgboost (classification of 'churned') with 13 features; 3-fold CV "
                + "auc");
        JsonNode r = CliRun.json(json);
        assertThat(r.get("command").asText()).isEqualTo("train");
        assertThat(r.get("status").asText()).isEqualTo("passed");
        assertThat(r.get("params").get("numTrees").asInt()).isEqualTo(20);
        assertThat(r.get("crossValidation").get("scores")).hasSize(3);
        assertThat(r.get("bundle").get("sha256").asText())
                .isEqualTo(dev.mlops.engine.data.Hashing.sha256(model));
        assertThat(r.get("trainingData").get("rows").asLong()).isEqualTo(4000);
    }

    @Test
    void twoSeparateProcessesWriteTheSameBytes() throws Exception {
        List<String> hashes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path model = dir.resolve("p" + i + ".zip");
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(), "train", "--data", TRAIN,
                    "--target", "churned", "--algorithm", "logistic", "--param", "maxIterations=20", "--seed", "7",
                    "--out", model.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("p" + i + ".log").toFile()).start();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(dir.resolve("p" + i + ".log"))).isZero();
            hashes.add(dev.mlops.engine.data.Hashing.sha256(model));
        }
        assertThat(hashes.get(1)).isEqualTo(hashes.get(0));
    }

    @Test
    void evaluateGateExitsElevenOnFailureAndWritesTheReport() throws IOException {
        Path model = dir.resolve("m.zip");
        assertThat(CliRun.of("train", "--data", TRAIN, "--target", "churned", "--algorithm", "logistic",
                "--param", "maxIterations=30", "--seed", "1", "--out", model.toString()).exitCode()).isZero();
        Path json = dir.resolve("eval.json");
        Path html = dir.resolve("eval.html");
        CliRun pass = CliRun.of("evaluate", "--model", model.toString(), "--data", HOLDOUT, "--threshold",
                "auc>=0.6", "--min-improvement", "auc=0", "--slice", "plan", "--json", json.toString(), "--html",
                html.toString());
        assertThat(pass.exitCode()).as(pass.err()).isEqualTo(ExitCodes.OK);
        assertThat(pass.out()).contains("passed threshold: auc = ").contains("skipped min-improvement")
                .contains("note: no champion yet");
        JsonNode r = CliRun.json(json);
        assertThat(r.get("status").asText()).isEqualTo("passed");
        assertThat(r.get("metrics").get("auc").asDouble()).isBetween(0.6, 1.0);
        assertThat(r.get("checks")).hasSize(2);
        assertThat(r.get("slices")).hasSize(3);
        assertThat(r.get("confusion").get("matrix")).hasSize(2);
        assertThat(Files.readString(html)).contains("Evaluation gate").contains("<polyline")
                .contains("Confusion matrix").doesNotContain("http");

        CliRun fail = CliRun.of("evaluate", "--model", model.toString(), "--data", HOLDOUT, "--threshold",
                "auc>=0.99", "--json", json.toString());
        assertThat(fail.exitCode()).isEqualTo(ExitCodes.GATE_FAILED);
        assertThat(CliRun.json(json).get("status").asText()).isEqualTo("failed");
    }

    @Test
    void badInputsGiveTheDocumentedExitCodes() throws IOException {
        Path model = dir.resolve("m.zip");
        CliRun noTarget = CliRun.of("train", "--data", TRAIN, "--target", "nope", "--algorithm", "cart", "--seed",
                "1", "--out", model.toString());
        assertThat(noTarget.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(noTarget.err()).contains("column 'nope': target column is not in the data");
        assertThat(model).doesNotExist();

        CliRun badAlgorithm = CliRun.of("train", "--data", TRAIN, "--target", "churned", "--algorithm", "svm",
                "--seed", "1", "--out", model.toString());
        assertThat(badAlgorithm.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badAlgorithm.err()).contains("--algorithm: unknown 'svm'; expected one of logistic, linear, "
                + "xgboost, cart, random-forest");
        assertThat(CliRun.of("train", "--data", TRAIN, "--target", "churned", "--algorithm", "cart", "--out",
                model.toString()).exitCode()).as("--seed is required").isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.of("train", "--data", TRAIN, "--target", "churned", "--algorithm", "cart", "--seed", "1",
                "--search", "grid", "--out", model.toString()).err()).contains("--search needs --space FILE");

        CliRun notABundle = CliRun.of("evaluate", "--model", TRAIN, "--data", HOLDOUT);
        assertThat(notABundle.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(notABundle.err()).contains("is not an mlops model bundle");
        CliRun badThreshold = CliRun.of("evaluate", "--model", TRAIN, "--data", HOLDOUT, "--threshold", "auc=0.9");
        assertThat(badThreshold.exitCode()).isEqualTo(ExitCodes.USAGE);
    }
}
