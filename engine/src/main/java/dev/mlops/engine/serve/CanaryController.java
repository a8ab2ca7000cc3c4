package dev.mlops.engine.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.engine.AtomicFiles;
import dev.mlops.engine.Json;
import dev.mlops.engine.LogSink;
import dev.mlops.engine.monitor.DriftStatistics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Drives a canary rollout on a running model server, as Argo Rollouts and Flagger do: for each step it sets the
 * candidate's traffic weight, waits an interval while watching the server's metrics, and compares the canary with
 * stable over that interval (error rate, p99 latency, divergence of the predicted-label distributions and, when
 * feedback labels are given, the canary's accuracy on the requests of the interval). Divergence needs
 * {@code minRequests} predictions on each side; when stable answered fewer in the interval (at 100% it answers only
 * the requests in flight when the weight moved), its predictions since the rollout began are the reference. Any failed
 * check rolls back at once; when every step passes it promotes. Progress is persisted in a state file after every
 * step, so a restarted controller resumes where it stopped, and {@code mlops deploy abort} (which marks the state
 * aborted) stops it with a rollback.
 */
public final class CanaryController {

    /**
     * @param minRequests canary requests a step needs before it can pass; fewer is a failed step (also the least
     *                    labelled canary predictions when {@code accuracy} is set)
     * @param poll        how often metrics are checked within an interval (failures stop the step early)
     * @param accuracy    the accuracy check, or null for none
     */
    public record Options(String model, int version, List<Integer> steps, Duration interval, double maxErrorRate,
                          double maxP99Ms, double maxDivergence, long minRequests, Duration poll, Path stateFile,
                          AccuracyCheck accuracy) {
        public Options {
            steps = List.copyOf(steps);
            if (steps.isEmpty() || steps.stream().anyMatch(s -> s < 1 || s > 100)) {
                throw new IllegalArgumentException("steps must be weights between 1 and 100, got " + steps);
            }
        }
    }

    /**
     * Ground truth for the canary: the server's request log (sample rate 1 for a full count) and the feedback file
     * that labels its rows by key, see {@link FeedbackAccuracy}.
     */
    public record AccuracyCheck(Path requestLog, Path feedback, double minAccuracy) {
    }

    /**
     * One analysed step; the accuracies are null without an accuracy check, the divergence is null when either side
     * had fewer than {@code minRequests} predictions to compare.
     */
    public record Step(int weight, long canaryRequests, long stableRequests, double canaryErrorRate,
                       double stableErrorRate, double canaryP99Ms, Double divergence, Long canaryLabelled,
                       Double canaryAccuracy, Double stableAccuracy, boolean passed, String reason) {
    }

    /** How the rollout ended: {@code promoted}, {@code rolled-back} or {@code aborted}. */
    public record Outcome(String phase, int stableVersion, String reason, List<Step> steps) {
        public boolean promoted() {
            return phase.equals("promoted");
        }
    }

    private final AdminClient admin;
    private final Options options;
    private final LogSink log;

    public CanaryController(AdminClient admin, Options options, LogSink log) {
        this.admin = admin;
        this.options = options;
        this.log = log;
    }

    public Outcome run() throws IOException, InterruptedException {
        ObjectNode state = readState(options.stateFile());
        int firstStep = 0;
        if (state != null && "progressing".equals(state.path("phase").asText())) {
            if (state.path("model").asText().equals(options.model()) && state.path("version").asInt()
                    == options.version()) {
                firstStep = state.path("step").asInt();
                log.info("resuming the rollout of version " + options.version() + " at step " + (firstStep + 1));
            } else {
                log.info("an unfinished rollout of version " + state.path("version").asInt() + " is rolled back first");
                admin.post("rollback", Map.of());
            }
        }
        JsonNode status = admin.status();
        int stableVersion = status.at("/stable/version").asInt();
        if (stableVersion == options.version()) {
            return new Outcome("promoted", stableVersion, "version " + options.version() + " is already stable",
                    List.of());
        }
        admin.post("candidate", Map.of("version", options.version()));
        PrometheusText rolloutStart = admin.metrics();
        List<Step> steps = new ArrayList<>();
        for (int i = firstStep; i < options.steps().size(); i++) {
            int weight = options.steps().get(i);
            writeState("progressing", i, stableVersion, steps, null);
            admin.post("weight", Map.of("weight", weight));
            log.info(String.format(Locale.ROOT, "step %d/%d: canary at %d%% for %s", i + 1, options.steps().size(),
                    weight, options.interval()));
            Step step = watch(rolloutStart, weight, stableVersion);
            steps.add(step);
            if (step == null) {
                admin.post("rollback", Map.of());
                String reason = "aborted by request (mlops deploy abort)";
                writeState("aborted", i, stableVersion, steps, reason);
                return new Outcome("aborted", stableVersion, reason, steps);
            }
            if (!step.passed()) {
                admin.post("rollback", Map.of());
                String reason = "step " + (i + 1) + " at " + weight + "%: " + step.reason();
                writeState("rolled-back", i, stableVersion, steps, reason);
                log.info("rolled back: " + reason);
                return new Outcome("rolled-back", stableVersion, reason, steps);
            }
            log.info("  passed: " + step.reason());
        }
        admin.post("promote", Map.of());
        String reason = "canary passed " + options.steps().size() + " steps " + options.steps();
        writeState("promoted", options.steps().size(), options.version(), steps, reason);
        return new Outcome("promoted", options.version(), reason, steps);
    }

    /** Watches one interval; returns the step's analysis, null if the rollout was aborted meanwhile. */
    private Step watch(PrometheusText rolloutStart, int weight, int stableVersion)
            throws IOException, InterruptedException {
        PrometheusText before = admin.metrics();
        Instant started = Instant.now();
        Instant end = Instant.now().plus(options.interval());
        Step last;
        while (true) {
            long left = Duration.between(Instant.now(), end).toMillis();
            Thread.sleep(Math.max(0, Math.min(left, options.poll().toMillis())));
            if (aborted()) {
                return null;
            }
            last = analyse(rolloutStart, before, admin.metrics(), weight, stableVersion, null);
            boolean done = !Instant.now().isBefore(end);
            // Errors and latency stop a step early; divergence needs the whole interval's sample to be judged.
            boolean hardFailure = last.canaryErrorRate() > options.maxErrorRate() || last.canaryP99Ms()
                    > options.maxP99Ms();
            if (hardFailure && last.canaryRequests() >= options.minRequests()) {
                return last;
            }
            if (done) {
                return analyse(rolloutStart, before, admin.metrics(), weight, stableVersion, started);
            }
        }
    }

    private boolean aborted() throws IOException {
        ObjectNode state = readState(options.stateFile());
        return state != null && "aborted".equals(state.path("phase").asText());
    }

    /**
     * Compares the canary with stable over the metrics' difference between {@code before} and {@code after}
     * ({@code rolloutStart} is the divergence's fallback reference). {@code intervalStart} is set for the interval's
     * final judgement, which requires the minimum traffic and checks accuracy on the rows logged since then.
     */
    Step analyse(PrometheusText rolloutStart, PrometheusText before, PrometheusText after, int weight,
                 int stableVersion, Instant intervalStart) throws IOException {
        boolean last = intervalStart != null;
        Map<String, String> canary = Map.of("version", Integer.toString(options.version()), "route", "canary");
        Map<String, String> stable = Map.of("version", Integer.toString(stableVersion), "route", "stable");
        long canaryRequests = (long) delta(before, after, "mlops_requests_total", canary);
        long stableRequests = (long) delta(before, after, "mlops_requests_total", stable);
        double canaryErrors = delta(before, after, "mlops_request_errors_total", canary);
        double stableErrors = delta(before, after, "mlops_request_errors_total", stable);
        double canaryErrorRate = canaryRequests == 0 ? 0 : canaryErrors / canaryRequests;
        double stableErrorRate = stableRequests == 0 ? 0 : stableErrors / stableRequests;
        double p99 = p99Ms(before, after, canary);
        Map<String, Double> canaryPredictions = predictions(before, after, canary);
        Map<String, Double> stablePredictions = predictions(before, after, stable);
        String reference = "stable";
        if (total(stablePredictions) < options.minRequests()) {
            stablePredictions = predictions(rolloutStart, after, stable);
            reference = "stable since the rollout began";
        }
        Double divergence = total(canaryPredictions) < options.minRequests()
                || total(stablePredictions) < options.minRequests() ? null
                : divergence(canaryPredictions, stablePredictions);
        List<String> failures = new ArrayList<>();
        if (canaryErrorRate > options.maxErrorRate()) {
            failures.add(String.format(Locale.ROOT, "error rate %.4f > %.4f", canaryErrorRate, options.maxErrorRate()));
        }
        if (p99 > options.maxP99Ms()) {
            failures.add(String.format(Locale.ROOT, "p99 %.1f ms > %.1f ms", p99, options.maxP99Ms()));
        }
        if (divergence != null && divergence > options.maxDivergence()) {
            failures.add(String.format(Locale.ROOT, "prediction divergence %.3f > %.3f (Jensen-Shannon vs %s)",
                    divergence, options.maxDivergence(), reference));
        }
        if (last && canaryRequests < options.minRequests()) {
            failures.add("only " + canaryRequests + " canary requests (at least " + options.minRequests()
                    + " needed to judge)");
        }
        String summary = String.format(Locale.ROOT, "%d canary / %d stable requests, error rate %.4f (stable %.4f), "
                + "p99 ≤ %.1f ms, divergence %s", canaryRequests, stableRequests, canaryErrorRate, stableErrorRate,
                p99, divergence == null ? String.format(Locale.ROOT, "not judged (%.0f canary predictions, %.0f %s)",
                        total(canaryPredictions), total(stablePredictions), reference)
                        : String.format(Locale.ROOT, "%.3f vs %s", divergence, reference));
        Long labelled = null;
        Double canaryAccuracy = null;
        Double stableAccuracy = null;
        AccuracyCheck check = options.accuracy();
        if (last && check != null) {
            Map<String, FeedbackAccuracy.Tally> tallies = FeedbackAccuracy.measure(check.requestLog(),
                    check.feedback(), intervalStart);
            FeedbackAccuracy.Tally c = tallies.getOrDefault("canary", new FeedbackAccuracy.Tally(0, 0));
            FeedbackAccuracy.Tally s = tallies.getOrDefault("stable", new FeedbackAccuracy.Tally(0, 0));
            labelled = c.labelled();
            canaryAccuracy = c.labelled() == 0 ? null : c.accuracy();
            stableAccuracy = s.labelled() == 0 ? null : s.accuracy();
            if (c.labelled() < options.minRequests()) {
                failures.add("only " + c.labelled() + " labelled canary predictions (at least "
                        + options.minRequests() + " needed to judge accuracy)");
            } else if (c.accuracy() < check.minAccuracy()) {
                failures.add(String.format(Locale.ROOT, "accuracy %.3f < %.3f on %d labelled canary predictions",
                        c.accuracy(), check.minAccuracy(), c.labelled()));
            }
            summary += String.format(Locale.ROOT, ", accuracy %s on %d labelled (stable %s)",
                    canaryAccuracy == null ? "n/a" : String.format(Locale.ROOT, "%.3f", canaryAccuracy), c.labelled(),
                    stableAccuracy == null ? "n/a" : String.format(Locale.ROOT, "%.3f", stableAccuracy));
        }
        return new Step(weight, canaryRequests, stableRequests, canaryErrorRate, stableErrorRate, p99, divergence,
                labelled, canaryAccuracy, stableAccuracy, failures.isEmpty(),
                failures.isEmpty() ? summary : String.join("; ", failures) + " (" + summary + ")");
    }

    private static double delta(PrometheusText before, PrometheusText after, String name, Map<String, String> match) {
        return after.sum(name, match) - before.sum(name, match);
    }

    /** The upper bound of the latency bucket holding the 99th percentile of the interval's canary requests. */
    private static double p99Ms(PrometheusText before, PrometheusText after, Map<String, String> canary) {
        Map<String, String> all = new LinkedHashMap<>(canary);
        all.put("le", "+Inf");
        double total = delta(before, after, "mlops_request_duration_seconds_bucket", all);
        if (total == 0) {
            return 0;
        }
        TreeSet<Double> bounds = new TreeSet<>();
        after.select("mlops_request_duration_seconds_bucket", canary).forEach(s -> bounds.add(
                s.labels().get("le").equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(s.labels().get("le"))));
        for (double bound : bounds) {
            Map<String, String> match = new LinkedHashMap<>(canary);
            match.put("le", bound == Double.POSITIVE_INFINITY ? "+Inf" : ServerMetricsFormat.bound(bound));
            if (delta(before, after, "mlops_request_duration_seconds_bucket", match) >= 0.99 * total) {
                return bound * 1000;
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /** Predictions per predicted label (or value bucket) of one route between two scrapes. */
    private static Map<String, Double> predictions(PrometheusText from, PrometheusText to,
                                                   Map<String, String> route) {
        Map<String, Double> counts = new TreeMap<>();
        for (PrometheusText.Sample sample : to.select("mlops_predictions_total", route)) {
            Map<String, String> match = new LinkedHashMap<>(route);
            match.put("prediction", sample.labels().get("prediction"));
            counts.put(sample.labels().get("prediction"), delta(from, to, "mlops_predictions_total", match));
        }
        return counts;
    }

    private static double total(Map<String, Double> counts) {
        return counts.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** Jensen–Shannon distance between two routes' predicted-label counts. */
    private static double divergence(Map<String, Double> canary, Map<String, Double> stable) {
        TreeSet<String> labels = new TreeSet<>(canary.keySet());
        labels.addAll(stable.keySet());
        double[] c = labels.stream().mapToDouble(l -> canary.getOrDefault(l, 0.0)).toArray();
        double[] s = labels.stream().mapToDouble(l -> stable.getOrDefault(l, 0.0)).toArray();
        return DriftStatistics.jensenShannon(s, c);
    }

    private void writeState(String phase, int step, int stableVersion, List<Step> steps, String reason)
            throws IOException {
        ObjectNode state = Json.mapper().createObjectNode();
        state.put("model", options.model());
        state.put("version", options.version());
        state.put("phase", phase);
        state.put("step", step);
        state.set("steps", Json.mapper().valueToTree(options.steps()));
        state.put("stableVersion", stableVersion);
        state.put("server", admin.server().toString());
        state.put("updatedAt", Instant.now().toString());
        if (reason != null) {
            state.put("reason", reason);
        }
        state.set("analysis", Json.mapper().valueToTree(steps));
        AtomicFiles.write(options.stateFile(), Json.mapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(state) + "\n");
    }

    /** The persisted state, or null when there is none. */
    public static ObjectNode readState(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        return (ObjectNode) Json.mapper().readTree(file.toFile());
    }

    /** Marks a rollout aborted; a running controller sees it at its next poll and rolls back. */
    public static void abort(Path stateFile, String reason) throws IOException {
        ObjectNode state = readState(stateFile);
        if (state == null) {
            state = Json.mapper().createObjectNode();
        }
        state.put("phase", "aborted");
        state.put("reason", reason);
        state.put("updatedAt", Instant.now().toString());
        AtomicFiles.write(stateFile, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(state) + "\n");
    }
}
