package dev.mlops.jenkins.webhook;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Job;
import hudson.triggers.Trigger;
import hudson.triggers.TriggerDescriptor;
import hudson.util.FormValidation;
import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.PatternSyntaxException;
import jenkins.model.ParameterizedJobMixIn;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * Starts this job when {@code JENKINS_URL/mlops-webhook/} receives a signed event that matches: its type (a glob such
 * as {@code model_version.*} or {@code data.arrived}), optionally its model name and a glob over its dataset path.
 * In a Pipeline: {@code triggers { mlopsEvent(eventType: 'model_version.created', modelName: 'churn') }}.
 */
public final class MlopsEventTrigger extends Trigger<Job<?, ?>> {

    private final String eventType;
    private String modelName;
    private String datasetGlob;

    @DataBoundConstructor
    public MlopsEventTrigger(String eventType) {
        this.eventType = Util.fixEmptyAndTrim(eventType);
    }

    public String getEventType() {
        return eventType;
    }

    public String getModelName() {
        return modelName;
    }

    @DataBoundSetter
    public void setModelName(String modelName) {
        this.modelName = Util.fixEmptyAndTrim(modelName);
    }

    public String getDatasetGlob() {
        return datasetGlob;
    }

    @DataBoundSetter
    public void setDatasetGlob(String datasetGlob) {
        this.datasetGlob = Util.fixEmptyAndTrim(datasetGlob);
    }

    /** Whether {@code event} should start this job. */
    boolean matches(WebhookEvent event) {
        if (eventType != null && !glob(eventType, event.type())) {
            return false;
        }
        if (modelName != null && !modelName.equals(event.model())) {
            return false;
        }
        return datasetGlob == null || (event.dataset() != null && glob(datasetGlob, event.dataset()));
    }

    private static boolean glob(String pattern, String value) {
        try {
            return FileSystems.getDefault().getPathMatcher("glob:" + pattern).matches(Path.of(value));
        } catch (InvalidPathException | PatternSyntaxException e) {
            return false;
        }
    }

    @Extension
    @Symbol("mlopsEvent")
    public static final class DescriptorImpl extends TriggerDescriptor {

        @Override
        public boolean isApplicable(Item item) {
            return item instanceof ParameterizedJobMixIn.ParameterizedJob;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.MlopsEventTrigger_DisplayName();
        }

        @POST
        public FormValidation doCheckDatasetGlob(@AncestorInPath Item item, @QueryParameter String value) {
            if (item == null || !item.hasPermission(Item.CONFIGURE) || Util.fixEmptyAndTrim(value) == null) {
                return FormValidation.ok();
            }
            try {
                FileSystems.getDefault().getPathMatcher("glob:" + value.trim());
                return FormValidation.ok();
            } catch (PatternSyntaxException e) {
                return FormValidation.error(Messages.MlopsEventTrigger_BadGlob(e.getDescription()));
            }
        }
    }
}
