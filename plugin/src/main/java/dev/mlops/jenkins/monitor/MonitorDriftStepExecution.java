package dev.mlops.jenkins.monitor;

import dev.mlops.jenkins.config.MlopsConfiguration;
import dev.mlops.jenkins.engine.EngineArguments;
import dev.mlops.jenkins.engine.EngineResult;
import dev.mlops.jenkins.engine.EngineStepExecution;
import dev.mlops.jenkins.lineage.MlLineageAction;
import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Runs {@code mlops monitor} (the statistics run on the agent, never on the controller); on drift it schedules
 * {@code onDrift.job}, whose cause links the report kept with this build.
 */
final class MonitorDriftStepExecution extends EngineStepExecution<MonitorDriftStep> {

    private static final long serialVersionUID = 1L;

    private transient String triggered;

    MonitorDriftStepExecution(MonitorDriftStep step, StepContext context) {
        super(step, context);
    }

    @Override
    protected EngineArguments arguments(Run<?, ?> run, MlopsConfiguration config, Map<String, String> secrets)
            throws AbortException {
        if (!step.getOnDrift().isEmpty() && !(step.getOnDrift().get("job") instanceof String)) {
            throw new AbortException(Messages.MonitorDriftStep_OnDriftNeedsJob());
        }
        EngineArguments args = new EngineArguments("monitor").add("--current", step.getCurrent())
                .optional("--reference", step.getReference()).optional("--labels", step.getLabels())
                .optional("--config", step.getConfig()).optional("--html", step.getReport())
                .optional("--model", step.getModel());
        if (step.getModel() != null) {
            addRegistry(args, step, config, run, secrets);
        }
        return args;
    }

    @Override
    protected void afterResult(Run<?, ?> run, EngineResult result, MlLineageAction.StepRecord recorded,
                               TaskListener listener) throws IOException, InterruptedException {
        if (result.exitCode() != EngineResult.DRIFT) {
            return;
        }
        Map<String, Object> onDrift = step.getOnDrift();
        if (onDrift.isEmpty()) {
            return;
        }
        DriftCause cause = new DriftCause(run.getParent().getFullName(), run.getNumber(), run.getUrl(),
                driftedColumns(result), String.valueOf(result.get("reasons")), result.text("window"),
                MlLineageAction.reportUrl(recorded));
        Object parameters = onDrift.getOrDefault("parameters", Map.of());
        if (!(parameters instanceof Map<?, ?> map)) {
            throw new AbortException(Messages.MonitorDriftStep_ParametersNotMap());
        }
        Object quietPeriod = onDrift.getOrDefault("quietPeriod", -1);
        triggered = RetrainingBuild.schedule(run, (String) onDrift.get("job"), map,
                quietPeriod instanceof Number n ? n.intValue() : Integer.parseInt(quietPeriod.toString()), cause);
        listener.getLogger().println(triggered);
    }

    private static List<String> driftedColumns(EngineResult result) {
        List<String> columns = new ArrayList<>();
        if (result.get("dataDrift/driftedColumns") instanceof List<?> list) {
            list.forEach(c -> columns.add(String.valueOf(c)));
        }
        return columns;
    }

    @Override
    protected Map<String, String> returnedFields() {
        return Map.of("share", "dataDrift/share",
                "reasons", "reasons",
                "window", "window",
                "report", "report");
    }

    @Override
    protected void computedFields(EngineResult result, Map<String, Object> out) {
        out.put("drift", result.exitCode() == EngineResult.DRIFT);
        out.put("driftedColumns", driftedColumns(result));
        out.put("triggered", triggered);
    }

    @Override
    protected String headline(EngineResult result) {
        return result.exitCode() == EngineResult.DRIFT
                ? Messages.MonitorDriftStep_Drift(String.join(", ", driftedColumns(result)), result.text("reasons"))
                : Messages.MonitorDriftStep_NoDrift();
    }

    @Override
    protected Map<String, String> facts(EngineResult result) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("drift share", result.text("dataDrift/share"));
        facts.put("window", result.text("window"));
        return facts;
    }
}
