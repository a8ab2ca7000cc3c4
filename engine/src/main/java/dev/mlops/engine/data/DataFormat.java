package dev.mlops.engine.data;

import java.nio.file.Path;
import java.util.Locale;

/** The file formats the engine reads; gzip-compressed CSV and JSON Lines are recognised by a {@code .gz} suffix. */
public enum DataFormat {
    CSV,
    PARQUET,
    JSONL;

    /** Detects the format from the file name, ignoring a trailing {@code .gz}; CSV when nothing else matches. */
    public static DataFormat detect(Path file) {
        String name = baseName(file);
        if (name.endsWith(".parquet") || name.endsWith(".pq")) {
            return PARQUET;
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
            return JSONL;
        }
        return CSV;
    }

    static boolean isGzip(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
    }

    static boolean isTabSeparated(Path file) {
        return baseName(file).endsWith(".tsv");
    }

    private static String baseName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
    }
}
