package dev.mlops.jenkins.validate;

import dev.mlops.jenkins.config.MlopsConfiguration;
import dev.mlops.jenkins.engine.EngineResult;
import dev.mlops.jenkins.engine.EngineStepExecution;
import hudson.model.Run;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/** Runs {@code mlops validate} and returns {@code [valid, errors, warnings, rows, sha256, report, ...]}. */
final class ValidateDataStepExecution extends EngineStepExecution<ValidateDataStep> {

    private static final long serialVersionUID = 1L;

    ValidateDataStepExecution(ValidateDataStep step, StepContext context) {
        super(step, context);
    }

    @Override
    protected List<String> arguments(Run<?, ?> run, MlopsConfiguration config, Map<String, String> secrets) {
        List<String> args = new ArrayList<>(List.of("validate", "--data", step.getData(), "--schema",
                step.getSchema()));
        if (step.getReference() != null) {
            args.addAll(List.of("--reference", step.getReference()));
        }
        if (step.getFailOn() != null) {
            args.addAll(List.of("--fail-on", step.getFailOn()));
        }
        if (step.getReport() != null) {
            args.addAll(List.of("--html", step.getReport()));
        }
        return args;
    }

    @Override
    protected Map<String, Object> returnValue(EngineResult result) {
        Map<String, Object> out = baseReturn(result);
        out.put("valid", result.exitCode() == 0);
        out.put("errors", result.get("errors"));
        out.put("warnings", result.get("warnings"));
        out.put("rows", result.get("dataset/rows"));
        out.put("sha256", result.get("dataset/sha256"));
        out.put("report", result.get("report"));
        return out;
    }

    @Override
    protected String headline(EngineResult result) {
        if (result.get("errors") == null) {
            return result.errorMessage();
        }
        return Messages.ValidateDataStep_Headline(result.text("dataset/path"), result.text("dataset/rows"),
                result.text("errors"), result.text("warnings"));
    }

    @Override
    protected Map<String, String> facts(EngineResult result) {
        Map<String, String> facts = new LinkedHashMap<>();
        if (result.text("dataset/sha256") != null) {
            facts.put("data " + result.text("dataset/path"), result.text("dataset/sha256"));
        }
        return facts;
    }
}
