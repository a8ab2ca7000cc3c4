package dev.mlops.engine.data;

import java.util.List;

/**
 * What identifies a dataset: the SHA-256 of the file's bytes as stored (compressed files are hashed compressed),
 * its row count and its columns in file order.
 */
public record Fingerprint(String path, String sha256, long rows, List<String> columns) {

    public Fingerprint {
        columns = List.copyOf(columns);
    }
}
