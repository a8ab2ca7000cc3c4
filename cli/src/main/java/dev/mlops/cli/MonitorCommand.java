package dev.mlops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.engine.InputException;
import dev.mlops.engine.Json;
import dev.mlops.engine.UsageException;
import dev.mlops.engine.lineage.Lineage;
import dev.mlops.engine.monitor.ColumnDrift;
import dev.mlops.engine.monitor.DriftOptions;
import dev.mlops.engine.monitor.Monitor;
import dev.mlops.engine.monitor.RetrainTrigger;
import dev.mlops.engine.monitor.TriggerLedger;
import dev.mlops.engine.registry.Registries;
import dev.mlops.engine.report.Html;
import dev.mlops.engine.report.MonitorPage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mlops monitor}: data, prediction and concept drift, and the retraining trigger. */
@Command(name = "monitor", mixinStandardHelpOptions = true,
        description = {"Compare current data (files, globs or the server's request log) with a reference and decide "
                + "drift; with --model also prediction drift and, given --labels, concept drift. On drift, fire "
                + "each --trigger once per data window.", "Exit 0 when nothing drifted, 12 on drift."})
final class MonitorCommand extends EngineCommand {

    @Option(names = "--reference", paramLabel = "FILE", description = "Reference data, or a profile JSON (from "
            + "validate/profile). Default with --model: the model's training profile.")
    Path reference;

    @Option(names = "--current", required = true, paramLabel = "FILE|GLOB", description = "Current data: a file, a "
            + "glob such as 'incoming/*.csv', or the server's request log; repeatable. Files are read in name order.")
    List<String> current = new ArrayList<>();

    @Option(names = "--model", paramLabel = "BUNDLE|NAME@ALIAS", description = "The model: adds prediction drift, "
            + "and concept drift with --labels.")
    String model;

    @Mixin
    RegistryOption registry;

    @Option(names = "--labels", paramLabel = "FILE", description = "Labelled feedback: the model's features and "
            + "target, in arrival order.")
    Path labels;

    @Option(names = "--config", paramLabel = "monitor.yaml", description = "Per-column tests and thresholds, the "
            + "drift share, concept-drift windows (docs/monitor.md).")
    Path config;

    @Option(names = "--html", paramLabel = "FILE", description = "Write an HTML report to FILE.")
    Path html;

    @Option(names = "--history", paramLabel = "FILE", description = "Append this run's summary to FILE (JSON "
            + "Lines); the report draws the drift share over the runs in it.")
    Path history;

    @Option(names = "--trigger", paramLabel = "jenkins:URL|webhook:URL", description = "On drift, start this: a "
            + "Jenkins job URL (buildWithParameters) or a webhook (signed JSON); repeatable.")
    List<String> triggers = new ArrayList<>();

    @Option(names = "--trigger-token-env", paramLabel = "VAR", description = "Variable holding Jenkins credentials: "
            + "user:apiToken, or the job's remote-trigger token.")
    String triggerTokenEnv;

    @Option(names = "--trigger-secret-env", paramLabel = "VAR", description = "Variable holding the webhook's HMAC "
            + "secret.")
    String triggerSecretEnv;

    @Option(names = "--ledger", paramLabel = "FILE", description = "Where fired triggers are remembered, so that one "
            + "data window triggers once (default: .mlops/monitor-triggers.json).")
    Path ledger = TriggerLedger.DEFAULT_FILE;

    @Option(names = "--every", paramLabel = "DURATION", description = "Run as a daemon: repeat every DURATION "
            + "(e.g. 15m, 30s, 1h) until stopped.")
    String every;

    @Mixin
    ReadOptionsMixin read;

    @Override
    Outcome run() throws Exception {
        List<RetrainTrigger> targets = new ArrayList<>();
        for (String t : triggers) {
            targets.add(RetrainTrigger.parse(t, t.startsWith("webhook:") ? triggerSecretEnv : triggerTokenEnv,
                    env()));
        }
        DriftOptions options = config == null ? DriftOptions.DEFAULTS : readConfig(config);
        if (every == null) {
            return once(options, targets);
        }
        Duration interval = parseDuration(every);
        // A daemon: each round writes its own result and lineage step; only an interrupt ends it.
        while (!Thread.currentThread().isInterrupted()) {
            Instant started = Instant.now();
            Outcome round;
            try {
                round = once(options, targets);
            } catch (Exception e) {
                round = failure(e);
            }
            complete(started, round);
            out().printf("next run in %s%n", every);
            out().flush();
            Thread.sleep(interval.toMillis());
        }
        throw new InterruptedException("monitor daemon interrupted");
    }

    private Outcome once(DriftOptions options, List<RetrainTrigger> targets) throws Exception {
        ModelArgument modelArgument = model == null ? null : ModelArgument.resolve(model, registry, env(), log());
        List<Path> currentFiles = expand(current);
        Monitor.Result result = Monitor.run(new Monitor.Request(reference, currentFiles, read.toReadOptions(),
                modelArgument == null ? null : modelArgument.bundle(), labels, options), log());
        List<Double> earlierShares = history == null ? List.of() : readHistory(history);
        if (html != null) {
            Html.write(html, MonitorPage.render(result, earlierShares));
        }
        printSummary(result);
        List<Map<String, Object>> fired = result.drift() ? fire(result, modelArgument, targets) : List.of();
        if (result.drift()) {
            recordDrift(result, modelArgument, fired);
        }
        if (history != null) {
            appendHistory(result);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("drift", result.drift());
        fields.put("reasons", result.reasons());
        fields.put("window", result.window());
        fields.put("reference", Map.of("kind", result.referenceKind(), "dataset", result.reference()));
        fields.put("current", result.current());
        if (modelArgument != null) {
            fields.put("model", modelReference(modelArgument));
        }
        fields.put("dataDrift", Map.of("share", result.data().share(), "threshold",
                result.data().driftShareThreshold(), "datasetDrift", result.data().datasetDrift(),
                "driftedColumns", result.data().driftedColumns(), "skipped", result.data().skipped()));
        fields.put("columns", result.data().columns());
        fields.put("prediction", result.prediction());
        fields.put("concept", result.concept());
        fields.put("triggers", fired);
        if (html != null) {
            fields.put("report", html.toString());
        }
        boolean triggerFailed = fired.stream().anyMatch(f -> f.containsKey("error"));
        List<Map<String, Object>> inputs = new ArrayList<>();
        if (reference != null) {
            inputs.add(Lineage.file("reference", reference));
        }
        for (Path f : currentFiles) {
            inputs.add(Lineage.file("current", f));
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("config", config == null ? null : config.toString());
        params.put("model", model);
        params.put("triggers", fired.stream().map(f -> f.get("target")).toList());
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("drift", result.drift());
        outputs.put("driftedColumns", result.data().driftedColumns());
        outputs.put("window", result.window());
        outputs.put("triggers", fired);
        String status = triggerFailed ? "error" : result.drift() ? "drift" : "passed";
        int code = triggerFailed ? ExitCodes.INTERNAL : result.drift() ? ExitCodes.DRIFT : ExitCodes.OK;
        return new Outcome(status, code, fields).withLineage(inputs, params, outputs);
    }

    private static Map<String, Object> modelReference(ModelArgument m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("path", m.version() == null ? m.bundle().toString() : null);
        if (m.version() != null) {
            out.put("name", m.version().name());
            out.put("version", m.version().version());
            out.put("sha256", m.version().sha256());
        }
        return out;
    }

    /** Fires every trigger at most once for this window; a failure is reported, the others still fire. */
    private List<Map<String, Object>> fire(Monitor.Result result, ModelArgument modelArgument,
                                           List<RetrainTrigger> targets) throws IOException {
        if (targets.isEmpty()) {
            return List.of();
        }
        Map<String, String> parameters = triggerParameters(result, modelArgument);
        String json = Json.line(webhookPayload(result, parameters));
        TriggerLedger ledgerFile = new TriggerLedger(ledger);
        List<Map<String, Object>> out = new ArrayList<>();
        for (RetrainTrigger t : targets) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("target", t.target());
            try {
                TriggerLedger.FireResult r = ledgerFile.fireOnce(result.window(), t.target(), () -> {
                    try {
                        RetrainTrigger.Outcome o = t.fire(parameters, json);
                        ObjectNode node = Json.mapper().createObjectNode();
                        node.put("firedAt", Instant.now().toString());
                        node.put("status", o.status());
                        node.put("location", o.location());
                        return node;
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.UncheckedIOException(new java.io.InterruptedIOException("interrupted"));
                    }
                });
                entry.put("fired", r.fired());
                entry.put("firedAt", r.entry().path("firedAt").asText());
                entry.put("status", r.entry().path("status").asInt());
                if (r.entry().hasNonNull("location")) {
                    entry.put("location", r.entry().get("location").asText());
                }
                out().println(r.fired() ? "triggered " + t.target() : "already triggered " + t.target()
                        + " for this data window at " + r.entry().path("firedAt").asText() + "; not again");
            } catch (java.io.UncheckedIOException e) {
                entry.put("fired", false);
                entry.put("error", e.getCause().getMessage());
                err().println("mlops monitor: trigger " + t.target() + " failed: " + e.getCause().getMessage());
            }
            out.add(entry);
        }
        return out;
    }

    /**
     * A drift of a registered model is recorded in the registry's audit log, with the triggers it fired: where
     * {@code mlops delivery} measures the time to recover from it.
     */
    private void recordDrift(Monitor.Result result, ModelArgument m, List<Map<String, Object>> fired) {
        if (m == null || m.version() == null) {
            return;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("window", result.window());
        details.put("reasons", result.reasons());
        details.put("driftedColumns", result.data().driftedColumns());
        details.put("triggers", fired);
        m.registry().recordEvent("drift", m.version().name(), m.version().version(), Registries.actor(env()), null,
                details);
    }

    /** The drift summary as build parameters: flat strings, as Jenkins expects. */
    private Map<String, String> triggerParameters(Monitor.Result result, ModelArgument m) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("DRIFT_WINDOW", result.window());
        p.put("DRIFT_COLUMNS", String.join(",", result.data().driftedColumns()));
        p.put("DRIFT_SHARE", String.format(Locale.ROOT, "%.4f", result.data().share()));
        p.put("DRIFT_REASONS", String.join("; ", result.reasons()));
        p.put("DRIFT_CURRENT", String.join(",", result.current().stream().map(f -> f.path()).toList()));
        if (m != null) {
            p.put("MODEL", m.version() == null ? m.bundle().toString() : m.version().name() + "/"
                    + m.version().version());
        }
        String buildUrl = env().get("BUILD_URL");
        if (buildUrl != null) {
            p.put("MONITOR_BUILD", buildUrl);
        }
        if (html != null) {
            p.put("DRIFT_REPORT", buildUrl != null ? buildUrl + "artifact/" + html : html.toString());
        }
        return p;
    }

    private static Map<String, Object> webhookPayload(Monitor.Result result, Map<String, String> parameters) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("event", "drift");
        payload.put("time", Instant.now().toString());
        payload.put("window", result.window());
        payload.put("reasons", result.reasons());
        payload.put("driftedColumns", result.data().driftedColumns());
        payload.put("share", result.data().share());
        payload.put("parameters", parameters);
        return payload;
    }

    private List<Double> readHistory(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<Double> shares = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                JsonNode n = Json.mapper().readTree(lines.get(i));
                shares.add(n.get("share").asDouble());
            } catch (IOException | NullPointerException e) {
                throw new InputException(file, (long) i + 1, "share", "is not a monitor history line", null);
            }
        }
        return shares;
    }

    private void appendHistory(Monitor.Result result) throws IOException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.now().toString());
        line.put("window", result.window());
        line.put("share", result.data().share());
        line.put("drift", result.drift());
        line.put("driftedColumns", result.data().driftedColumns());
        if (history.toAbsolutePath().getParent() != null) {
            Files.createDirectories(history.toAbsolutePath().getParent());
        }
        Files.writeString(history, Json.line(line) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static DriftOptions readConfig(Path file) {
        JsonNode node = Json.readConfig(file);
        try {
            return Json.mapper().treeToValue(node, DriftOptions.class);
        } catch (IOException | IllegalArgumentException e) {
            String why = e instanceof com.fasterxml.jackson.core.JacksonException j ? j.getOriginalMessage()
                    : e.getMessage();
            throw new InputException(file, "is not a valid monitor configuration: " + why);
        }
    }

    /** Files and globs to paths, each glob's matches in name order; a glob matching nothing is an error. */
    static List<Path> expand(List<String> patterns) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String pattern : patterns) {
            if (!pattern.contains("*") && !pattern.contains("?") && !pattern.contains("[")) {
                out.add(Path.of(pattern));
                continue;
            }
            Path base = Path.of(pattern).getParent() == null ? Path.of(".") : Path.of(pattern).getParent();
            while (base.toString().contains("*") || base.toString().contains("?")) {
                base = base.getParent() == null ? Path.of(".") : base.getParent();
            }
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            Path root = base;
            try (Stream<Path> walk = Files.walk(root)) {
                List<Path> matches = walk.filter(Files::isRegularFile)
                        .filter(p -> matcher.matches(root.equals(Path.of(".")) ? root.relativize(p) : p)).sorted()
                        .toList();
                if (matches.isEmpty()) {
                    throw new InputException(Path.of(pattern), "matches no file");
                }
                out.addAll(matches);
            } catch (java.nio.file.NoSuchFileException e) {
                throw new InputException(Path.of(pattern), "matches no file (no directory " + root + ")");
            }
        }
        return out;
    }

    static Duration parseDuration(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)").matcher(text.trim());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new UsageException("expected a duration such as 500ms, 30s, 15m or 1h; got '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    private void printSummary(Monitor.Result r) {
        out().printf(Locale.ROOT, "%s: %d of %d columns drifted (share %.2f, dataset drift at %.2f)%n",
                r.drift() ? "DRIFT" : "NO DRIFT", r.data().driftedColumns().size(), r.data().columns().size(),
                r.data().share(), r.data().driftShareThreshold());
        for (ColumnDrift c : r.data().columns()) {
            printColumn(c);
        }
        if (r.prediction() != null) {
            printColumn(r.prediction());
        }
        if (r.concept() != null) {
            out().printf(Locale.ROOT, "  concept: %s %.4f%s%s%n", r.concept().metric(), r.concept().overall(),
                    r.concept().recorded() == null ? "" : String.format(Locale.ROOT, " (recorded %.4f)",
                            r.concept().recorded()), r.concept().alarmRow() == null ? ""
                            : ", Page-Hinkley alarm at row " + r.concept().alarmRow());
        }
        for (String reason : r.reasons()) {
            out().println("  " + reason);
        }
        out().flush();
    }

    private void printColumn(ColumnDrift c) {
        out().printf(Locale.ROOT, "  %-6s %-24s %-12s %-13s %s=%.4g (threshold %.4g)%n", c.drifted() ? "DRIFT" : "ok",
                c.column(), c.kind(), c.test().id(), c.pValue() != null ? "p" : "stat", c.score(), c.threshold());
    }
}
