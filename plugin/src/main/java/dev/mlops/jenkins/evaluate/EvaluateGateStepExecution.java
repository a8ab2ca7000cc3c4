package dev.mlops.jenkins.evaluate;

import dev.mlops.jenkins.config.MlopsConfiguration;
import dev.mlops.jenkins.engine.EngineResult;
import dev.mlops.jenkins.engine.EngineStepExecution;
import hudson.AbortException;
import hudson.model.Run;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/** Runs {@code mlops evaluate}; returns {@code [passed, metrics, champion, checks, report, ...]}. */
final class EvaluateGateStepExecution extends EngineStepExecution<EvaluateGateStep> {

    private static final long serialVersionUID = 1L;
    /** Metrics where smaller is better: a bare number bounds them from above. */
    static final Set<String> ERROR_METRICS = Set.of("rmse", "mae", "mape", "logloss", "brier");

    EvaluateGateStepExecution(EvaluateGateStep step, StepContext context) {
        super(step, context);
    }

    @Override
    protected List<String> arguments(Run<?, ?> run, MlopsConfiguration config, Map<String, String> secrets)
            throws AbortException {
        List<String> args = new ArrayList<>(List.of("evaluate", "--model", step.getModel(), "--data",
                step.getHoldout()));
        step.getThresholds().forEach((metric, bound) -> args.addAll(List.of("--threshold", threshold(metric,
                bound))));
        step.getMinImprovement().forEach((metric, v) -> args.addAll(List.of("--min-improvement", metric + "=" + v)));
        step.getMaxRegression().forEach((metric, v) -> args.addAll(List.of("--max-regression", metric + "=" + v)));
        String champion = step.getCompareTo();
        if (champion != null) {
            if (champion.endsWith(".zip")) {
                args.addAll(List.of("--baseline", champion));
            } else if (champion.contains("@")) {
                args.addAll(List.of("--baseline-alias", champion));
            } else if (step.getName() != null) {
                args.addAll(List.of("--baseline-alias", step.getName() + "@" + champion));
            } else {
                throw new AbortException(Messages.EvaluateGateStep_CompareToNeedsName(champion));
            }
            addRegistry(args, step, config, run, secrets);
        }
        if (step.getReport() != null) {
            args.addAll(List.of("--html", step.getReport()));
        }
        return args;
    }

    /** {@code auc: 0.85} → {@code auc>=0.85}; {@code rmse: 4} → {@code rmse<=4}; {@code rmse: '<4'} as written. */
    static String threshold(String metric, Object bound) {
        String text = String.valueOf(bound).replace(" ", "");
        if (text.startsWith("<") || text.startsWith(">")) {
            return metric + text;
        }
        return metric + (ERROR_METRICS.contains(metric) ? "<=" : ">=") + text;
    }

    @Override
    protected Map<String, Object> returnValue(EngineResult result) {
        Map<String, Object> out = baseReturn(result);
        out.put("passed", result.exitCode() == 0);
        out.put("metrics", result.get("metrics"));
        out.put("champion", result.get("champion"));
        out.put("checks", result.get("checks"));
        out.put("report", result.get("report"));
        return out;
    }

    @Override
    protected String headline(EngineResult result) {
        if (!(result.get("checks") instanceof List<?> checks)) {
            return result.errorMessage();
        }
        List<String> failed = new ArrayList<>();
        for (Object check : checks) {
            if (check instanceof Map<?, ?> c && !"passed".equals(c.get("verdict"))
                    && !"skipped".equals(c.get("verdict"))) {
                failed.add(String.valueOf(c.get("message")));
            }
        }
        return failed.isEmpty() ? Messages.EvaluateGateStep_Passed(checks.size())
                : Messages.EvaluateGateStep_Failed(String.join("; ", failed));
    }

    @Override
    protected Map<String, String> facts(EngineResult result) {
        Map<String, String> facts = new LinkedHashMap<>();
        if (result.get("metrics") instanceof Map<?, ?> metrics) {
            facts.put("holdout " + result.text("dataset/path"), result.text("dataset/sha256"));
            facts.put("metrics", metrics.toString());
            if (result.get("champion/metrics") != null) {
                facts.put("champion metrics", result.text("champion/metrics"));
            }
            facts.put("gate", result.status());
        }
        return facts;
    }
}
