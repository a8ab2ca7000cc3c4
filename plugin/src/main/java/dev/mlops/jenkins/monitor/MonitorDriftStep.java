package dev.mlops.jenkins.monitor;

import dev.mlops.jenkins.engine.EngineStepDescriptor;
import dev.mlops.jenkins.engine.FormChecks;
import dev.mlops.jenkins.engine.RegistryStep;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.util.FormValidation;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code monitorDrift model: 'churn@production', reference: 'data/train.csv', current: 'requests/*.jsonl', onDrift:
 * [job: 'train-churn', parameters: [REASON: 'drift']]}: data, prediction and concept drift with {@code mlops monitor}
 * on the agent. On drift it schedules {@code onDrift.job} (once per data window, as the engine's ledger ensures) and
 * returns {@code drift: true}; it fails the build only with {@code failBuild: true}, since drift is what a monitor
 * job is for.
 */
public final class MonitorDriftStep extends RegistryStep {

    private final String current;
    private String reference;
    private String model;
    private String labels;
    private String config;
    private Map<String, Object> onDrift = new LinkedHashMap<>();
    /** Where the HTML report goes unless {@code report} says otherwise. */
    public static final String DEFAULT_REPORT = ".mlops/reports/drift.html";

    private String report = DEFAULT_REPORT;

    @DataBoundConstructor
    public MonitorDriftStep(String current) {
        super(false);
        this.current = current;
    }

    public String getCurrent() {
        return current;
    }

    public String getReference() {
        return reference;
    }

    @DataBoundSetter
    public void setReference(String reference) {
        this.reference = Util.fixEmptyAndTrim(reference);
    }

    public String getModel() {
        return model;
    }

    /** A bundle or {@code NAME@ALIAS}: adds prediction drift, and concept drift with {@code labels}. */
    @DataBoundSetter
    public void setModel(String model) {
        this.model = Util.fixEmptyAndTrim(model);
    }

    public String getLabels() {
        return labels;
    }

    @DataBoundSetter
    public void setLabels(String labels) {
        this.labels = Util.fixEmptyAndTrim(labels);
    }

    public String getConfig() {
        return config;
    }

    @DataBoundSetter
    public void setConfig(String config) {
        this.config = Util.fixEmptyAndTrim(config);
    }

    public Map<String, Object> getOnDrift() {
        return onDrift;
    }

    /** {@code [job: 'NAME', parameters: [KEY: value, ...], quietPeriod: 0]}: the retraining job to schedule. */
    @DataBoundSetter
    public void setOnDrift(Map<String, Object> onDrift) {
        this.onDrift = onDrift == null ? new LinkedHashMap<>() : new LinkedHashMap<>(onDrift);
    }

    public String getReport() {
        return report;
    }

    @DataBoundSetter
    public void setReport(String report) {
        this.report = orDefault(report, DEFAULT_REPORT);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new MonitorDriftStepExecution(this, context);
    }

    @Extension
    @Symbol("monitorDrift")
    public static final class DescriptorImpl extends EngineStepDescriptor {

        @Override
        public String getFunctionName() {
            return "monitorDrift";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.MonitorDriftStep_DisplayName();
        }

        @POST
        public FormValidation doCheckCurrent(@AncestorInPath Item item, @QueryParameter String value) {
            return FormChecks.required(item, value, Messages.MonitorDriftStep_CurrentRequired());
        }
    }
}
