package dev.mlops.jenkins.engine;

import hudson.Util;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * A step that uses the model registry: {@code registry} ({@code file:PATH} or {@code mlflow:URL}; default from the
 * global configuration) and {@code credentialsId} (secret text: the MLflow token; default from the global
 * configuration).
 */
public abstract class RegistryStep extends EngineStep {

    private String registry;
    private String credentialsId;

    protected RegistryStep(boolean failBuildByDefault) {
        super(failBuildByDefault);
    }

    public String getRegistry() {
        return registry;
    }

    @DataBoundSetter
    public void setRegistry(String registry) {
        this.registry = Util.fixEmptyAndTrim(registry);
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }
}
