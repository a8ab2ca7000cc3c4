package dev.mlops.cli;

import dev.mlops.engine.UsageException;
import dev.mlops.engine.data.Hashing;
import dev.mlops.engine.evaluate.EvaluationReport;
import dev.mlops.engine.evaluate.Evaluator;
import dev.mlops.engine.evaluate.GateCheck;
import dev.mlops.engine.evaluate.GateOptions;
import dev.mlops.engine.evaluate.Threshold;
import dev.mlops.engine.metrics.Metric;
import dev.mlops.engine.registry.ModelRef;
import dev.mlops.engine.registry.ModelRegistry;
import dev.mlops.engine.registry.ModelVersion;
import dev.mlops.engine.registry.Registries;
import dev.mlops.engine.report.EvaluationPage;
import dev.mlops.engine.report.Html;
import dev.mlops.engine.lineage.Lineage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mlops evaluate}: the evaluation gate. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Score a model bundle on labelled data and check it against thresholds and a champion.",
                "Exit 0 when every check passes, 11 when one fails."})
final class EvaluateCommand extends EngineCommand {

    @Option(names = "--model", required = true, paramLabel = "BUNDLE", description = "The model bundle to evaluate.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Labelled holdout data.")
    Path data;

    @Option(names = "--threshold", paramLabel = "METRIC>=VALUE", description = "A bound the model must meet, e.g. "
            + "auc>=0.85 or logloss<=0.4; repeatable.")
    List<String> thresholds = new ArrayList<>();

    @Option(names = "--baseline", paramLabel = "BUNDLE", description = "The champion's bundle to compare with.")
    Path baseline;

    @Option(names = "--baseline-alias", paramLabel = "NAME@ALIAS", description = "Compare with the version an "
            + "alias points at in --registry (e.g. churn@production); none yet is a first model.")
    String baselineAlias;

    @Mixin
    RegistryOption registry;

    @Option(names = "--min-improvement", paramLabel = "METRIC=VALUE", description = "Required improvement over the "
            + "champion (0: at least as good); repeatable.")
    Map<String, Double> minImprovement = new LinkedHashMap<>();

    @Option(names = "--max-regression", paramLabel = "METRIC=VALUE", description = "Allowed loss against the "
            + "champion; repeatable.")
    Map<String, Double> maxRegression = new LinkedHashMap<>();

    @Option(names = "--slice", paramLabel = "COLUMN", description = "Evaluate each value of COLUMN separately; "
            + "repeatable.")
    List<String> slices = new ArrayList<>();

    @Option(names = "--slice-threshold", paramLabel = "METRIC>=VALUE", description = "A bound every slice must "
            + "meet; repeatable.")
    List<String> sliceThresholds = new ArrayList<>();

    @Option(names = "--min-slice-rows", paramLabel = "N", defaultValue = "" + GateOptions.DEFAULT_MIN_SLICE_ROWS,
            description = "Smaller slices are reported, not checked (default: ${DEFAULT-VALUE}).")
    int minSliceRows;

    @Option(names = "--html", paramLabel = "FILE", description = "Write an HTML report to FILE.")
    Path html;

    @Mixin
    ReadOptionsMixin read;

    @Override
    Outcome run() throws Exception {
        if (baseline != null && baselineAlias != null) {
            throw new UsageException("give --baseline or --baseline-alias, not both");
        }
        Path champion = baseline != null ? baseline : championFromRegistry();
        GateOptions gate = new GateOptions(parse("--threshold", thresholds), champion,
                metrics("--min-improvement", minImprovement), metrics("--max-regression", maxRegression), slices,
                parse("--slice-threshold", sliceThresholds), minSliceRows);
        EvaluationReport report = Evaluator.evaluate(model, data, read.toReadOptions(), gate, log());
        recordVerdict(report);
        if (html != null) {
            Html.write(html, EvaluationPage.render(report));
        }
        printSummary(report);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("model", report.model());
        fields.put("dataset", report.dataset());
        fields.put("task", report.task());
        fields.put("metrics", report.metrics());
        if (report.perClass() != null) {
            fields.put("perClass", report.perClass());
            fields.put("confusion", Map.of("classes", report.classes(), "matrix", report.confusion()));
        }
        fields.put("champion", report.champion());
        fields.put("checks", report.checks());
        fields.put("slices", report.slices());
        fields.put("notes", report.notes());
        fields.put("curves", report.curves());
        if (html != null) {
            fields.put("report", html.toString());
        }
        List<Map<String, Object>> inputs = new ArrayList<>();
        inputs.add(Lineage.file("model", model));
        Map<String, String> types = new LinkedHashMap<>();
        inputs.add(Lineage.dataset("holdout", data, report.dataset(), types));
        if (champion != null) {
            Map<String, Object> c = Lineage.file("champion", champion);
            c.put("path", baselineAlias != null ? baselineAlias : champion.toString());
            inputs.add(c);
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("thresholds", thresholds);
        params.put("minImprovement", minImprovement);
        params.put("maxRegression", maxRegression);
        params.put("slices", slices);
        params.put("sliceThresholds", sliceThresholds);
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("passed", report.passed());
        outputs.put("metrics", report.metrics());
        outputs.put("checks", report.checks().stream().map(c -> c.kind() + " " + c.metric()
                + (c.slice() == null ? "" : " [" + c.slice() + "]") + ": " + c.verdict()).toList());
        return new Outcome(report.passed() ? "passed" : "failed",
                report.passed() ? ExitCodes.OK : ExitCodes.GATE_FAILED, fields).withLineage(inputs, params, outputs);
    }

    /**
     * A gate against a registered champion is recorded in that registry's audit log: an attempt at production that
     * {@code mlops delivery} counts.
     */
    private void recordVerdict(EvaluationReport report) throws java.io.IOException {
        if (baselineAlias == null) {
            return;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("passed", report.passed());
        details.put("candidateSha256", Hashing.sha256(model));
        details.put("champion", baselineAlias);
        details.put("metrics", report.metrics());
        registry.open(env()).recordEvent("gate", ModelRef.parse(baselineAlias).name(), null,
                Registries.actor(env()), null, details);
    }

    /** Downloads the aliased champion to a temporary file; null when the alias (or the model) does not exist yet. */
    private Path championFromRegistry() throws java.io.IOException {
        if (baselineAlias == null) {
            return null;
        }
        ModelRef ref = ModelRef.parse(baselineAlias);
        if (ref.alias() == null) {
            throw new UsageException("--baseline-alias: expected NAME@ALIAS, got '" + baselineAlias + "'");
        }
        ModelRegistry r = registry.open(env());
        if (!r.models().contains(ref.name()) || !r.aliases(ref.name()).containsKey(ref.alias())) {
            log().info("no " + baselineAlias + " in " + r.location() + " yet: evaluating as a first model");
            return null;
        }
        ModelVersion v = r.resolve(ref);
        log().info("champion " + baselineAlias + " is version " + v.version());
        return ModelArgument.download(r, v);
    }

    private static List<Threshold> parse(String option, List<String> texts) {
        List<Threshold> out = new ArrayList<>();
        for (String t : texts) {
            try {
                out.add(Threshold.parse(t));
            } catch (IllegalArgumentException e) {
                throw new UsageException(option + " " + e.getMessage());
            }
        }
        return out;
    }

    private static Map<Metric, Double> metrics(String option, Map<String, Double> given) {
        Map<Metric, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : given.entrySet()) {
            Metric m = Metric.parse(e.getKey()).orElseThrow(() -> new UsageException(option + ": unknown metric '"
                    + e.getKey() + "'; expected one of " + Metric.ids()));
            out.put(m, e.getValue());
        }
        return out;
    }

    private void printSummary(EvaluationReport r) {
        out().printf(Locale.ROOT, "%s: %s on %s (%d rows): %s%n", r.passed() ? "PASSED" : "FAILED",
                r.model().get("path"), r.dataset().path(), r.dataset().rows(), r.metrics().entrySet().stream()
                        .map(e -> String.format(Locale.ROOT, "%s %.4f", e.getKey(), e.getValue()))
                        .collect(java.util.stream.Collectors.joining(", ")));
        for (GateCheck c : r.checks()) {
            out().println("  " + c.verdict() + " " + c.kind() + (c.slice() == null ? "" : " [" + c.slice() + "]")
                    + ": " + c.message());
        }
        for (String note : r.notes()) {
            out().println("  note: " + note);
        }
        out().flush();
    }
}
