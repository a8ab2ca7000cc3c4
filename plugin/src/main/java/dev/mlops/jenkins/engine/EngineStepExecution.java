package dev.mlops.jenkins.engine;

import dev.mlops.jenkins.config.MlopsConfiguration;
import dev.mlops.jenkins.delivery.MlDeliveryAction;
import dev.mlops.jenkins.lineage.MlLineageAction;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;

/**
 * Runs one engine command for a step, off the CPS VM thread: builds the command line, runs the engine on the agent,
 * records the result on the build ({@link MlLineageAction}) and then passes, fails the build, or returns the verdict.
 * Not resumable: a controller restart while it runs fails the step with a clear message (the engine process on the
 * agent is not re-attached); Jenkins' safe restart waits for it.
 */
public abstract class EngineStepExecution<S extends EngineStep>
        extends SynchronousNonBlockingStepExecution<Map<String, Object>> {

    private static final long serialVersionUID = 1L;
    /** The engine's variable for an explicit run identity (its {@code RunContext.RUN_ID_VARIABLE}). */
    static final String RUN_ID_VARIABLE = "MLOPS_RUN_ID";
    /** The window of the delivery figures kept with a build. */
    static final String DELIVERY_WINDOW = "90d";

    /** The step's arguments; transient as in every execution: the step is not part of the program's state. */
    protected final transient S step;

    protected EngineStepExecution(S step, StepContext context) {
        super(context);
        this.step = step;
    }

    /** The CLI command and its arguments (without {@code --json}); puts any secret the engine needs into secrets. */
    protected abstract EngineArguments arguments(Run<?, ?> run, MlopsConfiguration config,
                                                 Map<String, String> secrets) throws IOException, InterruptedException;

    /**
     * The values the step returns besides {@code status}, {@code exitCode} and the whole {@code result}: each name
     * with its path in the result, e.g. {@code path → bundle/path}.
     */
    protected abstract Map<String, String> returnedFields();

    /** Values computed from the result rather than copied, e.g. {@code valid}; none by default. */
    protected void computedFields(EngineResult result, Map<String, Object> out) {
    }

    /** The one-line summary shown for this step on the build page, of a result that is not an error. */
    protected abstract String headline(EngineResult result);

    /**
     * Small facts worth a line on the build page (hashes, versions, verdicts), of a result that is not an error:
     * kept in build.xml.
     */
    protected abstract Map<String, String> facts(EngineResult result);

    /** Called after the result is recorded and before the verdict: monitorDrift schedules its downstream build. */
    protected void afterResult(Run<?, ?> run, EngineResult result, MlLineageAction.StepRecord recorded,
                               TaskListener listener) throws IOException, InterruptedException {
    }

    /**
     * The registry model whose delivery figures this step changed (registerModel, canaryDeploy), or null. For it the
     * step runs {@code mlops delivery} afterwards and keeps the figures with the build, for the job's "ML delivery"
     * section.
     */
    protected String deliveryModel(EngineResult result) {
        return null;
    }

    /** Runs the engine; a step that must clean up after an abort (canaryDeploy) overrides this. */
    protected EngineProcess.Outcome runEngine(EngineProcess process, List<String> arguments,
                                              Map<String, String> secrets) throws IOException, InterruptedException {
        return process.run(arguments, secrets);
    }

    @Override
    protected final Map<String, Object> run() throws Exception {
        Run<?, ?> run = getContext().get(Run.class);
        FilePath workspace = getContext().get(FilePath.class);
        TaskListener listener = getContext().get(TaskListener.class);
        MlopsConfiguration config = MlopsConfiguration.get();
        Map<String, String> secrets = new LinkedHashMap<>();
        List<String> arguments;
        try {
            arguments = arguments(run, config, secrets).list();
        } catch (IllegalArgumentException missing) {
            throw new AbortException(missing.getMessage());
        }
        EnvVars env = new EnvVars(getContext().get(EnvVars.class));
        // The build's identity, whatever the root URL: without one, core sets neither JENKINS_URL nor BUILD_URL.
        env.put(RUN_ID_VARIABLE, runId(run));
        EngineProcess process = new EngineProcess(workspace, getContext().get(Launcher.class), listener, env,
                step.getTool(), config.jvmOptionList());
        EngineResult result = EngineResult.of(arguments.get(0), runEngine(process, arguments, secrets));
        MlLineageAction.StepRecord recorded = record(run, workspace, process, result);
        afterResult(run, result, recorded, listener);
        String deliveryModel = deliveryModel(result);
        if (deliveryModel != null) {
            recordDelivery(run, workspace, process, secrets, deliveryModel, listener);
        }
        if (result.exitCode() == 0) {
            return returnValue(result);
        }
        if (result.isVerdict() && !step.isFailBuild()) {
            listener.getLogger().println(Messages.Engine_Verdict(arguments.get(0), recorded.getHeadline()));
            return returnValue(result);
        }
        if (result.isVerdict()) {
            throw new AbortException(Messages.Engine_Verdict(arguments.get(0), recorded.getHeadline()));
        }
        throw new AbortException(Messages.Engine_Failed(arguments.get(0), result.exitCode(), result.errorMessage()));
    }

    /**
     * Records the step on the build with the build's lineage record as it now stands: the record the build kept so
     * far merged by the engine with this workspace's (parallel branches and other agents keep their own), redrawn as
     * the graph page. Steps of one build take turns.
     */
    protected final MlLineageAction.StepRecord record(Run<?, ?> run, FilePath workspace, EngineProcess process,
                                                      EngineResult result) throws IOException, InterruptedException {
        boolean ran = !result.status().equals("error");
        String headline = ran ? headline(result) : result.errorMessage();
        synchronized (MlLineageAction.lockFor(run)) {
            FilePath own = workspace.child(EngineProcess.LINEAGE);
            FilePath merged = workspace.child(EngineProcess.RESULTS_DIR).child("build-lineage.json");
            FilePath graph = workspace.child(EngineProcess.REPORTS_DIR).child("lineage.html");
            merged.delete();
            List<String> arguments = new ArrayList<>(List.of("lineage", "merge", "--run-id", runId(run),
                    "--out", merged.getRemote(), "--html", graph.getRemote()));
            int none = arguments.size();
            if (MlLineageAction.copyLineageTo(run, merged)) {
                arguments.add(merged.getRemote());
            }
            if (own.exists()) {
                arguments.add(own.getRemote());
            }
            boolean mergedOne = arguments.size() > none && process.run(arguments, Map.of()).exitCode() == 0
                    && merged.exists();
            return MlLineageAction.record(run, workspace, result, headline, ran ? facts(result) : Map.of(),
                    mergedOne ? merged : null, mergedOne ? graph : null);
        }
    }

    /**
     * Computes the model's delivery figures over {@value #DELIVERY_WINDOW} on the agent and keeps them with the build.
     * The figures are a by-product: when they cannot be computed (an older registry without outcomes, a tampered
     * log) the log says so and the step's own verdict stands.
     */
    protected final void recordDelivery(Run<?, ?> run, FilePath workspace, EngineProcess process,
                                        Map<String, String> secrets, String model, TaskListener listener)
            throws IOException, InterruptedException {
        if (!(step instanceof RegistryStep registryStep)) {
            return;
        }
        FilePath page = workspace.child(EngineProcess.REPORTS_DIR).child("delivery-" + model + ".html");
        EngineArguments arguments = new EngineArguments("delivery").add("--model", model)
                .add("--since", DELIVERY_WINDOW).add("--html", page.getRemote());
        addRegistry(arguments, registryStep, MlopsConfiguration.get(), run, secrets);
        EngineProcess.Outcome outcome = process.run(arguments.list(), secrets);
        if (outcome.exitCode() == 0 && outcome.resultJson() != null) {
            MlDeliveryAction.store(run, model, outcome.resultJson(), page);
        } else {
            listener.getLogger().println(Messages.Engine_DeliveryNotRecorded(model, outcome.exitCode()));
        }
    }

    /** What names this build to the engine: one build, one lineage record. */
    static String runId(Run<?, ?> run) {
        return "jenkins:" + run.getExternalizableId();
    }

    /** The registry for a registry step: its own, else the global default, else the engine's default. */
    protected static void addRegistry(EngineArguments arguments, RegistryStep step, MlopsConfiguration config,
                                      Run<?, ?> run, Map<String, String> secrets) throws AbortException {
        arguments.optional("--registry", step.getRegistry() != null ? step.getRegistry() : config.getRegistry());
        String credentialsId = step.getCredentialsId() != null ? step.getCredentialsId() : config.getCredentialsId();
        if (credentialsId != null) {
            secrets.put("MLFLOW_TRACKING_TOKEN", Credentials.secretText(run, credentialsId, "credentialsId"));
        }
    }

    /** What the step returns to the Pipeline: plain maps, lists and values only. */
    private Map<String, Object> returnValue(EngineResult result) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", result.status());
        out.put("exitCode", result.exitCode());
        returnedFields().forEach((name, path) -> out.put(name, result.get(path)));
        computedFields(result, out);
        out.put("result", result.fields());
        return out;
    }
}
