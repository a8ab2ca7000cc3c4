package dev.mlops.jenkins.evaluate;

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
 * {@code evaluateGate model: m.path, holdout: 'data/holdout.csv', thresholds: [auc: 0.85], compareTo:
 * 'churn@production'}: scores the model on labelled data and gates it on thresholds and against the champion with
 * {@code mlops evaluate}. A failed gate fails the build, with each failed check in the log.
 */
public final class EvaluateGateStep extends RegistryStep {

    private final String model;
    private final String holdout;
    private Map<String, Object> thresholds = new LinkedHashMap<>();
    private String compareTo;
    private String name;
    private Map<String, Object> minImprovement = new LinkedHashMap<>();
    private Map<String, Object> maxRegression = new LinkedHashMap<>();
    /** Where the HTML report goes unless {@code report} says otherwise. */
    public static final String DEFAULT_REPORT = ".mlops/reports/evaluate.html";

    private String report = DEFAULT_REPORT;

    @DataBoundConstructor
    public EvaluateGateStep(String model, String holdout) {
        super(true);
        this.model = model;
        this.holdout = holdout;
    }

    public String getModel() {
        return model;
    }

    public String getHoldout() {
        return holdout;
    }

    public Map<String, Object> getThresholds() {
        return thresholds;
    }

    /**
     * Metric to bound: a number is a minimum ({@code auc: 0.85}), or a maximum for error metrics (rmse, mae, mape,
     * logloss, brier); a string gives the comparison ({@code rmse: '<=4.5'}).
     */
    @DataBoundSetter
    public void setThresholds(Map<String, Object> thresholds) {
        this.thresholds = copy(thresholds);
    }

    public String getCompareTo() {
        return compareTo;
    }

    /** The champion: {@code NAME@ALIAS}, a bundle path (.zip), or an alias of {@code name}. */
    @DataBoundSetter
    public void setCompareTo(String compareTo) {
        this.compareTo = Util.fixEmptyAndTrim(compareTo);
    }

    public String getName() {
        return name;
    }

    /** The registered model's name, when {@code compareTo} is a bare alias such as {@code production}. */
    @DataBoundSetter
    public void setName(String name) {
        this.name = Util.fixEmptyAndTrim(name);
    }

    public Map<String, Object> getMinImprovement() {
        return minImprovement;
    }

    @DataBoundSetter
    public void setMinImprovement(Map<String, Object> minImprovement) {
        this.minImprovement = copy(minImprovement);
    }

    public Map<String, Object> getMaxRegression() {
        return maxRegression;
    }

    @DataBoundSetter
    public void setMaxRegression(Map<String, Object> maxRegression) {
        this.maxRegression = copy(maxRegression);
    }

    public String getReport() {
        return report;
    }

    @DataBoundSetter
    public void setReport(String report) {
        this.report = orDefault(report, DEFAULT_REPORT);
    }

    private static Map<String, Object> copy(Map<String, Object> map) {
        return map == null ? new LinkedHashMap<>() : new LinkedHashMap<>(map);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new EvaluateGateStepExecution(this, context);
    }

    @Extension
    @Symbol("evaluateGate")
    public static final class DescriptorImpl extends EngineStepDescriptor {

        @Override
        public String getFunctionName() {
            return "evaluateGate";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.EvaluateGateStep_DisplayName();
        }

        @POST
        public FormValidation doCheckModel(@AncestorInPath Item item, @QueryParameter String value) {
            return FormChecks.required(item, value, Messages.EvaluateGateStep_ModelRequired());
        }

        @POST
        public FormValidation doCheckHoldout(@AncestorInPath Item item, @QueryParameter String value) {
            return FormChecks.required(item, value, Messages.EvaluateGateStep_HoldoutRequired());
        }
    }
}
