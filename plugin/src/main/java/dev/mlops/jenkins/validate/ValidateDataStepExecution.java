package dev.mlops.jenkins.validate;

import dev.mlops.jenkins.config.MlopsConfiguration;
import dev.mlops.jenkins.engine.EngineArguments;
import dev.mlops.jenkins.engine.EngineResult;
import dev.mlops.jenkins.engine.EngineStepExecution;
import hudson.model.Run;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/** Runs {@code mlops validate} and returns {@code [valid, errors, warnings, rows, sha256, report, ...]}. */
final class ValidateDataStepExecution extends EngineStepExecution<ValidateDataStep> {

    private static final long serialVersionUID = 1L;

    ValidateDataStepExecution(ValidateDataStep step, StepContext context) {
        super(step, context);
    }

    @Override
    protected EngineArguments arguments(Run<?, ?> run, MlopsConfiguration config, Map<String, String> secrets) {
        return new EngineArguments("validate").add("--data", step.getData()).add("--schema", step.getSchema())
                .optional("--reference", step.getReference()).optional("--fail-on", step.getFailOn())
                .optional("--html", step.getReport());
    }

    @Override
    protected Map<String, String> returnedFields() {
        return Map.of("errors", "errors",
                "warnings", "warnings",
                "rows", "dataset/rows",
                "sha256", "dataset/sha256",
                "report", "report");
    }

    @Override
    protected void computedFields(EngineResult result, Map<String, Object> out) {
        out.put("valid", result.exitCode() == 0);
    }

    @Override
    protected String headline(EngineResult result) {
        return Messages.ValidateDataStep_Headline(result.text("dataset/path"), result.text("dataset/rows"),
                result.text("errors"), result.text("warnings"));
    }

    @Override
    protected Map<String, String> facts(EngineResult result) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("data " + result.text("dataset/path"), result.text("dataset/sha256"));
        return facts;
    }
}
