package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.mlops.engine.monitor.WebhookSignature;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitorCommandTest {

    static final String TRAIN = TrainEvaluateCommandTest.TRAIN;
    static final String HOLDOUT = TrainEvaluateCommandTest.HOLDOUT;
    static final String CURRENT = "../examples/data/current.csv";

    @Test
    void injectedDriftIsDetectedAndReported(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("monitor.json");
        Path html = dir.resolve("monitor.html");
        Path history = dir.resolve("history.jsonl");
        CliRun ok = CliRun.of("monitor", "--reference", TRAIN, "--current", HOLDOUT, "--history", history.toString(),
                "--lineage", dir.resolve("lineage.json").toString());
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out()).startsWith("NO DRIFT");

        CliRun drift = CliRun.of("monitor", "--reference", TRAIN, "--current", CURRENT, "--json", json.toString(),
                "--html", html.toString(), "--history", history.toString(), "--lineage",
                dir.resolve("lineage.json").toString());
        assertThat(drift.exitCode()).as(drift.err()).isEqualTo(ExitCodes.DRIFT);
        JsonNode r = CliRun.json(json);
        assertThat(r.get("status").asText()).isEqualTo("drift");
        assertThat(r.get("drift").asBoolean()).isTrue();
        assertThat(r.at("/dataDrift/driftedColumns")).extracting(JsonNode::asText)
                .contains("age", "plan", "monthly_charges").doesNotContain("region", "tenure_months");
        assertThat(r.at("/dataDrift/skipped").toString()).contains("customer_id: looks like an identifier")
                .contains("signup_date");
        for (JsonNode c : r.get("columns")) {
            assertThat(c.has("test") && c.has("statistic") && c.has("threshold") && c.has("drifted")).isTrue();
        }
        assertThat(Files.readString(html)).contains("Drift monitor", "monthly_charges", "Drift share over the last 2");
        assertThat(Files.readAllLines(history)).hasSize(2);
        JsonNode lineage = CliRun.json(dir.resolve("lineage.json"));
        assertThat(lineage.toString()).contains("\"command\":\"monitor\"");
    }

    @Test
    void modelAddsPredictionAndConceptDrift(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("model.zip");
        CliRun train = CliRun.of("train", "--data", TRAIN, "--target", "churned", "--algorithm", "logistic",
                "--seed", "3", "--out", model.toString(), "--no-lineage");
        assertThat(train.exitCode()).as(train.err()).isZero();
        Path json = dir.resolve("m.json");
        CliRun steady = CliRun.of("monitor", "--model", model.toString(), "--current", HOLDOUT, "--labels", HOLDOUT,
                "--json", json.toString(), "--no-lineage");
        JsonNode s = CliRun.json(json);
        assertThat(s.at("/reference/kind").asText()).isEqualTo("training profile");
        assertThat(s.path("prediction").isNull()).as("a profile holds no predictions to compare with").isTrue();
        assertThat(s.at("/concept/drifted").asBoolean()).as(steady.out()).isFalse();
        assertThat(steady.exitCode()).as(steady.out() + steady.err()).isZero();

        CliRun drifted = CliRun.of("monitor", "--model", model.toString(), "--reference", TRAIN, "--current", CURRENT,
                "--labels", CURRENT, "--json", json.toString(), "--no-lineage");
        assertThat(drifted.exitCode()).isEqualTo(ExitCodes.DRIFT);
        JsonNode d = CliRun.json(json);
        assertThat(d.at("/columns").toString()).doesNotContain("\"column\":\"churned\"");
        assertThat(d.at("/prediction/test").asText()).isEqualTo("jensenshannon");
        assertThat(d.at("/concept/metric").asText()).isEqualTo("accuracy");
        assertThat(d.at("/concept/windows")).hasSize(3);
        assertThat(d.get("reasons").toString()).contains("concept drift");

        List<String> lines = Files.readAllLines(Path.of(HOLDOUT)).subList(0, 20);
        List<String> bad = new java.util.ArrayList<>(lines);
        bad.set(4, bad.get(4).replaceFirst("^([^,]*),[0-9]+,", "$1,old,"));
        Path badFile = dir.resolve("bad.csv");
        Files.write(badFile, bad);
        CliRun unusable = CliRun.of("monitor", "--model", model.toString(), "--reference", TRAIN, "--current",
                badFile.toString(), "--no-lineage");
        assertThat(unusable.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(unusable.err()).contains("bad.csv, row 4, column 'age'");
    }

    @Test
    void badInputsAreNamed(@TempDir Path dir) throws IOException {
        CliRun noMatch = CliRun.of("monitor", "--reference", TRAIN, "--current", dir + "/incoming/*.csv");
        assertThat(noMatch.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(noMatch.err()).contains("incoming/*.csv").contains("matches no file");

        Path config = dir.resolve("monitor.yaml");
        Files.writeString(config, "columns:\n  age: {test: magic}\n");
        CliRun badConfig = CliRun.of("monitor", "--reference", TRAIN, "--current", HOLDOUT, "--config",
                config.toString(), "--no-lineage");
        assertThat(badConfig.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(badConfig.err()).contains("monitor.yaml").contains("unknown drift test 'magic'");

        Files.writeString(config, "driftShare: 0.2\ncolumns:\n  plan: {test: ks}\n");
        CliRun wrongTest = CliRun.of("monitor", "--reference", TRAIN, "--current", HOLDOUT, "--config",
                config.toString(), "--no-lineage");
        assertThat(wrongTest.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(wrongTest.err()).contains("column 'plan': test 'ks' does not apply");

        CliRun everyBad = CliRun.of("monitor", "--reference", TRAIN, "--current", HOLDOUT, "--every", "soon");
        assertThat(everyBad.exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void globsReadEveryMatchingFileAsOneWindow(@TempDir Path dir) throws IOException {
        Path incoming = Files.createDirectories(dir.resolve("incoming"));
        List<String> lines = Files.readAllLines(Path.of(CURRENT));
        Files.write(incoming.resolve("a.csv"), lines.subList(0, 700));
        List<String> rest = new java.util.ArrayList<>(List.of(lines.get(0)));
        rest.addAll(lines.subList(700, lines.size()));
        Files.write(incoming.resolve("b.csv"), rest);
        Path json = dir.resolve("m.json");
        CliRun run = CliRun.of("monitor", "--reference", TRAIN, "--current", incoming + "/*.csv", "--json",
                json.toString(), "--no-lineage");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.DRIFT);
        JsonNode r = CliRun.json(json);
        assertThat(r.get("current")).hasSize(2);
        assertThat(r.at("/columns/0/currentRows").asLong() + 0).isEqualTo(lines.size() - 1);
    }

    /** The webhook secret comes from the environment, so this runs the CLI as a process. */
    @Test
    void driftFiresTheSignedWebhookOncePerWindow(@TempDir Path dir) throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/retrain", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            long ts = Long.parseLong(ex.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER));
            boolean valid = WebhookSignature.verify("hook-secret", ts, body,
                    ex.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER));
            if (valid) {
                received.add(new String(body, StandardCharsets.UTF_8));
            }
            ex.sendResponseHeaders(valid ? 202 : 403, -1);
            ex.close();
        });
        server.start();
        try {
            String url = "webhook:http://127.0.0.1:" + server.getAddress().getPort() + "/retrain";
            for (int run = 0; run < 2; run++) {
                Path log = dir.resolve("run" + run + ".log");
                ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName(), "monitor",
                        "--reference", Path.of(TRAIN).toAbsolutePath().toString(), "--current",
                        Path.of(CURRENT).toAbsolutePath().toString(), "--trigger", url, "--trigger-secret-env",
                        "HOOK_SECRET", "--json", "result.json", "--no-lineage")
                        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
                pb.environment().put("HOOK_SECRET", "hook-secret");
                Process p = pb.start();
                assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).as(Files.readString(log)).isEqualTo(ExitCodes.DRIFT);
                JsonNode trigger = CliRun.json(dir.resolve("result.json")).at("/triggers/0");
                assertThat(trigger.get("fired").asBoolean()).isEqualTo(run == 0);
                assertThat(Files.readString(log)).contains(run == 0 ? "triggered webhook:" : "already triggered");
                assertThat(Files.readString(log)).doesNotContain("hook-secret");
            }
            assertThat(received).hasSize(1);
            JsonNode payload = dev.mlops.engine.Json.mapper().readTree(received.get(0));
            assertThat(payload.get("event").asText()).isEqualTo("drift");
            assertThat(payload.at("/parameters/DRIFT_COLUMNS").asText()).isEqualTo("age,plan,monthly_charges,churned");
            assertThat(Files.readString(dir.resolve(".mlops/monitor-triggers.json"))).contains("webhook:http");
        } finally {
            server.stop(0);
        }
    }
}
