package dev.mlops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.mlops.engine.AtomicFiles;
import dev.mlops.engine.Json;
import dev.mlops.engine.LogSink;
import dev.mlops.engine.UsageException;
import dev.mlops.engine.monitor.WebhookSignature;
import dev.mlops.engine.registry.ModelRef;
import dev.mlops.engine.registry.ModelRegistry;
import dev.mlops.engine.registry.Registries;
import dev.mlops.engine.report.Html;
import dev.mlops.engine.serve.ModelLoader;
import dev.mlops.engine.serve.ModelServer;
import dev.mlops.engine.serve.RequestLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mlops demo}: the whole continuous loop on the bundled churn data, each stage run in-process through the
 * same command a user or CI job runs, with its JSON result, log and report kept in the work directory.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the whole loop on the bundled churn data with its injected data and concept drift: "
                + "validate, train (grid search), gate, register v1, serve, drifted traffic, monitor, signed "
                + "retraining webhook, train v2, gate v2 against v1, register, canary v1 -> v2 judged on delayed "
                + "labels, promote; then audit, lineage graph and a byte-for-byte reproduction of v2.",
                "Prints a one-screen summary and writes REPORT/index.html linking every stage's report.",
                "Exit 0 when every stage ended as the story expects, 1 otherwise (the summary names the stage)."})
final class DemoCommand extends EngineCommand {

    private static final String MARKER = ".mlops-demo";
    private static final String SECRET_ENV = "MLOPS_DEMO_WEBHOOK_SECRET";
    private static final List<String> DATA = List.of("train.csv", "holdout.csv", "current.csv",
            "churn.schema.yaml");
    /** The drifted file's first rows arrive as traffic and become labelled retraining data; the rest, v2's holdout. */
    private static final int DRIFTED_TRAINING_ROWS = 1000;

    @Option(names = "--workdir", defaultValue = "demo-work", paramLabel = "DIR", description = "Data, registry, "
            + "models, logs and results (default: ${DEFAULT-VALUE}); emptied first if an earlier demo made it.")
    Path workdir;

    @Option(names = "--report", defaultValue = "demo-report", paramLabel = "DIR", description = "Where index.html "
            + "and the stage reports go (default: ${DEFAULT-VALUE}).")
    Path reportDir;

    @Option(names = "--registry", paramLabel = "LOCATION", description = "file:PATH or mlflow:http://HOST:PORT "
            + "(default: file:WORKDIR/registry).")
    String registryLocation;

    @Option(names = "--name", defaultValue = "churn", paramLabel = "NAME", description = "The registered model's "
            + "name (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--interval", defaultValue = "2s", paramLabel = "DURATION", description = "Canary step length "
            + "(default: ${DEFAULT-VALUE}).")
    String interval;

    /** One stage of the story: what it ran, how it ended, against what it was expected to. */
    record Stage(String title, String status, int exitCode, int expectedExit, long millis, String detail,
                 String report, String log) {
        boolean asExpected() {
            return exitCode == expectedExit;
        }
    }

    private final List<Stage> stages = new ArrayList<>();
    private Map<String, String> stageEnv;
    private String registry;
    private Path logs;
    private Path results;

    @Override
    Outcome run() throws Exception {
        MonitorCommand.parseDuration(interval); // a bad --interval fails before any work
        prepareWorkdir();
        Files.createDirectories(reportDir);
        logs = Files.createDirectories(workdir.resolve("logs"));
        results = Files.createDirectories(workdir.resolve("results"));
        Path data = Files.createDirectories(workdir.resolve("data"));
        for (String file : DATA) {
            try (InputStream in = DemoCommand.class.getResourceAsStream("demo/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("the jar lacks the bundled demo file " + file);
                }
                Files.copy(in, data.resolve(file));
            }
        }
        List<String> drifted = Files.readAllLines(data.resolve("current.csv"));
        Files.write(data.resolve("drifted-labelled.csv"), drifted.subList(0, DRIFTED_TRAINING_ROWS + 1));
        List<String> driftedHoldout = new ArrayList<>(List.of(drifted.get(0)));
        driftedHoldout.addAll(drifted.subList(DRIFTED_TRAINING_ROWS + 1, drifted.size()));
        Files.write(data.resolve("drifted-holdout.csv"), driftedHoldout);
        List<String> retrain = new ArrayList<>(Files.readAllLines(data.resolve("train.csv")));
        retrain.addAll(drifted.subList(1, DRIFTED_TRAINING_ROWS + 1));
        Files.write(data.resolve("retrain.csv"), retrain);
        Files.writeString(workdir.resolve("space.yaml"), "numTrees: [40, 80]\nmaxDepth: [2, 3]\neta: [0.1]\n");

        String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        stageEnv = new HashMap<>(env());
        stageEnv.put(SECRET_ENV, secret);
        stageEnv.put("TERM", "dumb"); // stage logs are files: plain progress lines, no bars
        registry = registryLocation != null ? registryLocation : "file:" + workdir.resolve("registry");
        String w = workdir.toString();
        String r = reportDir.toString();
        String v1Lineage = w + "/lineage-v1.json";
        String v2Lineage = w + "/lineage-v2.json";
        List<String> registryArgs = new ArrayList<>(List.of("--registry", registry));
        if (registry.startsWith("mlflow:")) {
            registryArgs.addAll(List.of("--audit", w + "/mlflow-audit.jsonl"));
        }

        // 1. The first model, through the pipeline a training job runs.
        JsonNode validated = mlops("validate training data", ExitCodes.OK, "validate.html", "validate", "--data",
                w + "/data/train.csv", "--schema", w + "/data/churn.schema.yaml", "--html", r + "/validate.html",
                "--lineage", v1Lineage);
        if (validated == null) {
            return finish();
        }
        JsonNode v1Train = mlops("train v1 (grid search, 3-fold CV)", ExitCodes.OK, null, "train", "--data",
                w + "/data/train.csv", "--target", "churned", "--algorithm", "xgboost", "--search", "grid", "--space",
                w + "/space.yaml", "--folds", "3", "--seed", "42", "--out", w + "/models/v1.zip", "--lineage",
                v1Lineage);
        if (v1Train == null) {
            return finish();
        }
        JsonNode v1Gate = mlops("gate v1 on the holdout (no champion yet)", ExitCodes.OK, "evaluate-v1.html",
                "evaluate", "--model", w + "/models/v1.zip", "--data", w + "/data/holdout.csv", "--threshold",
                "auc>=0.7", "--html", r + "/evaluate-v1.html", "--lineage", v1Lineage);
        if (v1Gate == null) {
            return finish();
        }
        JsonNode v1 = mlops("register v1 as production", ExitCodes.OK, null, concat(List.of("register", "--model",
                w + "/models/v1.zip", "--name", name, "--alias", "production", "--reason",
                "demo: first model, gate passed", "--lineage", v1Lineage), registryArgs));
        if (v1 == null) {
            return finish();
        }
        int v1Version = v1.path("version").asInt();

        ModelRegistry models = Registries.open(registry, stageEnv, registry.startsWith("mlflow:")
                ? workdir.resolve("mlflow-audit.jsonl") : null);
        ModelLoader loader = version -> ServeCommand.load(models, name, version);
        Path requestLogFile = workdir.resolve("requests.jsonl");
        try (RequestLog requestLog = new RequestLog(requestLogFile, 1.0)) {
            long started = System.nanoTime();
            // Before the webhook's server: the JDK reads the server's TCP_NODELAY setting, which ModelServer sets,
            // once, when the first HttpServer of the process is created.
            ModelServer server = ModelServer.start(name, loader.load(v1Version), loader, new ModelServer.Options(
                    "127.0.0.1", 0, null, null, ModelServer.Options.DEFAULT_MAX_BODY, 4), requestLog, LogSink.NONE);
            try (RetrainWebhook webhook = new RetrainWebhook(secret)) {
                URI serverUri = URI.create("http://127.0.0.1:" + server.port());
                record(new Stage("start the model server (v" + v1Version + " stable)", "passed", 0, 0,
                        millisSince(started), serverUri.toString(), null, null));

                // 2. Drifted traffic; the monitor job notices and calls the retraining webhook.
                started = System.nanoTime();
                DemoTraffic traffic = new DemoTraffic(serverUri, name);
                List<DemoTraffic.Row> driftedRows = DemoTraffic.read(data.resolve("drifted-labelled.csv"),
                        "churned", "drifted");
                traffic.sendAll(driftedRows, 4, log(), "drifted traffic");
                waitForLines(requestLogFile, driftedRows.size());
                record(new Stage("drifted traffic: " + driftedRows.size() + " requests", traffic.failed.get() == 0
                        ? "passed" : "failed", traffic.failed.get() == 0 ? 0 : 1, 0, millisSince(started),
                        traffic.outcome(), null, null));
                JsonNode monitor = mlops("monitor the request log", ExitCodes.DRIFT, "drift.html", concat(List.of(
                        "monitor", "--reference", w + "/data/train.csv", "--current", requestLogFile.toString(),
                        "--model", name + "@production", "--labels", w + "/data/drifted-labelled.csv", "--trigger",
                        "webhook:" + webhook.uri(), "--trigger-secret-env", SECRET_ENV, "--ledger",
                        w + "/monitor-triggers.json", "--html", r + "/drift.html", "--lineage",
                        w + "/lineage-monitor.json"), registryArgs));
                if (monitor == null) {
                    return finish();
                }
                started = System.nanoTime();
                JsonNode event = webhook.received(10);
                if (event == null) {
                    record(new Stage("retraining webhook", "failed", 1, 0, millisSince(started),
                            "no signed call arrived within 10 s", null, null));
                    return finish();
                }
                record(new Stage("retraining webhook (signature verified)", "passed", 0, 0, millisSince(started),
                        "event " + event.path("event").asText() + ", drifted " + event.path("driftedColumns"), null,
                        null));

                // 3. The retraining job the webhook started: v2 on the old and the newly labelled data.
                JsonNode v2Train = mlops("train v2 on train + labelled drifted data", ExitCodes.OK, null, "train",
                        "--data", w + "/data/retrain.csv", "--target", "churned", "--algorithm", "xgboost", "--search",
                        "grid", "--space", w + "/space.yaml", "--folds", "3", "--seed", "42", "--out",
                        w + "/models/v2.zip", "--lineage", v2Lineage);
                if (v2Train == null) {
                    return finish();
                }
                JsonNode v2Gate = mlops("gate v2 against v" + v1Version + " on drifted holdout", ExitCodes.OK,
                        "evaluate-v2.html", concat(List.of("evaluate", "--model", w + "/models/v2.zip", "--data",
                                w + "/data/drifted-holdout.csv", "--threshold", "auc>=0.7", "--baseline-alias",
                                name + "@production", "--min-improvement", "auc=0.0", "--html",
                                r + "/evaluate-v2.html", "--lineage", v2Lineage), registryArgs));
                if (v2Gate == null) {
                    return finish();
                }
                JsonNode v2 = mlops("register v2 as candidate", ExitCodes.OK, null, concat(List.of("register",
                        "--model", w + "/models/v2.zip", "--name", name, "--alias", "candidate", "--reason",
                        "demo: retrained after drift, gate passed against v" + v1Version, "--lineage", v2Lineage),
                        registryArgs));
                if (v2 == null) {
                    return finish();
                }
                int v2Version = v2.path("version").asInt();

                // 4. Canary under a keyed request stream whose ground truth arrives as feedback.
                List<DemoTraffic.Row> holdoutRows = DemoTraffic.read(data.resolve("drifted-holdout.csv"), "churned",
                        "holdout");
                Path feedback = workdir.resolve("feedback.jsonl");
                DemoTraffic.writeFeedback(holdoutRows, feedback);
                DemoTraffic canaryTraffic = new DemoTraffic(serverUri, name);
                JsonNode canary;
                // v2 should predict differently from v1 on drifted data (it is better there), so the divergence
                // bound, a guard for when no labels exist, is wide; the delayed labels judge the canary.
                try (AutoCloseable stream = canaryTraffic.loop(holdoutRows, 2)) {
                    canary = mlops("canary v" + v1Version + " -> v" + v2Version + " (25/50/100%, " + interval
                            + " steps)", ExitCodes.OK, null, concat(List.of("deploy", "canary", "--server",
                            serverUri.toString(), "--model", name, "--version", Integer.toString(v2Version),
                            "--steps", "25,50,100", "--interval", interval, "--max-p99-ms", "250",
                            "--max-prediction-divergence", "0.5", "--labels", feedback.toString(), "--request-log",
                            requestLogFile.toString(), "--min-accuracy", "0.7", "--state", w + "/deploy.json",
                            "--lineage", v2Lineage), registryArgs));
                }
                if (canary == null) {
                    return finish();
                }
                stages.set(stages.size() - 1, withDetail(stages.get(stages.size() - 1), describe("deploy", canary)
                        + "; during the rollout " + canaryTraffic.outcome()));
                if (canaryTraffic.failed.get() > 0 || server.routing().stable().version() != v2Version) {
                    record(new Stage("zero failed requests, v" + v2Version + " serving", "failed", 1, 0, 0,
                            canaryTraffic.outcome() + "; serving v" + server.routing().stable().version(),
                            null, null));
                    return finish();
                }
            } finally {
                server.stop(1);
            }
        }

        // 5. Trust: the registry's audit chain, the lineage graph, and v2 rebuilt from its lineage alone.
        if (mlops("verify the registry's audit chain", ExitCodes.OK, null, concat(List.of("audit", "verify"),
                registryArgs)) == null) {
            return finish();
        }
        if (mlops("lineage graph of the retraining run", ExitCodes.OK, "lineage.html", "lineage", "graph",
                "--lineage", v2Lineage, "--html", r + "/lineage.html") == null) {
            return finish();
        }
        if (mlops("reproduce v2 from its lineage, byte for byte", ExitCodes.OK, null, "reproduce", "--lineage",
                v2Lineage, "--out", w + "/models/v2-reproduced.zip") == null) {
            return finish();
        }
        // 6. The loop's own delivery figures, from the audit log the stages above wrote.
        mlops("ML delivery figures of this run", ExitCodes.OK, "delivery.html", concat(List.of("delivery",
                "--model", name, "--since", "1d", "--html", r + "/delivery.html", "--prometheus",
                w + "/delivery.prom"), registryArgs));
        return finish();
    }

    /** Runs one {@code mlops} command in-process; returns its JSON result, or null when it ended unexpectedly. */
    private JsonNode mlops(String title, int expectedExit, String report, String... args) throws IOException {
        return mlops(title, expectedExit, report, List.of(args));
    }

    private JsonNode mlops(String title, int expectedExit, String report, List<String> args) throws IOException {
        int index = stages.size() + 1;
        String slug = String.format(Locale.ROOT, "%02d-%s", index, args.get(0).equals("deploy") ? "deploy-canary"
                : args.get(0).equals("lineage") ? "lineage-graph" : args.get(0).equals("audit") ? "audit-verify"
                : args.get(0));
        Path result = results.resolve(slug + ".json");
        Path logFile = logs.resolve(slug + ".log");
        List<String> argv = new ArrayList<>(args);
        argv.addAll(List.of("--json", result.toString()));
        long started = System.nanoTime();
        int code;
        try (PrintWriter stageLog = new PrintWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8))) {
            stageLog.println("$ mlops " + String.join(" ", argv));
            stageLog.flush();
            CommandLine cli = MlopsCommand.commandLine(stageEnv);
            cli.setOut(stageLog);
            cli.setErr(stageLog);
            code = cli.execute(argv.toArray(String[]::new));
        }
        JsonNode json = Files.exists(result) ? Json.mapper().readTree(result.toFile()) : null;
        String status = json == null ? "error" : json.path("status").asText();
        record(new Stage(title, status, code, expectedExit, millisSince(started), json == null ? ""
                : describe(args.get(0), json), report == null ? null : report, logFile.toString()));
        return code == expectedExit && json != null ? json : null;
    }

    /** The one-line outcome of a stage for the summary. */
    private static String describe(String command, JsonNode json) {
        if (json.has("error")) {
            return json.at("/error/message").asText();
        }
        return switch (command) {
            case "validate" -> json.at("/dataset/rows").asText("?") + " rows, " + json.path("violations").size()
                    + " violations";
            case "train" -> String.format(Locale.ROOT, "best of %d trials: numTrees %s, maxDepth %s (CV %s %.3f)",
                    json.at("/search/trials").size(), json.at("/params/numTrees"), json.at("/params/maxDepth"),
                    json.at("/crossValidation/metric").asText(), json.at("/crossValidation/mean").asDouble());
            case "evaluate" -> String.format(Locale.ROOT, "auc %.3f%s, %s", json.at("/metrics/auc").asDouble(),
                    json.at("/champion/metrics/auc").isMissingNode() ? "" : String.format(Locale.ROOT,
                            " vs champion %.3f", json.at("/champion/metrics/auc").asDouble()),
                    json.path("status").asText());
            case "register" -> json.path("name").asText() + " v" + json.path("version").asInt() + " @"
                    + json.path("alias").asText();
            case "monitor" -> String.format(Locale.ROOT, "data drift in %s; concept drift %s (accuracy %.3f vs "
                    + "%.3f recorded); %d trigger(s) fired", json.at("/dataDrift/driftedColumns"),
                    json.at("/concept/drifted").asBoolean() ? "detected" : "not detected",
                    json.at("/concept/overall").asDouble(), json.at("/concept/recorded").asDouble(),
                    json.path("triggers").size());
            case "deploy" -> {
                JsonNode first = json.path("steps").path(0);
                yield json.path("phase").asText() + ": " + json.path("reason").asText() + (first.path("canaryAccuracy")
                        .isNumber() && first.path("stableAccuracy").isNumber() ? String.format(Locale.ROOT,
                        " (at %d%%: accuracy %.3f vs stable %.3f on delayed labels)", first.path("weight").asInt(),
                        first.path("canaryAccuracy").asDouble(), first.path("stableAccuracy").asDouble()) : "");
            }
            case "audit" -> json.path("problems").size() + " problems in " + json.path("log").asText();
            case "delivery" -> String.format(Locale.ROOT, "%d deployments, lead time median %s, change failure "
                    + "rate %s (%d attempts), drift recovered in %s", json.at("/overall/promotions").asInt(),
                    hours(json.at("/overall/leadTimeHours/median")), json.at("/overall/changeFailureRate").isNumber()
                            ? String.format(Locale.ROOT, "%.0f%%", 100 * json.at("/overall/changeFailureRate")
                            .asDouble()) : "none", json.at("/overall/attempts").asInt(),
                    hours(json.at("/overall/recoveryHours/median")));
            case "reproduce" -> json.path("identical").asBoolean() ? "identical bytes ("
                    + json.path("reproducedSha256").asText().substring(0, 12) + ")" : "differs: "
                    + json.path("differences");
            default -> json.path("status").asText();
        };
    }

    /** Hours as a person reads them: seconds or minutes when short, as in a demo. */
    private static String hours(JsonNode value) {
        if (!value.isNumber()) {
            return "none";
        }
        double seconds = value.asDouble() * 3600;
        return seconds < 120 ? String.format(Locale.ROOT, "%.0f s", seconds) : seconds < 7200
                ? String.format(Locale.ROOT, "%.0f min", seconds / 60) : String.format(Locale.ROOT, "%.1f h",
                seconds / 3600);
    }

    private void record(Stage stage) {
        stages.add(stage);
        PrintWriter out = out();
        out.printf(Locale.ROOT, "%-4s %-52s %-8s %6.1f s%n", (stage.asExpected() ? "ok" : "FAIL"),
                truncate(stage.title(), 52), stage.status(), stage.millis() / 1000.0);
        out.flush();
    }

    private static Stage withDetail(Stage s, String detail) {
        return new Stage(s.title(), s.status(), s.exitCode(), s.expectedExit(), s.millis(), detail, s.report(),
                s.log());
    }

    private Outcome finish() throws IOException {
        boolean ok = stages.stream().allMatch(Stage::asExpected);
        Stage failed = stages.stream().filter(s -> !s.asExpected()).findFirst().orElse(null);
        PrintWriter out = out();
        out.println();
        out.println(ok ? "The loop closed: drift detected, retrained, gated, canaried and promoted."
                : "The demo stopped at \"" + failed.title() + "\" (exit " + failed.exitCode() + ", expected "
                + failed.expectedExit() + "): " + failed.detail() + (failed.log() == null ? ""
                : "\n  log: " + failed.log()));
        for (Stage s : stages) {
            if (!s.detail().isEmpty()) {
                out.println("  " + truncate(s.title(), 40) + ": " + truncate(s.detail(), 150));
            }
        }
        Path index = reportDir.resolve("index.html");
        Html.write(index, indexPage(ok));
        out.println("Report: " + index + "   (work directory: " + workdir + ")");
        out.flush();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("workdir", workdir.toString());
        fields.put("registry", registry);
        fields.put("report", index.toString());
        fields.put("stages", stages);
        return new Outcome(ok ? "passed" : "failed", ok ? ExitCodes.OK : ExitCodes.INTERNAL, fields);
    }

    private String indexPage(boolean ok) {
        StringBuilder body = new StringBuilder("<h1>mlops demo</h1><p><span class=\"status " + (ok ? "passed"
                : "failed") + "\">" + (ok ? "loop closed" : "stopped") + "</span> registry <code>"
                + Html.escape(registry)
                + "</code></p><table><tr><th>#</th><th>stage</th><th>status</th><th>seconds</th><th>outcome</th>"
                + "<th>report</th></tr>");
        int i = 1;
        for (Stage s : stages) {
            body.append("<tr><td>").append(i++).append("</td><td>").append(Html.escape(s.title()))
                    .append("</td><td><span class=\"status ").append(s.asExpected() ? "passed" : "failed").append("\">")
                    .append(Html.escape(s.status())).append("</span></td><td>")
                    .append(String.format(Locale.ROOT, "%.1f", s.millis() / 1000.0)).append("</td><td>")
                    .append(Html.escape(s.detail())).append("</td><td>");
            if (s.report() != null) {
                body.append("<a href=\"").append(Html.escape(s.report())).append("\">").append(Html.escape(s.report()))
                        .append("</a>");
            }
            body.append("</td></tr>");
        }
        body.append("</table><p>Each stage's JSON result is in <code>").append(Html.escape(workdir.resolve("results")
                .toAbsolutePath().toString())).append("</code>, its log in <code>").append(Html.escape(workdir
                .resolve("logs").toAbsolutePath().toString())).append("</code>.</p>");
        return Html.page("mlops demo", body.toString());
    }

    /** Refuses to empty a directory that an earlier demo did not make. */
    private void prepareWorkdir() throws IOException {
        if (Files.exists(workdir)) {
            boolean empty;
            try (Stream<Path> entries = Files.list(workdir)) {
                empty = entries.findAny().isEmpty();
            }
            if (!empty && !Files.exists(workdir.resolve(MARKER))) {
                throw new UsageException(workdir + " exists and was not made by mlops demo; pick another --workdir");
            }
            try (Stream<Path> walk = Files.walk(workdir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    if (!p.equals(workdir)) {
                        Files.delete(p);
                    }
                }
            }
        }
        Files.createDirectories(workdir);
        Files.writeString(workdir.resolve(MARKER), "made by mlops demo; emptied by the next one\n");
    }

    /** The request log is written by a background thread: the monitor must not read it half-flushed. */
    private static void waitForLines(Path file, int lines) throws IOException, InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (Files.exists(file)) {
                try (Stream<String> s = Files.lines(file)) {
                    if (s.count() >= lines) {
                        return;
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new IOException(file + " has fewer than " + lines + " lines after 10 s");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    /**
     * The retraining job's side of the monitor's webhook, as a CI system would receive it: a loopback endpoint that
     * accepts only calls signed with the shared secret.
     */
    private static final class RetrainWebhook implements AutoCloseable {
        private final HttpServer http;
        private final CompletableFuture<JsonNode> event = new CompletableFuture<>();

        RetrainWebhook(String secret) throws IOException {
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.createContext("/retrain", ex -> {
                byte[] body = ex.getRequestBody().readAllBytes();
                String timestamp = ex.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER);
                String signature = ex.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER);
                boolean valid;
                try {
                    valid = timestamp != null && signature != null
                            && WebhookSignature.verify(secret, Long.parseLong(timestamp), body, signature);
                } catch (NumberFormatException e) {
                    valid = false;
                }
                if (valid) {
                    event.complete(Json.mapper().readTree(body));
                }
                ex.sendResponseHeaders(valid ? 202 : 403, -1);
                ex.close();
            });
            http.start();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/retrain");
        }

        JsonNode received(int seconds) throws InterruptedException {
            try {
                return event.get(seconds, TimeUnit.SECONDS);
            } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
                return null;
            }
        }

        @Override
        public void close() {
            http.stop(0);
        }
    }
}
