package dev.mlops.jenkins.canary;

import dev.mlops.jenkins.config.MlopsConfiguration;
import dev.mlops.jenkins.engine.Credentials;
import dev.mlops.jenkins.engine.EngineProcess;
import dev.mlops.jenkins.engine.EngineResult;
import dev.mlops.jenkins.engine.EngineStepExecution;
import hudson.AbortException;
import hudson.model.Run;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Runs {@code mlops deploy canary}. Its state lives in the workspace ({@code .mlops/deploy-MODEL.json}), so if the
 * controller restarts mid-rollout the step fails, and re-running it resumes the rollout at the recorded step. An
 * aborted build kills the controller process and runs {@code mlops deploy abort}: traffic returns to stable.
 */
final class CanaryDeployStepExecution extends EngineStepExecution<CanaryDeployStep> {

    private static final long serialVersionUID = 1L;
    private static final String ADMIN_TOKEN_ENV = "MLOPS_ADMIN_TOKEN";
    /** rollbackOn keys and the CLI options they set. */
    static final Map<String, String> LIMITS = Map.of("errorRate", "--max-error-rate", "p99Ms", "--max-p99-ms",
            "predictionDivergence", "--max-prediction-divergence", "minAccuracy", "--min-accuracy");

    private transient List<String> serverArguments;

    CanaryDeployStepExecution(CanaryDeployStep step, StepContext context) {
        super(step, context);
    }

    @Override
    protected List<String> arguments(Run<?, ?> run, MlopsConfiguration config, Map<String, String> secrets)
            throws AbortException {
        String server = step.getServer() != null ? step.getServer() : config.getServerUrl();
        if (server == null) {
            throw new AbortException(Messages.CanaryDeployStep_NoServer());
        }
        serverArguments = new ArrayList<>(List.of("--server", server, "--model", step.getModel()));
        String adminCredentials = step.getAdminCredentialsId() != null ? step.getAdminCredentialsId()
                : config.getAdminCredentialsId();
        if (adminCredentials != null) {
            secrets.put(ADMIN_TOKEN_ENV, Credentials.secretText(run, adminCredentials, "adminCredentialsId"));
            serverArguments.addAll(List.of("--admin-token-env", ADMIN_TOKEN_ENV));
        }
        List<String> args = new ArrayList<>(List.of("deploy", "canary"));
        args.addAll(serverArguments);
        args.addAll(List.of("--version", Integer.toString(step.getVersion()), "--steps",
                step.getSteps().stream().map(String::valueOf).collect(Collectors.joining(",")), "--interval",
                step.getInterval()));
        for (Map.Entry<String, Object> limit : step.getRollbackOn().entrySet()) {
            String option = LIMITS.get(limit.getKey());
            if (option == null) {
                throw new AbortException(Messages.CanaryDeployStep_UnknownLimit(limit.getKey(),
                        String.join(", ", LIMITS.keySet())));
            }
            args.addAll(List.of(option, String.valueOf(limit.getValue())));
        }
        if (step.getLabels() != null) {
            args.addAll(List.of("--labels", step.getLabels()));
        }
        if (step.getRequestLog() != null) {
            args.addAll(List.of("--request-log", step.getRequestLog()));
        }
        if (step.getMinRequests() != null) {
            args.addAll(List.of("--min-requests", step.getMinRequests().toString()));
        }
        if (step.getAlias() != null) {
            args.addAll(List.of("--alias", step.getAlias()));
        }
        addRegistry(args, step, config, run, secrets);
        return args;
    }

    @Override
    protected EngineProcess.Outcome runEngine(EngineProcess process, List<String> arguments,
                                              Map<String, String> secrets) throws IOException, InterruptedException {
        try {
            return process.run(arguments, secrets);
        } catch (InterruptedException aborted) {
            // The build was aborted while the rollout ran: never leave traffic split. The interrupt is consumed by
            // the exception, so the abort command can still run before the step ends.
            List<String> abort = new ArrayList<>(List.of("deploy", "abort"));
            abort.addAll(serverArguments);
            abort.addAll(List.of("--reason", Messages.CanaryDeployStep_AbortReason()));
            process.run(abort, secrets);
            throw aborted;
        }
    }

    @Override
    protected Map<String, Object> returnValue(EngineResult result) {
        Map<String, Object> out = baseReturn(result);
        out.put("phase", result.get("phase"));
        out.put("version", result.get("version"));
        out.put("stableVersion", result.get("stableVersion"));
        out.put("reason", result.get("reason"));
        out.put("steps", result.get("steps"));
        return out;
    }

    @Override
    protected String headline(EngineResult result) {
        if (result.get("phase") == null) {
            return result.errorMessage();
        }
        return Messages.CanaryDeployStep_Headline(result.text("phase"), result.text("version"),
                result.text("reason"));
    }

    @Override
    protected Map<String, String> facts(EngineResult result) {
        Map<String, String> facts = new LinkedHashMap<>();
        if (result.get("phase") != null) {
            facts.put("deployment", step.getModel() + " v" + result.text("version") + ": " + result.text("phase"));
            facts.put("serving", "v" + result.text("stableVersion"));
        }
        return facts;
    }
}
