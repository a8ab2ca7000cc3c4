package dev.mlops.jenkins.evaluate;

import dev.mlops.jenkins.config.MlopsConfiguration;
import dev.mlops.jenkins.engine.EngineArguments;
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
    protected EngineArguments arguments(Run<?, ?> run, MlopsConfiguration config, Map<String, String> secrets)
            throws AbortException {
        EngineArguments args = new EngineArguments("evaluate").add("--model", step.getModel())
                .add("--data", step.getHoldout()).pairs("--min-improvement", step.getMinImprovement())
                .pairs("--max-regression", step.getMaxRegression()).optional("--html", step.getReport());
        step.getThresholds().forEach((metric, bound) -> args.add("--threshold", threshold(metric, bound)));
        String champion = step.getCompareTo();
        if (champion != null) {
            if (champion.endsWith(".zip")) {
                args.add("--baseline", champion);
            } else if (champion.contains("@")) {
                args.add("--baseline-alias", champion);
            } else if (step.getName() != null) {
                args.add("--baseline-alias", step.getName() + "@" + champion);
            } else {
                throw new AbortException(Messages.EvaluateGateStep_CompareToNeedsName(champion));
            }
            addRegistry(args, step, config, run, secrets);
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
    protected Map<String, String> returnedFields() {
        return Map.of("metrics", "metrics",
                "champion", "champion",
                "checks", "checks",
                "report", "report");
    }

    @Override
    protected void computedFields(EngineResult result, Map<String, Object> out) {
        out.put("passed", result.exitCode() == 0);
    }

    @Override
    protected String headline(EngineResult result) {
        List<?> checks = result.get("checks") instanceof List<?> list ? list : List.of();
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
        facts.put("holdout " + result.text("dataset/path"), result.text("dataset/sha256"));
        facts.put("metrics", result.text("metrics"));
        if (result.get("champion/metrics") != null) {
            facts.put("champion metrics", result.text("champion/metrics"));
        }
        facts.put("gate", result.status());
        return facts;
    }
}
