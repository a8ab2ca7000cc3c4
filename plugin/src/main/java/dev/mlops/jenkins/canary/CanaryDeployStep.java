package dev.mlops.jenkins.canary;

import dev.mlops.jenkins.engine.EngineStepDescriptor;
import dev.mlops.jenkins.engine.FormChecks;
import dev.mlops.jenkins.engine.RegistryStep;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
 * {@code canaryDeploy model: 'churn', version: r.version, steps: [10, 50, 100], rollbackOn: [errorRate: 0.02]}:
 * shifts traffic to the version step by step on the model server, analyses canary against stable after each interval
 * and promotes (moving the registry alias) or rolls back, with {@code mlops deploy canary}. Aborting the build
 * aborts the rollout (traffic back to stable).
 */
public final class CanaryDeployStep extends RegistryStep {

    private final String model;
    private final int version;
    private String server;
    private String adminCredentialsId;
    /** Traffic percentages of the canary, step by step, unless {@code steps} says otherwise. */
    public static final List<Integer> DEFAULT_STEPS = List.of(10, 25, 50, 100);
    /** How long each step runs before its analysis, unless {@code interval} says otherwise. */
    public static final String DEFAULT_INTERVAL = "60s";

    private List<Integer> steps = new ArrayList<>(DEFAULT_STEPS);
    private String interval = DEFAULT_INTERVAL;
    private Map<String, Object> rollbackOn = new LinkedHashMap<>();
    private String labels;
    private String requestLog;
    private Integer minRequests;
    private String alias;

    @DataBoundConstructor
    public CanaryDeployStep(String model, int version) {
        super(true);
        this.model = model;
        this.version = version;
    }

    public String getModel() {
        return model;
    }

    public int getVersion() {
        return version;
    }

    public String getServer() {
        return server;
    }

    /** The model server's URL; default from the global configuration. */
    @DataBoundSetter
    public void setServer(String server) {
        this.server = Util.fixEmptyAndTrim(server);
    }

    public String getAdminCredentialsId() {
        return adminCredentialsId;
    }

    /** Secret text: the server's admin token; default from the global configuration. */
    @DataBoundSetter
    public void setAdminCredentialsId(String adminCredentialsId) {
        this.adminCredentialsId = Util.fixEmptyAndTrim(adminCredentialsId);
    }

    public List<Integer> getSteps() {
        return steps;
    }

    @DataBoundSetter
    public void setSteps(List<Integer> steps) {
        this.steps = new ArrayList<>(steps == null || steps.isEmpty() ? DEFAULT_STEPS : steps);
    }

    public String getInterval() {
        return interval;
    }

    /** Time per step, e.g. {@code 60s} or {@code 5m}. */
    @DataBoundSetter
    public void setInterval(String interval) {
        this.interval = orDefault(interval, DEFAULT_INTERVAL);
    }

    public Map<String, Object> getRollbackOn() {
        return rollbackOn;
    }

    /**
     * Limits that roll back: {@code errorRate}, {@code p99Ms}, {@code predictionDivergence}, and {@code minAccuracy}
     * (with {@code labels} and {@code requestLog}).
     */
    @DataBoundSetter
    public void setRollbackOn(Map<String, Object> rollbackOn) {
        this.rollbackOn = rollbackOn == null ? new LinkedHashMap<>() : new LinkedHashMap<>(rollbackOn);
    }

    public String getLabels() {
        return labels;
    }

    @DataBoundSetter
    public void setLabels(String labels) {
        this.labels = Util.fixEmptyAndTrim(labels);
    }

    public String getRequestLog() {
        return requestLog;
    }

    @DataBoundSetter
    public void setRequestLog(String requestLog) {
        this.requestLog = Util.fixEmptyAndTrim(requestLog);
    }

    public Integer getMinRequests() {
        return minRequests;
    }

    @DataBoundSetter
    public void setMinRequests(Integer minRequests) {
        this.minRequests = minRequests;
    }

    public String getAlias() {
        return alias;
    }

    /** The registry alias that moves on promotion (default production). */
    @DataBoundSetter
    public void setAlias(String alias) {
        this.alias = Util.fixEmptyAndTrim(alias);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new CanaryDeployStepExecution(this, context);
    }

    @Extension
    @Symbol("canaryDeploy")
    public static final class DescriptorImpl extends EngineStepDescriptor {

        @Override
        public String getFunctionName() {
            return "canaryDeploy";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.CanaryDeployStep_DisplayName();
        }

        @POST
        public FormValidation doCheckModel(@AncestorInPath Item item, @QueryParameter String value) {
            return FormChecks.required(item, value, Messages.CanaryDeployStep_ModelRequired());
        }

        @POST
        public ListBoxModel doFillAdminCredentialsIdItems(@AncestorInPath Item item,
                                                          @QueryParameter String adminCredentialsId) {
            return secretTexts(item, adminCredentialsId);
        }
    }
}
