package dev.mlops.jenkins.register;

import dev.mlops.jenkins.engine.EngineStepDescriptor;
import dev.mlops.jenkins.engine.FormChecks;
import dev.mlops.jenkins.engine.RegistryStep;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
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
 * {@code registerModel model: m.path, name: 'churn', alias: 'candidate'}: a new registry version with
 * {@code mlops register} (atomic; the lineage record is attached); returns {@code version}.
 */
public final class RegisterModelStep extends RegistryStep {

    private final String model;
    private final String name;
    private String alias;
    private String reason;
    private Map<String, Object> tags = new LinkedHashMap<>();
    private String auditKeyCredentialsId;

    @DataBoundConstructor
    public RegisterModelStep(String model, String name) {
        super(true);
        this.model = model;
        this.name = name;
    }

    public String getModel() {
        return model;
    }

    public String getName() {
        return name;
    }

    public String getAlias() {
        return alias;
    }

    @DataBoundSetter
    public void setAlias(String alias) {
        this.alias = Util.fixEmptyAndTrim(alias);
    }

    public String getReason() {
        return reason;
    }

    /** Recorded in the registry's history; default: the build's URL. */
    @DataBoundSetter
    public void setReason(String reason) {
        this.reason = Util.fixEmptyAndTrim(reason);
    }

    public Map<String, Object> getTags() {
        return tags;
    }

    @DataBoundSetter
    public void setTags(Map<String, Object> tags) {
        this.tags = tags == null ? new LinkedHashMap<>() : new LinkedHashMap<>(tags);
    }

    public String getAuditKeyCredentialsId() {
        return auditKeyCredentialsId;
    }

    /** Secret text: signs the registry's audit entries with HMAC-SHA256 (MLOPS_AUDIT_HMAC_KEY). */
    @DataBoundSetter
    public void setAuditKeyCredentialsId(String auditKeyCredentialsId) {
        this.auditKeyCredentialsId = Util.fixEmptyAndTrim(auditKeyCredentialsId);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new RegisterModelStepExecution(this, context);
    }

    @Extension
    @Symbol("registerModel")
    public static final class DescriptorImpl extends EngineStepDescriptor {

        @Override
        public String getFunctionName() {
            return "registerModel";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.RegisterModelStep_DisplayName();
        }

        @POST
        public FormValidation doCheckModel(@AncestorInPath Item item, @QueryParameter String value) {
            return FormChecks.required(item, value, Messages.RegisterModelStep_ModelRequired());
        }

        @POST
        public FormValidation doCheckName(@AncestorInPath Item item, @QueryParameter String value) {
            return FormChecks.required(item, value, Messages.RegisterModelStep_NameRequired());
        }

        @POST
        public ListBoxModel doFillAuditKeyCredentialsIdItems(@AncestorInPath Item item,
                                                             @QueryParameter String auditKeyCredentialsId) {
            return secretTexts(item, auditKeyCredentialsId);
        }
    }
}
