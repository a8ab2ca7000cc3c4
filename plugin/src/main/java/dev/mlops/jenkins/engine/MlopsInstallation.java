package dev.mlops.jenkins.engine;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.FilePath;
import hudson.model.EnvironmentSpecific;
import hudson.model.Node;
import hudson.model.TaskListener;
import hudson.slaves.NodeSpecific;
import hudson.tools.ToolDescriptor;
import hudson.tools.ToolInstallation;
import hudson.tools.ToolProperty;
import java.io.IOException;
import java.util.List;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * Another engine than the one this plugin ships: a pre-installed jar on air-gapped agents, or another engine version.
 * Its home is the jar itself or a directory holding {@code mlops.jar}; tool installers (download, extract) work as for
 * any tool. Steps pick it with {@code tool: 'NAME'}.
 */
public final class MlopsInstallation extends ToolInstallation implements NodeSpecific<MlopsInstallation>,
        EnvironmentSpecific<MlopsInstallation> {

    private static final long serialVersionUID = 1L;

    @DataBoundConstructor
    public MlopsInstallation(String name, String home, List<? extends ToolProperty<?>> properties) {
        super(name, home, properties);
    }

    @Override
    public MlopsInstallation forNode(@NonNull Node node, TaskListener log) throws IOException, InterruptedException {
        return new MlopsInstallation(getName(), translateFor(node, log), getProperties().toList());
    }

    @Override
    public MlopsInstallation forEnvironment(EnvVars environment) {
        return new MlopsInstallation(getName(), environment.expand(getHome()), getProperties().toList());
    }

    /** The jar of the installation named {@code name} on the agent of {@code workspace}. */
    static FilePath jar(String name, Node node, FilePath workspace, EnvVars env, TaskListener listener)
            throws IOException, InterruptedException {
        MlopsInstallation configured = null;
        for (MlopsInstallation i : ExtensionList.lookupSingleton(DescriptorImpl.class).getInstallations()) {
            if (i.getName().equals(name)) {
                configured = i;
            }
        }
        if (configured == null) {
            throw new AbortException(Messages.MlopsInstallation_Unknown(name));
        }
        String home = configured.forNode(node, listener).forEnvironment(env).getHome();
        if (home == null || home.isBlank()) {
            throw new AbortException(Messages.MlopsInstallation_NoHome(name));
        }
        FilePath path = workspace.child(home);
        FilePath jar = home.endsWith(".jar") ? path : path.child(EngineJar.RESOURCE);
        if (!jar.exists()) {
            throw new AbortException(Messages.MlopsInstallation_NoJar(name, jar.getRemote()));
        }
        return jar;
    }

    @Extension
    @Symbol("mlops")
    public static final class DescriptorImpl extends ToolDescriptor<MlopsInstallation> {

        public DescriptorImpl() {
            load();
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.MlopsInstallation_DisplayName();
        }

        @Override
        public void setInstallations(MlopsInstallation... installations) {
            super.setInstallations(installations);
            save();
        }
    }
}
