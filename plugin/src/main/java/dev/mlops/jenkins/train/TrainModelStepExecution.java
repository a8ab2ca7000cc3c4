package dev.mlops.jenkins.train;

import dev.mlops.jenkins.config.MlopsConfiguration;
import dev.mlops.jenkins.engine.EngineArguments;
import dev.mlops.jenkins.engine.EngineResult;
import dev.mlops.jenkins.engine.EngineStepExecution;
import hudson.model.Run;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Runs {@code mlops train}. Training can be long: a controller restart during it fails the step (the engine process
 * on the agent is killed with the agent connection or left to finish unobserved) and the build must be re-run; the
 * seed makes the re-run produce the same bundle.
 */
final class TrainModelStepExecution extends EngineStepExecution<TrainModelStep> {

    private static final long serialVersionUID = 1L;

    TrainModelStepExecution(TrainModelStep step, StepContext context) {
        super(step, context);
    }

    @Override
    protected EngineArguments arguments(Run<?, ?> run, MlopsConfiguration config, Map<String, String> secrets) {
        return new EngineArguments("train").add("--data", step.getData()).add("--target", step.getTarget())
                .add("--algorithm", step.getAlgorithm()).add("--seed", step.getSeed()).add("--out", step.getOut())
                .pairs("--param", step.getParams()).optional("--search", step.getSearch())
                .optional("--space", step.getSpace()).optional("--trials", step.getTrials())
                .optional("--folds", step.getFolds()).optional("--features", step.getFeatures());
    }

    @Override
    protected Map<String, String> returnedFields() {
        return Map.of("path", "bundle/path",
                "sha256", "bundle/sha256",
                "metrics", "metrics",
                "params", "params",
                "crossValidation", "crossValidation");
    }

    @Override
    protected String headline(EngineResult result) {
        return Messages.TrainModelStep_Headline(result.text("algorithm"), result.text("trainingData/rows"),
                result.text("bundle/path"));
    }

    @Override
    protected Map<String, String> facts(EngineResult result) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("training data " + result.text("trainingData/path"), result.text("trainingData/sha256"));
        facts.put("model " + result.text("bundle/path"), result.text("bundle/sha256"));
        facts.put("params", String.valueOf(result.get("params")));
        facts.put("seed", result.text("seed"));
        return facts;
    }
}
