package dev.mlops.jenkins.canary;

import dev.mlops.jenkins.config.MlopsConfiguration;
import dev.mlops.jenkins.engine.Credentials;
import dev.mlops.jenkins.engine.EngineArguments;
import dev.mlops.jenkins.engine.EngineProcess;
import dev.mlops.jenkins.engine.EngineResult;
import dev.mlops.jenkins.engine.EngineStepExecution;
import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Runs {@code mlops deploy canary}. Its state lives in the workspace ({@code .mlops/deploy-MODEL.json}), so if the
 * controller restarts mid-rollout the step fails, and re-running it resumes the rollout at the recorded step. An
 * aborted build kills the controller process and runs {@code mlops deploy abort} before the step ends: traffic is
 * back on stable, and the rollback is in the log and the lineage, before the build finishes (and before the node's
 * process killer runs).
 */
final class CanaryDeployStepExecution extends EngineStepExecution<CanaryDeployStep> {

    private static final long serialVersionUID = 1L;
    private static final String ADMIN_TOKEN_ENV = "MLOPS_ADMIN_TOKEN";
    /** rollbackOn keys and the CLI options they set. */
    static final Map<String, String> LIMITS = Map.of("errorRate", "--max-error-rate", "p99Ms", "--max-p99-ms",
            "predictionDivergence", "--max-prediction-divergence", "minAccuracy", "--min-accuracy");

    /** {@code mlops deploy abort} for this rollout, run if the build is aborted. */
    private transient List<String> abortArguments;
    /** The thread waiting for the rollout, while it does: what {@link #stop} interrupts. */
    private transient volatile Thread rollout;
    /** Why the build was stopped, once it was: the step fails with it after the rollback. */
    private transient volatile Throwable stopCause;

    CanaryDeployStepExecution(CanaryDeployStep step, StepContext context) {
        super(step, context);
    }

    @Override
    protected EngineArguments arguments(Run<?, ?> run, MlopsConfiguration config, Map<String, String> secrets)
            throws AbortException {
        String server = step.getServer() != null ? step.getServer() : config.getServerUrl();
        if (server == null) {
            throw new AbortException(Messages.CanaryDeployStep_NoServer());
        }
        String adminCredentials = step.getAdminCredentialsId() != null ? step.getAdminCredentialsId()
                : config.getAdminCredentialsId();
        if (adminCredentials != null) {
            secrets.put(ADMIN_TOKEN_ENV, Credentials.secretText(run, adminCredentials, "adminCredentialsId"));
        }
        EngineArguments abort = new EngineArguments("deploy", "abort").add("--server", server)
                .add("--model", step.getModel())
                .optional("--admin-token-env", adminCredentials == null ? null : ADMIN_TOKEN_ENV)
                .add("--reason", Messages.CanaryDeployStep_AbortReason())
                // the rollout's process is killed: the abort records the failed attempt in its place
                .add("--version", step.getVersion());
        addRegistry(abort, step, config, run, secrets);
        abortArguments = abort.list();
        EngineArguments args = new EngineArguments("deploy", "canary").add("--server", server)
                .add("--model", step.getModel())
                .optional("--admin-token-env", adminCredentials == null ? null : ADMIN_TOKEN_ENV)
                .add("--version", step.getVersion())
                .add("--steps", step.getSteps().stream().map(String::valueOf).collect(Collectors.joining(",")))
                .add("--interval", step.getInterval()).optional("--labels", step.getLabels())
                .optional("--request-log", step.getRequestLog()).optional("--min-requests", step.getMinRequests())
                .optional("--alias", step.getAlias());
        for (Map.Entry<String, Object> limit : step.getRollbackOn().entrySet()) {
            String option = LIMITS.get(limit.getKey());
            if (option == null) {
                throw new AbortException(Messages.CanaryDeployStep_UnknownLimit(limit.getKey(),
                        String.join(", ", LIMITS.keySet())));
            }
            args.add(option, limit.getValue());
        }
        addRegistry(args, step, config, run, secrets);
        return args;
    }

    /**
     * While the rollout runs, an abort interrupts it and lets {@link #runEngine} roll back before the step fails: the
     * default would fail the step at once and leave the rollback racing the end of the build. A second abort, or one
     * outside the rollout, ends the step at once.
     */
    @Override
    public void stop(Throwable cause) throws Exception {
        Thread waiting = rollout;
        if (waiting == null || stopCause != null) {
            super.stop(cause);
            return;
        }
        stopCause = cause;
        waiting.interrupt();
    }

    @Override
    protected EngineProcess.Outcome runEngine(EngineProcess process, List<String> arguments,
                                              Map<String, String> secrets) throws IOException, InterruptedException {
        rollout = Thread.currentThread();
        try {
            return process.run(arguments, secrets);
        } catch (InterruptedException aborted) {
            // Never leave traffic split. The interrupt was consumed by the exception, so the abort command runs.
            rollout = null;
            TaskListener listener = getContext().get(TaskListener.class);
            listener.getLogger().println(Messages.CanaryDeployStep_RollingBack(step.getModel(), step.getVersion()));
            EngineResult rollback = EngineResult.of("deploy", process.run(abortArguments, secrets));
            Run<?, ?> run = getContext().get(Run.class);
            record(run, getContext().get(FilePath.class), process, rollback);
            if (rollback.exitCode() == 0) {
                recordDelivery(run, getContext().get(FilePath.class), process, secrets, step.getModel(), listener);
            }
            listener.getLogger().println(rollback.exitCode() == 0
                    ? Messages.CanaryDeployStep_RolledBack(step.getModel())
                    : Messages.CanaryDeployStep_RollbackFailed(step.getModel(), rollback.errorMessage()));
            throw stopCause instanceof InterruptedException cause ? cause : aborted;
        } finally {
            rollout = null;
        }
    }

    @Override
    protected Map<String, String> returnedFields() {
        return Map.of("phase", "phase",
                "version", "version",
                "stableVersion", "stableVersion",
                "reason", "reason",
                "steps", "steps");
    }

    /** A rollout that ran, promoted or rolled back, changed the model's delivery figures. */
    @Override
    protected String deliveryModel(EngineResult result) {
        return result.status().equals("error") ? null : step.getModel();
    }

    @Override
    protected String headline(EngineResult result) {
        if ("aborted".equals(result.text("phase"))) {
            return Messages.CanaryDeployStep_AbortedHeadline(result.text("reason"));
        }
        return Messages.CanaryDeployStep_Headline(result.text("phase"), result.text("version"),
                result.text("reason"));
    }

    @Override
    protected Map<String, String> facts(EngineResult result) {
        Map<String, String> facts = new LinkedHashMap<>();
        if ("aborted".equals(result.text("phase"))) {
            facts.put("deployment", step.getModel() + " v" + step.getVersion() + ": rolled back, all traffic on stable");
            return facts;
        }
        facts.put("deployment", step.getModel() + " v" + result.text("version") + ": " + result.text("phase"));
        facts.put("serving", "v" + result.text("stableVersion"));
        return facts;
    }
}
