package dev.mlops.jenkins.train;

import dev.mlops.jenkins.engine.EngineStep;
import dev.mlops.jenkins.engine.EngineStepDescriptor;
import dev.mlops.jenkins.engine.FormChecks;
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
 * {@code trainModel data: 'data/train.csv', target: 'churned', algorithm: 'xgboost', seed: 42}: trains a model bundle
 * with {@code mlops train}; optional hyperparameters, search and feature spec. Returns {@code path} and
 * {@code sha256} of the bundle, its metrics and chosen parameters.
 */
public final class TrainModelStep extends EngineStep {

    private final String data;
    private final String target;
    private final String algorithm;
    private final long seed;
    private Map<String, Object> params = new LinkedHashMap<>();
    private String search;
    private String space;
    private Integer trials;
    private Integer folds;
    private String features;
    /** Where the bundle goes unless {@code out} says otherwise. */
    public static final String DEFAULT_OUT = ".mlops/models/model.zip";

    private String out = DEFAULT_OUT;

    @DataBoundConstructor
    public TrainModelStep(String data, String target, String algorithm, long seed) {
        super(true);
        this.data = data;
        this.target = target;
        this.algorithm = algorithm;
        this.seed = seed;
    }

    public String getData() {
        return data;
    }

    public String getTarget() {
        return target;
    }

    public String getAlgorithm() {
        return algorithm;
    }

    public long getSeed() {
        return seed;
    }

    public Map<String, Object> getParams() {
        return params;
    }

    /** Algorithm parameters, e.g. {@code [numTrees: 100, maxDepth: 4]}; in Pipeline syntax only. */
    @DataBoundSetter
    public void setParams(Map<String, Object> params) {
        this.params = params == null ? new LinkedHashMap<>() : new LinkedHashMap<>(params);
    }

    public String getSearch() {
        return search;
    }

    /** {@code grid} or {@code random}, over {@code space}. */
    @DataBoundSetter
    public void setSearch(String search) {
        this.search = Util.fixEmptyAndTrim(search);
    }

    public String getSpace() {
        return space;
    }

    @DataBoundSetter
    public void setSpace(String space) {
        this.space = Util.fixEmptyAndTrim(space);
    }

    public Integer getTrials() {
        return trials;
    }

    @DataBoundSetter
    public void setTrials(Integer trials) {
        this.trials = trials;
    }

    public Integer getFolds() {
        return folds;
    }

    @DataBoundSetter
    public void setFolds(Integer folds) {
        this.folds = folds;
    }

    public String getFeatures() {
        return features;
    }

    @DataBoundSetter
    public void setFeatures(String features) {
        this.features = Util.fixEmptyAndTrim(features);
    }

    public String getOut() {
        return out;
    }

    @DataBoundSetter
    public void setOut(String out) {
        this.out = orDefault(out, DEFAULT_OUT);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new TrainModelStepExecution(this, context);
    }

    @Extension
    @Symbol("trainModel")
    public static final class DescriptorImpl extends EngineStepDescriptor {

        @Override
        public String getFunctionName() {
            return "trainModel";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.TrainModelStep_DisplayName();
        }

        @POST
        public FormValidation doCheckData(@AncestorInPath Item item, @QueryParameter String value) {
            return FormChecks.required(item, value, Messages.TrainModelStep_DataRequired());
        }

        @POST
        public FormValidation doCheckTarget(@AncestorInPath Item item, @QueryParameter String value) {
            return FormChecks.required(item, value, Messages.TrainModelStep_TargetRequired());
        }

        @POST
        public FormValidation doCheckAlgorithm(@AncestorInPath Item item, @QueryParameter String value) {
            return FormChecks.required(item, value, Messages.TrainModelStep_AlgorithmRequired());
        }
    }
}
