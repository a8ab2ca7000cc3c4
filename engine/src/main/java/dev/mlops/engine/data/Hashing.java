package dev.mlops.engine.data;

import dev.mlops.engine.InputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Streaming content hashes. */
public final class Hashing {

    private static final int BUFFER_BYTES = 1 << 20;

    private Hashing() {
    }

    /** Lower-case hex SHA-256 of the file's bytes, read in 1 MiB blocks. */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        }
    }

    /** Like {@link #sha256(Path)}, with a read failure reported as an input error naming the file. */
    public static String sha256Of(Path file) {
        try {
            return sha256(file);
        } catch (IOException e) {
            throw new InputException(file, "cannot be read: " + e.getMessage(), e);
        }
    }

    /** Starts hashing {@code file} on another thread, for callers that read the file meanwhile. */
    public static CompletableFuture<String> sha256Async(Path file) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return sha256(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The result of {@link #sha256Async}, with a read failure reported as an input error on {@code file}. */
    public static String await(CompletableFuture<String> sha256, Path file) {
        try {
            return sha256.join();
        } catch (CompletionException e) {
            throw new InputException(file, "cannot be read: " + e.getCause().getMessage(), e.getCause());
        }
    }

    public static String sha256(InputStream in) throws IOException {
        MessageDigest digest = newSha256();
        byte[] buffer = new byte[BUFFER_BYTES];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(newSha256().digest(bytes));
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
