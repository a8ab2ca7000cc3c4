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

/** The repository's bundled churn data, put into a job's workspace before its build. */
public final class TestData {

    /** examples/data, from the plugin module's directory (surefire's working directory). */
    public static final Path DIR = Path.of("..", "examples", "data");

    private TestData() {
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
