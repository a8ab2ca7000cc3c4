package dev.mlops.engine.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.engine.InputException;
import dev.mlops.engine.Json;
import dev.mlops.engine.LogSink;
import dev.mlops.engine.UsageException;
import dev.mlops.engine.data.ReadOptions;
import dev.mlops.engine.train.Algorithm;
import dev.mlops.engine.train.ModelBundle;
import dev.mlops.engine.train.ModelTrainer;
import dev.mlops.engine.train.TrainOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model server over real HTTP on loopback, and canary rollouts driven against it under load. */
class ModelServerTest {

    static final Path TRAIN = Path.of("../examples/data/train.csv");
    static final Path HOLDOUT = Path.of("../examples/data/holdout.csv");

    @TempDir
    static Path dir;
    /** v1 and v2: sound models; v3: trained on inverted labels (garbage); v4: needs a column requests lack. */
    static Map<Integer, DeployedModel> versions = new HashMap<>();
    static List<Map<String, Object>> holdoutRows = new ArrayList<>();
    static List<String> holdoutLabels = new ArrayList<>();

    private ModelServer server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static ModelBundle train(Path data, long seed) {
        return ModelTrainer.train(data, ReadOptions.DEFAULTS, new TrainOptions("churned", Algorithm.parse("logistic")
                .orElseThrow(), Map.of("maxIterations", "30"), seed, null, null, null, 0, null), LogSink.NONE).bundle();
    }

    @BeforeAll
    static void models() throws IOException {
        versions.put(1, DeployedModel.of("churn", 1, "a".repeat(64), train(TRAIN, 1)));
        versions.put(2, DeployedModel.of("churn", 2, "b".repeat(64), train(TRAIN, 2)));
        List<String> lines = Files.readAllLines(TRAIN);
        List<String> header = List.of(lines.get(0).split(","));
        int target = header.indexOf("churned");
        List<String> inverted = new ArrayList<>(List.of(lines.get(0)));
        List<String> extra = new ArrayList<>(List.of(lines.get(0) + ",extra"));
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            cells[target] = cells[target].equals("1") ? "0" : "1";
            inverted.add(String.join(",", cells));
            extra.add(line + ",1.5");
        }
        Files.write(dir.resolve("inverted.csv"), inverted);
        Files.write(dir.resolve("extra.csv"), extra);
        versions.put(3, DeployedModel.of("churn", 3, "c".repeat(64), train(dir.resolve("inverted.csv"), 3)));
        versions.put(4, DeployedModel.of("churn", 4, "d".repeat(64), train(dir.resolve("extra.csv"), 4)));
        List<String> holdout = Files.readAllLines(HOLDOUT);
        List<String> names = List.of(holdout.get(0).split(","));
        for (String line : holdout.subList(1, holdout.size())) {
            String[] cells = line.split(",", -1);
            Map<String, Object> row = new HashMap<>();
            for (int i = 0; i < names.size(); i++) {
                if (!names.get(i).equals("churned")) {
                    row.put(names.get(i), cells[i].isEmpty() ? null : numberOrText(cells[i]));
                }
            }
            holdoutRows.add(row);
            holdoutLabels.add(cells[names.indexOf("churned")]);
        }
    }

    private static Object numberOrText(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return s;
        }
    }

    private ModelServer start(ModelServer.Options options) throws IOException {
        server = ModelServer.start("churn", versions.get(1), versions::get, options.withPort(0), null, LogSink.NONE);
        return server;
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.stop(1);
        }
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String v2Body(List<Map<String, Object>> rows) {
        StringBuilder inputs = new StringBuilder();
        for (String column : rows.get(0).keySet()) {
            boolean numeric = rows.stream().allMatch(r -> r.get(column) == null || r.get(column) instanceof Double);
            inputs.append(inputs.isEmpty() ? "" : ",").append("{\"name\":\"").append(column)
                    .append("\",\"shape\":[").append(rows.size()).append("],\"datatype\":\"")
                    .append(numeric ? "FP64" : "BYTES").append("\",\"data\":")
                    .append(Json.line(rows.stream().map(r -> r.get(column)).toList())).append('}');
        }
        return "{\"id\":\"r1\",\"inputs\":[" + inputs + "]}";
    }

    @Test
    void answersV2AndRowsRequestsAndExposesMetrics() throws Exception {
        start(ModelServer.Options.defaults());
        assertThat(get("/v2/health/ready").statusCode()).isEqualTo(200);
        JsonNode meta = Json.mapper().readTree(get("/v2/models/churn").body());
        assertThat(meta.get("inputs")).extracting(n -> n.get("name").asText()).contains("age", "plan")
                .doesNotContain("churned");

        HttpResponse<String> v2 = post("/v2/models/churn/infer", v2Body(holdoutRows.subList(0, 3)));
        assertThat(v2.statusCode()).as(v2.body()).isEqualTo(200);
        JsonNode answer = Json.mapper().readTree(v2.body());
        assertThat(answer.get("id").asText()).isEqualTo("r1");
        assertThat(answer.at("/outputs/0/shape/0").asInt()).isEqualTo(3);
        assertThat(answer.at("/outputs/1/shape").toString()).isEqualTo("[3,2]");
        // The same rows through the bundle's own predictor: one feature code path.
        assertThat(answer.at("/outputs/0/data/0").asText())
                .isEqualTo(versions.get(1).predictor().predict(holdoutRows.get(0)).label());

        HttpResponse<String> plain = post("/v1/models/churn/predict", Json.line(holdoutRows.get(0)));
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue(ModelServer.ROUTE_HEADER)).hasValue("stable");
        assertThat(Json.mapper().readTree(plain.body()).at("/predictions/0/probabilities").size()).isEqualTo(2);

        String metrics = get("/metrics").body();
        assertThat(metrics).contains("mlops_requests_total{model=\"churn\",version=\"1\",route=\"stable\"} 2")
                .contains("mlops_request_duration_seconds_bucket{model=\"churn\",version=\"1\",route=\"stable\",le=")
                .contains("mlops_predictions_total{model=\"churn\",version=\"1\",route=\"stable\",prediction=");
        assertThat(PrometheusText.parse(metrics).sum("mlops_requests_total", Map.of("route", "stable"))).isEqualTo(2);
    }

    @Test
    void badRequestsGet4xxWithJsonAndTheServerKeepsServing() throws Exception {
        start(new ModelServer.Options("127.0.0.1", 0, null, null, 4096, 4));
        Map<String, Object> missing = new HashMap<>(holdoutRows.get(0));
        missing.remove("age");
        String wrongType = v2Body(holdoutRows.subList(0, 1)).replace("\"name\":\"plan\",\"shape\":[1],"
                + "\"datatype\":\"BYTES\"", "\"name\":\"plan\",\"shape\":[1],\"datatype\":\"FP64\"");
        Map<String, String[]> cases = new java.util.LinkedHashMap<>();
        cases.put("malformed", new String[] {"/v1/models/churn/predict", "{\"age\": ", "400", "malformed JSON"});
        cases.put("missing", new String[] {"/v1/models/churn/predict", Json.line(missing), "400", "missing feature 'age'"});
        cases.put("type", new String[] {"/v2/models/churn/infer", wrongType, "400", "input 'plan': FP64 data must be"});
        cases.put("shape", new String[] {"/v2/models/churn/infer", "{\"inputs\":[{\"name\":\"age\",\"shape\":[2],"
                + "\"datatype\":\"FP64\",\"data\":[1]}]}", "400", "shape says 2 values, data has 1"});
        cases.put("nested", new String[] {"/v1/models/churn/predict", "{\"age\": [1, 2]}", "400", "column 'age'"});
        cases.put("large", new String[] {"/v1/models/churn/predict", "{\"x\":\"" + "a".repeat(5000) + "\"}", "413",
            "larger than 4096"});
        cases.put("unknown", new String[] {"/v1/models/fraud/predict", "{}", "404", "unknown model 'fraud'"});
        for (Map.Entry<String, String[]> c : cases.entrySet()) {
            HttpResponse<String> r = post(c.getValue()[0], c.getValue()[1]);
            assertThat(r.statusCode()).as(c.getKey() + ": " + r.body()).isEqualTo(Integer.parseInt(c.getValue()[2]));
            assertThat(Json.mapper().readTree(r.body()).get("error").asText()).as(c.getKey())
                    .contains(c.getValue()[3]);
        }
        assertThat(post("/v1/models/churn/predict", Json.line(holdoutRows.get(1))).statusCode()).isEqualTo(200);
        assertThat(get("/metrics").body()).contains("mlops_rejected_requests_total{model=\"churn\","
                + "reason=\"malformed_json\"} 1");
    }

    @Test
    void adminApiNeedsItsTokenAndANonLoopbackServerNeedsOne() throws Exception {
        assertThatThrownBy(() -> ModelServer.start("churn", versions.get(1), versions::get,
                new ModelServer.Options("0.0.0.0", 0, null, null, 1024, 2), null, LogSink.NONE))
                .isInstanceOf(UsageException.class).hasMessageContaining("needs a token");
        start(ModelServer.Options.defaults().withAdminToken("t0k3n"));
        assertThat(post("/admin/weight", "{\"weight\":10}").statusCode()).isEqualTo(401);
        AdminClient wrong = new AdminClient(URI.create("http://127.0.0.1:" + server.port()), "nope");
        assertThatThrownBy(wrong::status).hasMessageContaining("HTTP 401");
        AdminClient admin = new AdminClient(URI.create("http://127.0.0.1:" + server.port()), "t0k3n");
        assertThatThrownBy(() -> admin.post("weight", Map.of("weight", 10))).hasMessageContaining("no canary candidate");
        admin.post("candidate", Map.of("version", 2));
        JsonNode status = admin.post("weight", Map.of("weight", 100));
        assertThat(status.get("weight").asInt()).isEqualTo(100);
        assertThat(post("/v1/models/churn/predict", Json.line(holdoutRows.get(0))).headers()
                .firstValue(ModelServer.VERSION_HEADER)).hasValue("2");
        admin.post("rollback", Map.of());
        assertThat(server.routing().candidate()).isNull();
    }

    @Test
    void inferenceNeedsItsOwnTokenWhenGivenAndNeverTheAdminOne() throws Exception {
        assertThatThrownBy(() -> start(ModelServer.Options.defaults().withAdminToken("same")
                .withInferenceToken("same"))).isInstanceOf(UsageException.class).hasMessageContaining("give them different values");
        List<String> logged = new ArrayList<>();
        ModelServer open = ModelServer.start("churn", versions.get(1), versions::get,
                new ModelServer.Options("0.0.0.0", 0, "admin-t", null, 1024, 2), null, logged::add);
        open.stop(0);
        assertThat(logged).anyMatch(l -> l.startsWith("WARNING: the model endpoints on 0.0.0.0 accept requests from "
                + "anyone") && l.contains("--inference-token-env"));

        start(ModelServer.Options.defaults().withAdminToken("admin-t").withInferenceToken("infer-t"));
        String row = Json.line(holdoutRows.get(0));
        String base = "http://127.0.0.1:" + server.port();
        for (String token : new String[] {null, "wrong", "admin-t", "infer-tx"}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/v1/models/churn/predict"))
                    .POST(HttpRequest.BodyPublishers.ofString(row));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("token " + token).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        }
        assertThat(get("/v2/models/churn").statusCode()).isEqualTo(401);
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/models/churn/predict"))
                .header("Authorization", "Bearer infer-t").POST(HttpRequest.BodyPublishers.ofString(row)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(get("/v2/health/ready").statusCode()).as("probes stay open").isEqualTo(200);
        assertThat(get("/metrics").statusCode()).as("scrapes stay open").isEqualTo(200);
        AdminClient inferenceTokenAsAdmin = new AdminClient(URI.create(base), "infer-t");
        assertThatThrownBy(inferenceTokenAsAdmin::status).hasMessageContaining("HTTP 401");
        assertThat(new AdminClient(URI.create(base), "admin-t").status().has("stable")).isTrue();
    }

    @Test
    void slowAndStalledClientsAreCutOffWhileOthersAreServed() throws Exception {
        start(new ModelServer.Options("127.0.0.1", 0, null, null, 1 << 20, 2));
        String row = Json.line(holdoutRows.get(0));
        List<Long> baseline = latencies(row, 60);
        long maxReqMillis = Long.getLong("sun.net.httpserver.maxReqTime") * 1000;
        List<java.net.Socket> slow = new ArrayList<>();
        try {
            // 40 clients that stall: half mid-headers, half promising a body they never send.
            for (int i = 0; i < 40; i++) {
                java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port());
                String head = "POST /v1/models/churn/predict HTTP/1.1\r\nHost: x\r\n"
                        + (i % 2 == 0 ? "X-Slow: " : "Content-Length: 100000\r\n\r\n{\"a\":");
                socket.getOutputStream().write(head.getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().flush();
                slow.add(socket);
            }
            long attackStart = System.nanoTime();
            List<Long> underAttack = latencies(row, 60);
            long p99 = percentile(underAttack, 0.99);
            assertThat(p99).as("p99 with 40 stalled clients (ms); without them %d ms", percentile(baseline, 0.99))
                    .isLessThan(Math.max(250, 10 * percentile(baseline, 0.99)))
                    .isLessThan(maxReqMillis);
            // The stalled connections are closed once the request time limit passes.
            for (java.net.Socket socket : slow) {
                socket.setSoTimeout((int) (maxReqMillis + 5000));
                int read = readQuietly(socket);
                assertThat(read).as("a stalled connection is closed by the server").isEqualTo(-1);
            }
            assertThat((System.nanoTime() - attackStart) / 1_000_000).isGreaterThanOrEqualTo(maxReqMillis - 1000);
        } finally {
            for (java.net.Socket socket : slow) {
                socket.close();
            }
        }
        assertThat(post("/v1/models/churn/predict", row).statusCode()).isEqualTo(200);
    }

    /** -1 when the server closed or reset the connection, else the first byte it sent. */
    private static int readQuietly(java.net.Socket socket) throws IOException {
        try {
            return socket.getInputStream().read();
        } catch (java.net.SocketException reset) {
            return -1;
        }
    }

    private List<Long> latencies(String row, int requests) throws Exception {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            long t = System.nanoTime();
            assertThat(post("/v1/models/churn/predict", row).statusCode()).isEqualTo(200);
            millis.add((System.nanoTime() - t) / 1_000_000);
        }
        return millis;
    }

    private static long percentile(List<Long> values, double p) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get((int) Math.ceil(p * sorted.size()) - 1);
    }

    @Test
    void stickyKeysStayOnOneRoute() throws Exception {
        start(ModelServer.Options.defaults());
        server.setCandidate(2, false);
        server.setWeight(50);
        for (String key : List.of("customer-1", "customer-2", "customer-3", "customer-4")) {
            java.util.Set<String> routes = new java.util.HashSet<>();
            for (int i = 0; i < 10; i++) {
                routes.add(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                                + "/v1/models/churn/predict")).header(ModelServer.STICKY_HEADER, key)
                        .POST(HttpRequest.BodyPublishers.ofString(Json.line(holdoutRows.get(i)))).build(),
                        HttpResponse.BodyHandlers.ofString()).headers().firstValue(ModelServer.ROUTE_HEADER)
                        .orElseThrow());
            }
            assertThat(routes).as(key).hasSize(1);
        }
    }

    @Test
    void shadowMirrorsButNeverAnswers() throws Exception {
        start(ModelServer.Options.defaults());
        server.setCandidate(3, true);
        for (int i = 0; i < 40; i++) {
            HttpResponse<String> r = post("/v1/models/churn/predict", Json.line(holdoutRows.get(i)));
            assertThat(r.headers().firstValue(ModelServer.VERSION_HEADER)).hasValue("1");
        }
        Thread.sleep(500);
        PrometheusText m = PrometheusText.parse(get("/metrics").body());
        double compared = m.sum("mlops_shadow_comparisons_total", Map.of("shadow", "3"));
        double agreed = m.sum("mlops_shadow_comparisons_total", Map.of("shadow", "3", "agreed", "true"));
        assertThat(compared).isEqualTo(40);
        assertThat(agreed / compared).as("inverted labels disagree").isLessThan(0.5);
    }

    /** Clients that keep sending single-row requests, keyed {@code row-<index>}, and count every non-200 answer. */
    private final class Load implements AutoCloseable {
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong ok = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final List<Thread> threads = new ArrayList<>();

        Load(int clients) {
            for (int c = 0; c < clients; c++) {
                int seed = c;
                Thread t = new Thread(() -> {
                    int i = seed;
                    while (running.get()) {
                        try {
                            int row = i++ % holdoutRows.size();
                            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                    + server.port() + "/v1/models/churn/predict")).header(ModelServer.STICKY_HEADER,
                                    "row-" + row).POST(HttpRequest.BodyPublishers.ofString(
                                    Json.line(holdoutRows.get(row)))).build(), HttpResponse.BodyHandlers.ofString());
                            (r.statusCode() == 200 ? ok : failed).incrementAndGet();
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        }
                    }
                });
                t.start();
                threads.add(t);
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join();
            }
        }
    }

    private CanaryController.Options canary(int version, Path state) {
        return new CanaryController.Options("churn", version, List.of(25, 50, 100), Duration.ofSeconds(1), 0.01, 250,
                0.1, 20, Duration.ofMillis(200), state, null);
    }

    @Test
    void rolloutUnderLoadPromotesWithZeroFailedRequests() throws Exception {
        start(ModelServer.Options.defaults());
        AdminClient admin = new AdminClient(URI.create("http://127.0.0.1:" + server.port()), null);
        CanaryController.Outcome o;
        try (Load load = new Load(4)) {
            o = new CanaryController(admin, canary(2, dir.resolve("good.json")), LogSink.NONE).run();
            Thread.sleep(300);
            load.close();
            assertThat(load.failed).hasValue(0);
            assertThat(load.ok.get()).isGreaterThan(100);
        }
        assertThat(o.phase()).as(o.reason()).isEqualTo("promoted");
        assertThat(o.steps()).hasSize(3).allMatch(CanaryController.Step::passed);
        assertThat(server.routing().stable().version()).isEqualTo(2);
        assertThat(CanaryController.readState(dir.resolve("good.json")).get("phase").asText()).isEqualTo("promoted");
    }

    @Test
    void garbageOrErroringCandidatesAreRolledBackWithinOneInterval() throws Exception {
        start(ModelServer.Options.defaults());
        AdminClient admin = new AdminClient(URI.create("http://127.0.0.1:" + server.port()), null);
        try (Load load = new Load(4)) {
            long started = System.nanoTime();
            CanaryController.Outcome garbage = new CanaryController(admin, canary(3, dir.resolve("garbage.json")),
                    LogSink.NONE).run();
            assertThat(garbage.phase()).isEqualTo("rolled-back");
            assertThat(garbage.reason()).contains("step 1 at 25%").contains("prediction divergence");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));

            CanaryController.Outcome erroring = new CanaryController(admin, canary(4, dir.resolve("erroring.json")),
                    LogSink.NONE).run();
            assertThat(erroring.phase()).isEqualTo("rolled-back");
            assertThat(erroring.reason()).contains("error rate");
            long okBeforeStop = load.ok.get();
            Thread.sleep(200);
            assertThat(load.ok.get()).as("stable keeps serving").isGreaterThan(okBeforeStop);
        }
        assertThat(server.routing().stable().version()).isEqualTo(1);
        assertThat(server.routing().candidate()).isNull();
    }

    @Test
    void feedbackLabelsJudgeTheCanarysAccuracy() throws Exception {
        Path requestLog = dir.resolve("requests.jsonl");
        Path feedback = dir.resolve("feedback.jsonl");
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < holdoutLabels.size(); i++) {
            labels.add(Json.line(Map.of("key", "row-" + i, "label", Integer.parseInt(holdoutLabels.get(i)))));
        }
        Files.write(feedback, labels);
        try (RequestLog log = new RequestLog(requestLog, 1.0)) {
            server = ModelServer.start("churn", versions.get(1), versions::get, ModelServer.Options.defaults()
                    .withPort(0), log, LogSink.NONE);
            AdminClient admin = new AdminClient(URI.create("http://127.0.0.1:" + server.port()), null);
            CanaryController.AccuracyCheck check = new CanaryController.AccuracyCheck(requestLog, feedback, 0.7);
            try (Load load = new Load(4)) {
                // Divergence is switched off (1.0), so only the labels can tell that version 3 is wrong.
                CanaryController.Outcome garbage = new CanaryController(admin, new CanaryController.Options("churn",
                        3, List.of(50, 100), Duration.ofSeconds(1), 0.01, 250, 1.0, 20, Duration.ofMillis(200),
                        dir.resolve("acc-garbage.json"), check), LogSink.NONE).run();
                assertThat(garbage.phase()).isEqualTo("rolled-back");
                assertThat(garbage.reason()).contains("step 1 at 50%").contains("accuracy 0.")
                        .doesNotContain("divergence 1");
                CanaryController.Step failed = garbage.steps().get(0);
                assertThat(failed.canaryAccuracy()).isLessThan(0.5);
                assertThat(failed.stableAccuracy()).isGreaterThan(0.7);

                CanaryController.Outcome good = new CanaryController(admin, new CanaryController.Options("churn", 2,
                        List.of(50, 100), Duration.ofSeconds(1), 0.01, 250, 1.0, 20, Duration.ofMillis(200),
                        dir.resolve("acc-good.json"), check), LogSink.NONE).run();
                assertThat(good.phase()).as(good.reason()).isEqualTo("promoted");
                assertThat(good.steps()).allSatisfy(s -> {
                    assertThat(s.canaryLabelled()).isGreaterThanOrEqualTo(20);
                    assertThat(s.canaryAccuracy()).isGreaterThan(0.7);
                });
            }
        }
    }

    @Test
    void feedbackFileErrorsNameTheLine() throws Exception {
        Path feedback = dir.resolve("bad-feedback.jsonl");
        Files.writeString(feedback, "{\"key\":\"a\",\"label\":1}\n{\"key\":\"b\"}\n");
        assertThatThrownBy(() -> FeedbackAccuracy.measure(dir.resolve("none.jsonl"), feedback, Instant.EPOCH))
                .isInstanceOf(InputException.class).hasMessageContaining("bad-feedback.jsonl, row 2")
                .hasMessageContaining("\"label\"");
    }

    @Test
    void abortStopsARunningRolloutAndARestartResumes() throws Exception {
        start(ModelServer.Options.defaults());
        AdminClient admin = new AdminClient(URI.create("http://127.0.0.1:" + server.port()), null);
        Path state = dir.resolve("abort.json");
        try (Load load = new Load(2)) {
            Thread aborter = new Thread(() -> {
                try {
                    Thread.sleep(1500);
                    CanaryController.abort(state, "operator said so");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            aborter.start();
            CanaryController.Outcome o = new CanaryController(admin, canary(2, state), LogSink.NONE).run();
            aborter.join();
            assertThat(o.phase()).isEqualTo("aborted");
            assertThat(server.routing().candidate()).isNull();

            // A controller that died mid-rollout left "progressing" at step 2: a new one resumes there.
            Files.writeString(state, "{\"model\":\"churn\",\"version\":2,\"phase\":\"progressing\",\"step\":2}");
            CanaryController.Outcome resumed = new CanaryController(admin, canary(2, state), LogSink.NONE).run();
            assertThat(resumed.phase()).isEqualTo("promoted");
            assertThat(resumed.steps()).singleElement().extracting(CanaryController.Step::weight).isEqualTo(100);
        }
    }
}
