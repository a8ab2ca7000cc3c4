package dev.mlops.jenkins.engine;

import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.model.queue.Tasks;
import hudson.security.ACL;
import hudson.util.ListBoxModel;
import java.util.Set;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** What every mlops step's descriptor shares: its context, and the secret-text choices of its credentials fields. */
public abstract class EngineStepDescriptor extends StepDescriptor {

    /** Every step runs a process in a workspace on an agent. */
    @Override
    public Set<? extends Class<?>> getRequiredContext() {
        return Set.of(Run.class, FilePath.class, Launcher.class, TaskListener.class, EnvVars.class);
    }

    @POST
    public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
        return secretTexts(item, credentialsId);
    }

    /**
     * The secret-text credentials {@code item}'s builds may use (all of Jenkins' for the global configuration, where
     * {@code item} is null); only the current value for users who may not configure it.
     */
    public static ListBoxModel secretTexts(Item item, String current) {
        StandardListBoxModel model = new StandardListBoxModel();
        if (item == null) {
            if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
                return model.includeCurrentValue(current);
            }
            return model.includeEmptyValue().includeAs(ACL.SYSTEM2, Jenkins.get(), StringCredentials.class)
                    .includeCurrentValue(current);
        }
        if (!item.hasPermission(Item.EXTENDED_READ)) {
            return model.includeCurrentValue(current);
        }
        return model.includeEmptyValue().includeAs(item instanceof Queue.Task task
                ? Tasks.getAuthenticationOf2(task) : ACL.SYSTEM2, item, StringCredentials.class)
                .includeCurrentValue(current);
    }
}
