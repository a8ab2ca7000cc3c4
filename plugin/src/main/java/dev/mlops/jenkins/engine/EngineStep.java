package dev.mlops.jenkins.engine;

import hudson.Util;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * What every mlops step has: the engine to run ({@code tool}, default the shipped jar) and whether a negative verdict
 * (invalid data, a failed gate, drift, a rollback) fails the build or is returned ({@code failBuild}).
 */
public abstract class EngineStep extends Step {

    private String tool;
    private boolean failBuild;

    protected EngineStep(boolean failBuildByDefault) {
        this.failBuild = failBuildByDefault;
    }

    /**
     * A string argument as given, or {@code defaultValue} when it is null or blank: the Snippet Generator sends blank
     * for every optional field left empty, and a Pipeline may pass null; both mean "the default".
     */
    protected static String orDefault(String value, String defaultValue) {
        String given = Util.fixEmptyAndTrim(value);
        return given == null ? defaultValue : given;
    }

    public String getTool() {
        return tool;
    }

    @DataBoundSetter
    public void setTool(String tool) {
        this.tool = Util.fixEmptyAndTrim(tool);
    }

    public boolean isFailBuild() {
        return failBuild;
    }

    @DataBoundSetter
    public void setFailBuild(boolean failBuild) {
        this.failBuild = failBuild;
    }
}
