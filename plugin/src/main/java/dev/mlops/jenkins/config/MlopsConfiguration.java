package dev.mlops.jenkins.config;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import dev.mlops.jenkins.engine.EngineStepDescriptor;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.Util;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * Defaults every step falls back on: the model registry and its token, the model server and its admin token, the
 * webhook secret, and the engine's JVM options. Configured under Manage Jenkins → System, or as {@code unclassified:
 * mlops:} in Configuration as Code.
 */
@Extension
@Symbol("mlops")
public class MlopsConfiguration extends GlobalConfiguration {

    private String registry;
    private String credentialsId;
    private String serverUrl;
    private String adminCredentialsId;
    private String webhookCredentialsId;
    private String jvmOptions;

    public MlopsConfiguration() {
        load();
    }

    public static MlopsConfiguration get() {
        return ExtensionList.lookupSingleton(MlopsConfiguration.class);
    }

    public String getRegistry() {
        return registry;
    }

    @DataBoundSetter
    public void setRegistry(String registry) {
        this.registry = Util.fixEmptyAndTrim(registry);
        save();
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
        save();
    }

    public String getServerUrl() {
        return serverUrl;
    }

    @DataBoundSetter
    public void setServerUrl(String serverUrl) {
        this.serverUrl = Util.fixEmptyAndTrim(serverUrl);
        save();
    }

    public String getAdminCredentialsId() {
        return adminCredentialsId;
    }

    @DataBoundSetter
    public void setAdminCredentialsId(String adminCredentialsId) {
        this.adminCredentialsId = Util.fixEmptyAndTrim(adminCredentialsId);
        save();
    }

    public String getWebhookCredentialsId() {
        return webhookCredentialsId;
    }

    @DataBoundSetter
    public void setWebhookCredentialsId(String webhookCredentialsId) {
        this.webhookCredentialsId = Util.fixEmptyAndTrim(webhookCredentialsId);
        save();
    }

    public String getJvmOptions() {
        return jvmOptions;
    }

    @DataBoundSetter
    public void setJvmOptions(String jvmOptions) {
        this.jvmOptions = Util.fixEmptyAndTrim(jvmOptions);
        save();
    }

    /** The JVM options split on whitespace, for the engine's command line. */
    public List<String> jvmOptionList() {
        List<String> options = new ArrayList<>();
        if (jvmOptions != null) {
            for (String option : jvmOptions.split("\\s+")) {
                options.add(option);
            }
        }
        return options;
    }

    /** The webhook's secret text, looked up as the system (the webhook has no user), or null when none is set. */
    public String webhookSecret() {
        if (webhookCredentialsId == null) {
            return null;
        }
        StringCredentials c = CredentialsMatchers.firstOrNull(CredentialsProvider.lookupCredentialsInItemGroup(
                StringCredentials.class, Jenkins.get(), ACL.SYSTEM2, List.of()),
                CredentialsMatchers.withId(webhookCredentialsId));
        return c == null ? null : c.getSecret().getPlainText();
    }

    @POST
    public FormValidation doCheckRegistry(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        String location = Util.fixEmptyAndTrim(value);
        if (location == null || location.startsWith("file:") || location.startsWith("mlflow:http://")
                || location.startsWith("mlflow:https://")) {
            return FormValidation.ok();
        }
        return FormValidation.error(Messages.MlopsConfiguration_BadRegistry());
    }

    @POST
    public FormValidation doCheckServerUrl(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        String url = Util.fixEmptyAndTrim(value);
        if (url == null || url.startsWith("http://") || url.startsWith("https://")) {
            return FormValidation.ok();
        }
        return FormValidation.error(Messages.MlopsConfiguration_BadServerUrl());
    }

    @POST
    public ListBoxModel doFillCredentialsIdItems(@QueryParameter String credentialsId) {
        return secretTextItems(credentialsId);
    }

    @POST
    public ListBoxModel doFillAdminCredentialsIdItems(@QueryParameter String adminCredentialsId) {
        return secretTextItems(adminCredentialsId);
    }

    @POST
    public ListBoxModel doFillWebhookCredentialsIdItems(@QueryParameter String webhookCredentialsId) {
        return secretTextItems(webhookCredentialsId);
    }

    private static ListBoxModel secretTextItems(String current) {
        return EngineStepDescriptor.secretTexts(null, current);
    }
}
