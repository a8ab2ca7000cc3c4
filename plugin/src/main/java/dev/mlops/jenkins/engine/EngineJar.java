package dev.mlops.jenkins.engine;

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Computer;
import hudson.model.Node;
import hudson.model.TaskListener;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The engine jar shipped inside this plugin, copied once to each agent into {@code <agent root>/mlops-engine/<sha256>/}
 * and reused by every later step there. The directory name is the jar's SHA-256, so a plugin upgrade brings a new
 * copy and never mixes versions; a copy is written under a temporary name and renamed, so a half-copied jar is never
 * run.
 */
public final class EngineJar {

    static final String RESOURCE = "mlops.jar";
    private static volatile String sha256;

    private EngineJar() {
    }

    /** The shipped jar's SHA-256, computed once per controller start. */
    public static String sha256() throws IOException {
        String known = sha256;
        if (known == null) {
            try (InputStream in = new DigestInputStream(resource().openStream(),
                    MessageDigest.getInstance("SHA-256"))) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
                known = HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JVM has no SHA-256", e);
            }
            sha256 = known;
        }
        return known;
    }

    private static URL resource() throws AbortException {
        URL url = EngineJar.class.getResource(RESOURCE);
        if (url == null) {
            throw new AbortException(Messages.EngineJar_Missing());
        }
        return url;
    }

    /** The shipped jar on the agent that holds {@code workspace}, copying it there first if needed. */
    public static FilePath provision(FilePath workspace, TaskListener listener) throws IOException,
            InterruptedException {
        Computer computer = workspace.toComputer();
        Node node = computer == null ? null : computer.getNode();
        FilePath root = node == null ? null : node.getRootPath();
        if (root == null) {
            throw new AbortException(Messages.EngineJar_Offline(workspace.getRemote()));
        }
        String sha = sha256();
        FilePath dir = root.child("mlops-engine").child(sha);
        FilePath jar = dir.child(RESOURCE);
        if (!jar.exists()) {
            listener.getLogger().println(Messages.EngineJar_Copying(sha.substring(0, 12), dir.getRemote()));
            dir.mkdirs();
            FilePath partial = dir.child(RESOURCE + "." + UUID.randomUUID() + ".partial");
            try {
                partial.copyFrom(resource());
                partial.renameTo(jar);
            } finally {
                partial.delete();
            }
        }
        return jar;
    }
}
