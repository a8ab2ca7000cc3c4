package dev.mlops.cli;

import dev.mlops.engine.UsageException;
import dev.mlops.engine.registry.ModelRegistry;
import dev.mlops.engine.registry.Registries;
import dev.mlops.engine.registry.RegistryException;
import dev.mlops.engine.serve.AdminClient;
import dev.mlops.engine.serve.CanaryController;
import dev.mlops.engine.serve.PrometheusText;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mlops deploy}: progressive delivery on a running model server. */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = "Roll a model version out on a running `mlops serve`: canary with automatic analysis, shadow "
                + "comparison, or abort.",
        subcommands = {DeployCommand.Canary.class, DeployCommand.Shadow.class, DeployCommand.Abort.class})
final class DeployCommand {

    /** Options every deploy subcommand shares. */
    static final class ServerOptions {
        @Option(names = "--server", required = true, paramLabel = "URL", description = "The model server, e.g. "
                + "http://127.0.0.1:8080.")
        URI server;

        @Option(names = "--model", required = true, paramLabel = "NAME", description = "The served model's name.")
        String model;

        @Option(names = "--admin-token-env", paramLabel = "VAR", description = "Variable holding the server's admin "
                + "token.")
        String adminTokenEnv;

        @Option(names = "--state", paramLabel = "FILE", description = "The rollout's state file (default: "
                + ".mlops/deploy-NAME.json).")
        Path state;

        AdminClient client(Map<String, String> env) {
            return new AdminClient(server, EngineCommand.secret(env, adminTokenEnv, "--admin-token-env"));
        }

        /**
         * Records how a rollout of {@code version} ended in the registry's audit log (for {@code mlops delivery}),
         * when the model is in it. The rollout is over either way and its outcome is in the command's result and
         * lineage, so a registry that cannot record it is reported, not an error.
         */
        void recordOutcome(ModelRegistry registry, int version, String actor, String reason,
                           Map<String, Object> details, PrintWriter err) {
            try {
                if (registry.models().contains(model)) {
                    registry.recordEvent("canary", model, version, actor, reason, details);
                }
            } catch (RegistryException e) {
                err.println("mlops deploy: the rollout's outcome could not be recorded in " + registry.location()
                        + ": " + e.getMessage());
            }
        }

        Path stateFile() {
            return state != null ? state : Path.of(".mlops", "deploy-" + model + ".json");
        }
    }

    @Command(name = "canary", mixinStandardHelpOptions = true,
            description = {"Shift traffic to --version step by step, analyse canary against stable after each "
                    + "interval, and promote (moving the registry's production alias) or roll back.",
                    "Exit 0 when promoted, 13 when rolled back or aborted."})
    static final class Canary extends EngineCommand {
        @Mixin
        ServerOptions target;

        @Option(names = "--version", required = true, description = "The candidate version.")
        int version;

        @Option(names = "--steps", split = ",", defaultValue = "10,25,50,100", paramLabel = "W,W,...",
                description = "Traffic weights in percent (default: ${DEFAULT-VALUE}).")
        List<Integer> steps;

        @Option(names = "--interval", defaultValue = "60s", description = "Time per step (default: ${DEFAULT-VALUE}).")
        String interval;

        @Option(names = "--max-error-rate", defaultValue = "0.01", description = "Default: ${DEFAULT-VALUE}.")
        double maxErrorRate;

        @Option(names = "--max-p99-ms", defaultValue = "50", description = "Default: ${DEFAULT-VALUE}.")
        double maxP99Ms;

        @Option(names = "--max-prediction-divergence", defaultValue = "0.1", description = "Largest Jensen-Shannon "
                + "distance between canary and stable predictions (default: ${DEFAULT-VALUE}).")
        double maxDivergence;

        @Option(names = "--min-requests", defaultValue = "20", description = "Canary requests a step needs to be "
                + "judged (default: ${DEFAULT-VALUE}).")
        long minRequests;

        @Option(names = "--labels", paramLabel = "FEEDBACK.jsonl", description = "Ground truth as JSON lines "
                + "{\"key\": ..., \"label\": ...}, keyed by the requests' X-Mlops-Key; with --min-accuracy, each step "
                + "also needs the canary's accuracy on that interval's labelled requests.")
        Path labels;

        @Option(names = "--min-accuracy", paramLabel = "A", description = "Least canary accuracy on labelled "
                + "requests (needs --labels and --request-log).")
        Double minAccuracy;

        @Option(names = "--request-log", paramLabel = "FILE", description = "The server's request log (`mlops "
                + "serve --request-log`, best with --sample 1), which --labels joins by key.")
        Path requestLog;

        @Option(names = "--alias", defaultValue = "production", description = "The registry alias that moves on "
                + "promotion (default: ${DEFAULT-VALUE}).")
        String alias;

        @Mixin
        RegistryOption registry;

        @Override
        Outcome run() throws Exception {
            Duration step = MonitorCommand.parseDuration(interval);
            CanaryController controller = new CanaryController(target.client(env()), new CanaryController.Options(
                    target.model, version, steps, step, maxErrorRate, maxP99Ms, maxDivergence, minRequests,
                    step.compareTo(Duration.ofSeconds(2)) < 0 ? step : Duration.ofSeconds(1), target.stateFile(),
                    accuracyCheck()), log());
            CanaryController.Outcome o = controller.run();
            String aliasNote = null;
            ModelRegistry r = registry.open(env());
            target.recordOutcome(r, version, Registries.actor(env()), o.reason(),
                    Map.of("outcome", o.phase(), "stableVersion", o.stableVersion()), err());
            if (o.promoted() && !o.steps().isEmpty()) {
                r.setAlias(target.model, alias, version, Registries.actor(env()), o.reason());
                aliasNote = target.model + "@" + alias + " -> " + version;
            }
            out().printf(Locale.ROOT, "%s: %s%n", o.phase().toUpperCase(Locale.ROOT), o.reason());
            for (CanaryController.Step s : o.steps()) {
                out().printf(Locale.ROOT, "  %3d%% %s%n", s.weight(), s.reason());
            }
            if (aliasNote != null) {
                out().println("  registry: " + aliasNote);
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("model", target.model);
            fields.put("version", version);
            fields.put("phase", o.phase());
            fields.put("stableVersion", o.stableVersion());
            fields.put("reason", o.reason());
            fields.put("steps", o.steps());
            fields.put("alias", aliasNote);
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("server", target.server.toString());
            params.put("steps", steps);
            params.put("interval", interval);
            params.put("maxErrorRate", maxErrorRate);
            params.put("maxP99Ms", maxP99Ms);
            params.put("maxPredictionDivergence", maxDivergence);
            if (minAccuracy != null) {
                params.put("minAccuracy", minAccuracy);
            }
            Map<String, Object> outputs = new LinkedHashMap<>();
            outputs.put("deployment", Map.of("model", target.model, "version", version, "phase", o.phase(),
                    "stableVersion", o.stableVersion(), "reason", o.reason()));
            return new Outcome(o.phase(), o.promoted() ? ExitCodes.OK : ExitCodes.ROLLED_BACK, fields)
                    .withLineage(List.of(), params, outputs);
        }

        private CanaryController.AccuracyCheck accuracyCheck() {
            if (labels == null && minAccuracy == null) {
                return null;
            }
            if (labels == null || minAccuracy == null || requestLog == null) {
                throw new UsageException("--labels, --min-accuracy and --request-log go together");
            }
            if (minAccuracy < 0 || minAccuracy > 1) {
                throw new UsageException("--min-accuracy must be between 0 and 1, got " + minAccuracy);
            }
            return new CanaryController.AccuracyCheck(requestLog, labels, minAccuracy);
        }
    }

    @Command(name = "shadow", mixinStandardHelpOptions = true,
            description = {"Mirror traffic to --version for --duration, compare its answers with stable's, and report "
                    + "the agreement; the candidate never answers a client.",
                    "Exit 0 when agreement ≥ --min-agreement, 11 otherwise."})
    static final class Shadow extends EngineCommand {
        @Mixin
        ServerOptions target;

        @Option(names = "--version", required = true, description = "The version to shadow.")
        int version;

        @Option(names = "--duration", defaultValue = "60s", description = "Default: ${DEFAULT-VALUE}.")
        String duration;

        @Option(names = "--min-agreement", defaultValue = "0.9", description = "Default: ${DEFAULT-VALUE}.")
        double minAgreement;

        @Override
        Outcome run() throws Exception {
            AdminClient admin = target.client(env());
            admin.post("shadow", Map.of("version", version));
            PrometheusText before = admin.metrics();
            Thread.sleep(MonitorCommand.parseDuration(duration).toMillis());
            PrometheusText after = admin.metrics();
            admin.post("rollback", Map.of());
            Map<String, String> agreed = Map.of("shadow", Integer.toString(version), "agreed", "true");
            Map<String, String> all = Map.of("shadow", Integer.toString(version));
            double yes = after.sum("mlops_shadow_comparisons_total", agreed)
                    - before.sum("mlops_shadow_comparisons_total", agreed);
            double total = after.sum("mlops_shadow_comparisons_total", all)
                    - before.sum("mlops_shadow_comparisons_total", all);
            double agreement = total == 0 ? 0 : yes / total;
            boolean passed = total > 0 && agreement >= minAgreement;
            out().printf(Locale.ROOT, "%s: version %d agreed with stable on %.1f%% of %d mirrored rows%n",
                    passed ? "PASSED" : "FAILED", version, agreement * 100, (long) total);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("model", target.model);
            fields.put("version", version);
            fields.put("comparisons", (long) total);
            fields.put("agreement", agreement);
            fields.put("minAgreement", minAgreement);
            return new Outcome(passed ? "passed" : "failed", passed ? ExitCodes.OK : ExitCodes.GATE_FAILED, fields);
        }
    }

    @Command(name = "abort", mixinStandardHelpOptions = true,
            description = "Stop a rollout now: all traffic back to stable; a running `deploy canary` stops with exit 13.")
    static final class Abort extends EngineCommand {
        @Mixin
        ServerOptions target;

        @Option(names = "--reason", defaultValue = "aborted by request", description = "Recorded in the state file.")
        String reason;

        @Option(names = "--version", paramLabel = "N", description = "The version whose rollout ends, when its "
                + "`deploy canary` process is gone (killed): the aborted attempt is then recorded in --registry's "
                + "audit log. A running `deploy canary` records its own end; leave this out then.")
        Integer version;

        @Mixin
        RegistryOption registry;

        @Override
        Outcome run() throws Exception {
            CanaryController.abort(target.stateFile(), reason);
            target.client(env()).post("rollback", Map.of());
            out().println("aborted: all traffic back to stable");
            if (version != null) {
                target.recordOutcome(registry.open(env()), version, Registries.actor(env()), reason,
                        Map.of("outcome", "aborted"), err());
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("model", target.model);
            fields.put("phase", "aborted");
            fields.put("reason", reason);
            // Recorded in the run's lineage like the rollout it ends: the record shows where traffic went.
            return Outcome.passed(fields).withLineage(List.of(), Map.of("model", target.model, "reason", reason),
                    Map.of("phase", "aborted", "traffic", "stable"));
        }
    }
}
