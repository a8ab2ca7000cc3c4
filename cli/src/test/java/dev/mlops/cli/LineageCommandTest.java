package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.engine.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lineage across commands, the audit trail, and reproduction from the lineage. */
class LineageCommandTest {

    @TempDir
    Path dir;

    @Test
    void stepsBuildOneRecordThatReproducesTheModel() throws IOException {
        Path data = Files.copy(Path.of("../examples/data/train.csv"), dir.resolve("train.csv"));
        Path lineage = dir.resolve("lineage.json");
        String registry = "file:" + dir.resolve("reg");
        Path model = dir.resolve("model.zip");
        String l = lineage.toString();
        assertThat(CliRun.of("validate", "--data", data.toString(), "--schema", "../examples/data/churn.schema.yaml",
                "--lineage", l).exitCode()).isZero();
        assertThat(CliRun.of("train", "--data", data.toString(), "--target", "churned", "--algorithm", "xgboost",
                "--param", "numTrees=10", "--seed", "3", "--out", model.toString(), "--lineage", l).exitCode())
                .isZero();
        assertThat(CliRun.of("evaluate", "--model", model.toString(), "--data", "../examples/data/holdout.csv",
                "--threshold", "auc>=0.5", "--lineage", l).exitCode()).isZero();
        assertThat(CliRun.of("register", "--model", model.toString(), "--name", "churn", "--alias", "candidate",
                "--registry", registry, "--lineage", l).exitCode()).isZero();

        JsonNode record = Json.mapper().readTree(lineage.toFile());
        assertThat(record.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(record.get("steps")).extracting(s -> s.get("command").asText())
                .containsExactly("validate", "train", "evaluate", "register");
        JsonNode train = record.get("steps").get(1);
        assertThat(train.get("inputs").get(0).get("role").asText()).isEqualTo("training-data");
        assertThat(train.get("inputs").get(0).get("sha256").asText())
                .isEqualTo(dev.mlops.engine.data.Hashing.sha256(data));
        assertThat(train.get("inputs").get(0).get("rows").asLong()).isEqualTo(4000);
        assertThat(train.get("params").get("seed").asLong()).isEqualTo(3);
        assertThat(train.get("outputs").get("bundle").get("sha256").asText())
                .isEqualTo(dev.mlops.engine.data.Hashing.sha256(model));
        assertThat(train.get("outputs").get("features")).hasSize(13);
        assertThat(record.get("steps").get(2).get("outputs").get("passed").asBoolean()).isTrue();
        assertThat(record.get("steps").get(3).get("outputs").get("version").asInt()).isEqualTo(1);
        assertThat(record.get("environment").has("java")).isTrue();

        assertThat(CliRun.of("lineage", "show", "--lineage", l).out()).contains("train: passed")
                .contains("in  training-data").contains("register: passed");
        Path html = dir.resolve("lineage.html");
        assertThat(CliRun.of("lineage", "graph", "--html", html.toString(), "--lineage", l).exitCode()).isZero();
        assertThat(Files.readString(html)).contains("<svg").contains("bundle ").contains("churn/1 @candidate")
                .contains("steps[1].params.seed");

        // The registry's audit trail holds the registration and the lineage that produced it.
        Path audit = dir.resolve("reg").resolve("audit.jsonl");
        List<String> entries = Files.readAllLines(audit);
        assertThat(entries).anyMatch(e -> e.contains("\"type\":\"lineage\""));
        CliRun intact = CliRun.of("audit", "verify", "--registry", registry);
        assertThat(intact.exitCode()).as(intact.out()).isZero();
        assertThat(intact.out()).contains("intact");

        CliRun reproduced = CliRun.of("reproduce", "--lineage", l);
        assertThat(reproduced.exitCode()).as(reproduced.err()).isZero();
        assertThat(reproduced.out()).startsWith("reproduced: the bundle is byte-identical");

        // One changed byte of training data: reproduction refuses, naming the file.
        byte[] bytes = Files.readAllBytes(data);
        bytes[bytes.length - 3] = (byte) (bytes[bytes.length - 3] == '1' ? '0' : '1');
        Files.write(data, bytes);
        CliRun changed = CliRun.of("reproduce", "--lineage", l);
        assertThat(changed.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(changed.err()).contains(data + ": changed since the recorded run");

        // Truncating the audit trail is detected.
        Files.write(audit, entries.subList(0, entries.size() - 1));
        CliRun truncated = CliRun.of("audit", "verify", "--log", audit.toString());
        assertThat(truncated.exitCode()).isEqualTo(ExitCodes.AUDIT_FAILED);
        assertThat(truncated.out()).contains("truncated");
    }

    @Test
    void aBundleThatDoesNotMatchItsRecordedRunIsReportedWithWhatDiffers() throws IOException {
        Path data = Files.copy(Path.of("../examples/data/train.csv"), dir.resolve("train.csv"));
        Path lineage = dir.resolve("lineage.json");
        Path model = dir.resolve("model.zip");
        // subsampled trees: the seed changes the model
        assertThat(CliRun.of("train", "--data", data.toString(), "--target", "churned", "--algorithm", "xgboost",
                "--param", "numTrees=5", "--param", "subsample=0.8", "--seed", "3", "--out", model.toString(),
                "--lineage", lineage.toString()).exitCode()).isZero();
        // Replace the bundle with one from another seed and make the record claim it: the record now lies.
        assertThat(CliRun.of("train", "--data", data.toString(), "--target", "churned", "--algorithm", "xgboost",
                "--param", "numTrees=5", "--param", "subsample=0.8", "--seed", "4", "--out", model.toString(),
                "--no-lineage").exitCode()).isZero();
        ObjectNode record = (ObjectNode) Json.mapper().readTree(lineage.toFile());
        ((ObjectNode) record.get("steps").get(0).get("outputs").get("bundle"))
                .put("sha256", dev.mlops.engine.data.Hashing.sha256(model));
        Files.writeString(lineage, Json.write(record));
        Path json = dir.resolve("r.json");
        CliRun run = CliRun.of("reproduce", "--lineage", lineage.toString(), "--json", json.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.AUDIT_FAILED);
        assertThat(run.out()).startsWith("NOT reproduced").contains("metadata.seed differs")
                .contains("model bytes differ");
        assertThat(CliRun.json(json).get("identical").asBoolean()).isFalse();
    }

    /**
     * Forests took {@code lambda} later, with a new default (0; XGBoost's 1 before), and {@code dropConstantFeatures}
     * (1; 0 before): a run recorded before, without them, is reproduced at the values the engine then used, and one
     * recorded now at the values it recorded.
     */
    @Test
    void aParameterAddedLaterIsReproducedAtTheValueTheRunUsed() throws IOException {
        Path data = Files.copy(Path.of("../examples/data/train.csv"), dir.resolve("train.csv"));
        Path before = dir.resolve("before.json");
        // What an earlier engine recorded: neither parameter anywhere (at their former values they are left out of
        // a model's parameters).
        assertThat(CliRun.of("train", "--data", data.toString(), "--target", "churned", "--algorithm",
                "random-forest", "--param", "numTrees=10", "--param", "lambda=1", "--param", "dropConstantFeatures=0",
                "--seed", "3", "--out", dir.resolve("before.zip").toString(), "--lineage", before.toString())
                .exitCode()).isZero();
        ObjectNode record = (ObjectNode) Json.mapper().readTree(before.toFile());
        JsonNode train = record.get("steps").get(0);
        assertThat(train.get("outputs").get("chosenParams").has("lambda")).isFalse();
        assertThat(train.get("outputs").get("chosenParams").has("dropConstantFeatures")).isFalse();
        ((ObjectNode) train.get("params").get("params")).remove("lambda");
        ((ObjectNode) train.get("params").get("params")).remove("dropConstantFeatures");
        Files.writeString(before, Json.write(record));
        CliRun old = CliRun.of("reproduce", "--lineage", before.toString());
        assertThat(old.exitCode()).as(old.out() + old.err()).isZero();
        assertThat(old.out()).startsWith("reproduced: the bundle is byte-identical");

        Path now = dir.resolve("now.json");
        assertThat(CliRun.of("train", "--data", data.toString(), "--target", "churned", "--algorithm",
                "random-forest", "--param", "numTrees=10", "--seed", "3", "--out", dir.resolve("now.zip").toString(),
                "--lineage", now.toString()).exitCode()).isZero();
        JsonNode chosenNow = Json.mapper().readTree(now.toFile()).get("steps").get(0).get("outputs")
                .get("chosenParams");
        assertThat(chosenNow.get("lambda").asDouble()).isZero();
        assertThat(chosenNow.get("dropConstantFeatures").asInt()).isEqualTo(1);
        assertThat(Files.readAllBytes(dir.resolve("now.zip")))
                .isNotEqualTo(Files.readAllBytes(dir.resolve("before.zip")));
        CliRun current = CliRun.of("reproduce", "--lineage", now.toString());
        assertThat(current.exitCode()).as(current.out() + current.err()).isZero();
        assertThat(current.out()).startsWith("reproduced: the bundle is byte-identical");
    }

    /** A run of the SGD logistic of earlier engines (issue 16 replaced it) is refused with the reason, not retrained. */
    @Test
    void aRunWithParametersThisEngineNoLongerTakesIsRefusedWithTheReason() throws IOException {
        Path data = Files.copy(Path.of("../examples/data/train.csv"), dir.resolve("train.csv"));
        Path lineage = dir.resolve("lineage.json");
        assertThat(CliRun.of("train", "--data", data.toString(), "--target", "churned", "--algorithm", "logistic",
                "--seed", "3", "--out", dir.resolve("model.zip").toString(), "--lineage", lineage.toString())
                .exitCode()).isZero();
        ObjectNode record = (ObjectNode) Json.mapper().readTree(lineage.toFile());
        ObjectNode params = (ObjectNode) record.get("steps").get(0).get("params").get("params");
        params.removeAll();
        params.put("epochs", 10).put("learningRate", 0.1).put("minibatchSize", 1);
        Files.writeString(lineage, Json.write(record));

        CliRun run = CliRun.of("reproduce", "--lineage", lineage.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(run.err()).contains("lineage.json").contains("records parameters that this engine's logistic "
                + "does not take").contains("'epochs'").contains("reproduce it with that engine");
    }

    @Test
    void theSameModelRecordedByOtherVersionsIsReproducedAndTheVersionsNamed() throws IOException {
        Path data = Files.copy(Path.of("../examples/data/train.csv"), dir.resolve("train.csv"));
        Path lineage = dir.resolve("lineage.json");
        Path model = dir.resolve("model.zip");
        assertThat(CliRun.of("train", "--data", data.toString(), "--target", "churned", "--algorithm", "cart",
                "--seed", "3", "--out", model.toString(), "--lineage", lineage.toString()).exitCode()).isZero();
        // The same model as an engine with another DuckDB on another Java would have recorded it: only the
        // versions in metadata.json change (the content hash covers the other entries, kept byte for byte).
        Path other = dir.resolve("other.zip");
        try (var in = new java.util.zip.ZipInputStream(Files.newInputStream(model));
             var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(other))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] content = in.readAllBytes();
                if (e.getName().equals("metadata.json")) {
                    ObjectNode meta = (ObjectNode) Json.mapper().readTree(content);
                    ((ObjectNode) meta.get("versions")).put("duckdb", "v0.9.2").put("java", "25.0.1");
                    content = Json.write(meta).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                }
                out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                out.write(content);
            }
        }
        Files.move(other, model, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ObjectNode record = (ObjectNode) Json.mapper().readTree(lineage.toFile());
        ((ObjectNode) record.get("steps").get(0).get("outputs").get("bundle"))
                .put("sha256", dev.mlops.engine.data.Hashing.sha256(model));
        Files.writeString(lineage, Json.write(record));
        CliRun run = CliRun.of("reproduce", "--lineage", lineage.toString());
        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out()).startsWith("reproduced: the same model, features and metadata; the bundle differs only "
                + "in the versions that recorded it")
                .contains("version mismatch: duckdb was v0.9.2 when recorded, is "
                        + dev.mlops.engine.EngineVersion.components().get("duckdb") + " now")
                .contains("version mismatch: java was 25.0.1 when recorded")
                .doesNotContain("metadata.versions differs").doesNotContain("model bytes differ")
                .doesNotContain("fitted features differ");
    }

    @Test
    void lineageMergeJoinsCopiesOfOneRunAndSkipsOrRefusesOthers() throws IOException {
        Path data = Path.of("../examples/data/train.csv");
        Path left = dir.resolve("left.json");
        Path right = dir.resolve("right.json");
        Path stale = dir.resolve("stale.json");
        Map<String, String> build = Map.of("JOB_NAME", "churn", "BUILD_NUMBER", "3", "MLOPS_RUN_ID", "jenkins:churn#3");
        assertThat(CliRun.withEnv(build, "validate", "--data", data.toString(), "--schema",
                "../examples/data/churn.schema.yaml", "--lineage", left.toString()).exitCode()).isZero();
        assertThat(CliRun.withEnv(build, "validate", "--data", "../examples/data/holdout.csv", "--schema",
                "../examples/data/churn.schema.yaml", "--lineage", right.toString()).exitCode()).isZero();
        assertThat(CliRun.withEnv(Map.of("JOB_NAME", "churn", "BUILD_NUMBER", "2", "MLOPS_RUN_ID", "jenkins:churn#2"),
                "validate", "--data", data.toString(), "--schema", "../examples/data/churn.schema.yaml",
                "--lineage", stale.toString()).exitCode()).isZero();

        Path merged = dir.resolve("merged.json");
        Path graph = dir.resolve("reports/graph.html");
        CliRun run = CliRun.of("lineage", "merge", "--run-id", "jenkins:churn#3", "--out", merged.toString(),
                "--html", graph.toString(), left.toString(), stale.toString(), right.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("skipped " + stale).contains("2 steps");
        JsonNode record = Json.mapper().readTree(merged.toFile());
        assertThat(record.get("runId").asText()).isEqualTo("jenkins:churn#3");
        assertThat(record.get("steps")).extracting(s -> s.get("inputs").get(0).get("path").asText())
                .containsExactly(data.toString(), "../examples/data/holdout.csv");
        assertThat(graph).exists();
        assertThat(graph.resolveSibling("mlops-report.css")).exists();

        // The merged record merged into itself again is unchanged: the plugin does this after every step.
        assertThat(CliRun.of("lineage", "merge", "--run-id", "jenkins:churn#3", "--out", merged.toString(),
                merged.toString(), left.toString()).exitCode()).isZero();
        assertThat(Json.mapper().readTree(merged.toFile())).isEqualTo(record);

        CliRun mixed = CliRun.of("lineage", "merge", "--out", dir.resolve("x.json").toString(), left.toString(),
                stale.toString());
        assertThat(mixed.exitCode()).isEqualTo(3);
        assertThat(mixed.err()).contains(stale.toString()).contains("jenkins:churn#2");
        assertThat(dir.resolve("x.json")).doesNotExist();
    }

    @Test
    void reportsCarryNoInlineStyleAndLinkTheStylesheetWrittenBesideThem() throws IOException {
        // Jenkins serves build files and artifacts with "style-src 'self'": inline <style> and style="" are dropped.
        Path data = Path.of("../examples/data/train.csv");
        Path model = dir.resolve("m.zip");
        Path reports = dir.resolve("reports");
        assertThat(CliRun.of("validate", "--data", "../examples/data/current.csv", "--schema",
                "../examples/data/churn.schema.yaml", "--html", reports.resolve("validate.html").toString())
                .exitCode()).isEqualTo(10);
        assertThat(CliRun.of("train", "--data", data.toString(), "--target", "churned", "--algorithm", "logistic",
                "--seed", "1", "--out", model.toString()).exitCode()).isZero();
        assertThat(CliRun.of("evaluate", "--model", model.toString(), "--data", "../examples/data/holdout.csv",
                "--baseline", model.toString(), "--html", reports.resolve("evaluate.html").toString()).exitCode())
                .isZero();
        assertThat(CliRun.of("monitor", "--reference", data.toString(), "--current", "../examples/data/current.csv",
                "--html", reports.resolve("drift.html").toString()).exitCode()).isEqualTo(12);
        for (String page : List.of("validate.html", "evaluate.html", "drift.html")) {
            String html = Files.readString(reports.resolve(page));
            assertThat(html).as(page).doesNotContain("<style").doesNotContain("style=\"")
                    .contains("<link rel=\"stylesheet\" href=\"mlops-report.css\">");
        }
        assertThat(Files.readString(reports.resolve("evaluate.html"))).contains("fill=\"#8250df\"");
        assertThat(Files.readString(reports.resolve("mlops-report.css"))).contains(".status").contains("svg.swatch");
    }
}
