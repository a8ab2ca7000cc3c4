package dev.mlops.jenkins.validate;

import dev.mlops.jenkins.engine.EngineStep;
import dev.mlops.jenkins.engine.EngineStepDescriptor;
import dev.mlops.jenkins.engine.FormChecks;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.util.FormValidation;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code validateData data: 'data/train.csv', schema: 'schema.yaml'}: checks a dataset against its schema (and
 * optionally a reference profile) with {@code mlops validate}; invalid data fails the build with every violation in
 * the log and an HTML report.
 */
public final class ValidateDataStep extends EngineStep {

    private final String data;
    private final String schema;
    private String reference;
    private String failOn;
    /** Where the HTML report goes unless {@code report} says otherwise. */
    public static final String DEFAULT_REPORT = ".mlops/reports/validate.html";

    private String report = DEFAULT_REPORT;

    @DataBoundConstructor
    public ValidateDataStep(String data, String schema) {
        super(true);
        this.data = data;
        this.schema = schema;
    }

    public String getData() {
        return data;
    }

    public String getSchema() {
        return schema;
    }

    public String getReference() {
        return reference;
    }

    /** A reference profile (or an earlier validate result) to check distribution shifts against. */
    @DataBoundSetter
    public void setReference(String reference) {
        this.reference = Util.fixEmptyAndTrim(reference);
    }

    public String getFailOn() {
        return failOn;
    }

    /** {@code error} (default), {@code warning} or {@code never}. */
    @DataBoundSetter
    public void setFailOn(String failOn) {
        this.failOn = Util.fixEmptyAndTrim(failOn);
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
        return new ValidateDataStepExecution(this, context);
    }

    @Extension
    @Symbol("validateData")
    public static final class DescriptorImpl extends EngineStepDescriptor {

        @Override
        public String getFunctionName() {
            return "validateData";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.ValidateDataStep_DisplayName();
        }

        @POST
        public FormValidation doCheckData(@AncestorInPath Item item, @QueryParameter String value) {
            return FormChecks.required(item, value, Messages.ValidateDataStep_DataRequired());
        }

        @POST
        public FormValidation doCheckSchema(@AncestorInPath Item item, @QueryParameter String value) {
            return FormChecks.required(item, value, Messages.ValidateDataStep_SchemaRequired());
        }
    }
}
