package dev.mlops.jenkins.engine;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import hudson.AbortException;
import hudson.model.Run;
import java.util.List;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Secret text from the Credentials plugin, resolved in the build's context (so folder credentials and the
 * triggering user's permissions apply) and tracked on the build. The value goes into the engine's environment only.
 */
public final class Credentials {

    private Credentials() {
    }

    /** The secret text of {@code id}; {@code option} names the step argument in the error. */
    public static String secretText(Run<?, ?> run, String id, String option) throws AbortException {
        StringCredentials credentials = CredentialsProvider.findCredentialById(id, StringCredentials.class, run,
                List.of());
        if (credentials == null) {
            throw new AbortException(Messages.Credentials_NotFound(option, id));
        }
        CredentialsProvider.track(run, credentials);
        return credentials.getSecret().getPlainText();
    }
}
