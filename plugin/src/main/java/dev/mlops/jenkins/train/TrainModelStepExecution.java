package dev.mlops.jenkins.train;

import dev.mlops.jenkins.config.MlopsConfiguration;
import dev.mlops.jenkins.engine.EngineResult;
import dev.mlops.jenkins.engine.EngineStepExecution;
import hudson.model.Run;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
    protected List<String> arguments(Run<?, ?> run, MlopsConfiguration config, Map<String, String> secrets) {
        List<String> args = new ArrayList<>(List.of("train", "--data", step.getData(), "--target", step.getTarget(),
                "--algorithm", step.getAlgorithm(), "--seed", Long.toString(step.getSeed()), "--out", step.getOut()));
        step.getParams().forEach((name, value) -> args.addAll(List.of("--param", name + "=" + value)));
        if (step.getSearch() != null) {
            args.addAll(List.of("--search", step.getSearch()));
        }
        if (step.getSpace() != null) {
            args.addAll(List.of("--space", step.getSpace()));
        }
        if (step.getTrials() != null) {
            args.addAll(List.of("--trials", step.getTrials().toString()));
        }
        if (step.getFolds() != null) {
            args.addAll(List.of("--folds", step.getFolds().toString()));
        }
        if (step.getFeatures() != null) {
            args.addAll(List.of("--features", step.getFeatures()));
        }
        return args;
    }

    @Override
    protected Map<String, Object> returnValue(EngineResult result) {
        Map<String, Object> out = baseReturn(result);
        out.put("path", result.get("bundle/path"));
        out.put("sha256", result.get("bundle/sha256"));
        out.put("metrics", result.get("metrics"));
        out.put("params", result.get("params"));
        out.put("crossValidation", result.get("crossValidation"));
        return out;
    }

    @Override
    protected String headline(EngineResult result) {
        if (result.get("bundle") == null) {
            return result.errorMessage();
        }
        return Messages.TrainModelStep_Headline(result.text("algorithm"), result.text("trainingData/rows"),
                result.text("bundle/path"));
    }

    @Override
    protected Map<String, String> facts(EngineResult result) {
        Map<String, String> facts = new LinkedHashMap<>();
        if (result.get("bundle") != null) {
            facts.put("training data " + result.text("trainingData/path"), result.text("trainingData/sha256"));
            facts.put("model " + result.text("bundle/path"), result.text("bundle/sha256"));
            facts.put("params", String.valueOf(result.get("params")));
            facts.put("seed", result.text("seed"));
        }
        return facts;
    }
}
