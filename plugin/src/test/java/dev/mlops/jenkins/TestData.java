package dev.mlops.jenkins;

import hudson.FilePath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jvnet.hudson.test.JenkinsRule;

/** The repository's bundled churn data, put into a job's workspace before its build. */
public final class TestData {

    /** examples/data, from the plugin module's directory (surefire's working directory). */
    public static final Path DIR = Path.of("..", "examples", "data");

    private TestData() {
    }

    /** A sandboxed Pipeline job running {@code script}, with the bundled files in its workspace's data/. */
    public static WorkflowJob pipeline(JenkinsRule j, String name, String script) throws Exception {
        WorkflowJob job = j.createProject(WorkflowJob.class, name);
        job.setDefinition(new CpsFlowDefinition(script, true));
        copyInto(j.jenkins.getWorkspaceFor(job));
        return job;
    }

    /** Copies the bundled files into {@code workspace}/data/. */
    public static void copyInto(FilePath workspace) throws IOException, InterruptedException {
        FilePath data = workspace.child("data");
        data.mkdirs();
        for (String file : new String[] {"train.csv", "holdout.csv", "current.csv", "churn.schema.yaml"}) {
            data.child(file).copyFrom(new FilePath(DIR.resolve(file).toFile()));
        }
    }

    public static String sha256(String file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(DIR.resolve(file)),
                MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
