package dev.mlops.jenkins.engine;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * What every mlops step has: the engine to run ({@code tool}, default the shipped jar) and whether a negative verdict
 * (invalid data, a failed gate, drift, a rollback) fails the build or is returned ({@code failBuild}).
 */
public abstract class EngineStep extends Step {

    /** What every step needs from its context: it runs a process in a workspace on an agent. */
    public static final Set<Class<?>> CONTEXT = Set.of(Run.class, FilePath.class, Launcher.class, TaskListener.class,
            EnvVars.class);

    private String tool;
    private boolean failBuild;

    protected EngineStep(boolean failBuildByDefault) {
        this.failBuild = failBuildByDefault;
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
