package dev.mlops.engine.data;

import dev.mlops.engine.AtomicFiles;
import dev.mlops.engine.Json;
import dev.mlops.engine.LogSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Profiles already computed, so that the stages of one pipeline (validate, then train, evaluate or monitor on the
 * same file) profile a file once. An entry is keyed by the file's SHA-256, the read options and the loaded column
 * types (a declared type changes the profile), and the profile format; it is a JSON file in {@code .mlops/cache/}
 * of the working directory (the system property {@value #DIRECTORY_PROPERTY} moves it, {@code off} turns it off).
 * Entries are written atomically, so concurrent processes see a whole entry or none; an unreadable entry is
 * ignored and recomputed; beyond {@value #MAX_ENTRIES} entries the least recently used go.
 */
final class ProfileCache {

    static final String DIRECTORY_PROPERTY = "mlops.cache";
    static final String DEFAULT_DIRECTORY = ".mlops/cache";
    static final int MAX_ENTRIES = 64;

    private ProfileCache() {
    }

    /** The cache directory, or empty when caching is off. */
    static Optional<Path> directory() {
        String configured = System.getProperty(DIRECTORY_PROPERTY, DEFAULT_DIRECTORY);
        return configured.equals("off") ? Optional.empty() : Optional.of(Path.of(configured).resolve("profiles"));
    }

    /** What a profile depends on besides the code: the file's bytes, how it was read, and the types it got. */
    static String key(LoadedDataset data, String sha256) {
        StringBuilder key = new StringBuilder("profile-v").append(DatasetProfile.SCHEMA_VERSION)
                .append(" computed-v").append(Profiler.COMPUTATION_VERSION).append('\n')
                .append(sha256).append('\n').append(data.readKey()).append('\n');
        for (String column : data.columns()) {
            key.append(column).append(':').append(data.type(column)).append('\n');
        }
        return Hashing.sha256(key.toString().getBytes(StandardCharsets.UTF_8));
    }

    static Optional<DatasetProfile> read(String key, LogSink log) {
        Optional<Path> dir = directory();
        if (dir.isEmpty()) {
            return Optional.empty();
        }
        Path entry = dir.get().resolve(key + ".json");
        try {
            DatasetProfile profile = Json.mapper().readValue(Files.readAllBytes(entry), DatasetProfile.class);
            Files.setLastModifiedTime(entry, FileTime.fromMillis(System.currentTimeMillis()));
            return Optional.of(profile);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            log.info("ignoring the unreadable cached profile " + entry + " (" + e.getMessage() + "); profiling again");
            return Optional.empty();
        }
    }

    static void write(String key, DatasetProfile profile, LogSink log) {
        Optional<Path> dir = directory();
        if (dir.isEmpty()) {
            return;
        }
        try {
            Files.createDirectories(dir.get());
            AtomicFiles.write(dir.get().resolve(key + ".json"), Json.write(profile));
            evict(dir.get());
        } catch (IOException e) {
            // A cache that cannot be written costs time, not correctness.
            log.info("cannot cache the profile in " + dir.get() + ": " + e.getMessage());
        }
    }

    private static void evict(Path dir) throws IOException {
        List<Path> entries;
        try (Stream<Path> files = Files.list(dir)) {
            entries = files.filter(f -> f.getFileName().toString().endsWith(".json")).toList();
        }
        if (entries.size() <= MAX_ENTRIES) {
            return;
        }
        List<Path> oldestFirst = entries.stream().sorted(Comparator.comparing(ProfileCache::modified)).toList();
        for (Path old : oldestFirst.subList(0, entries.size() - MAX_ENTRIES)) {
            Files.deleteIfExists(old);
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0); // gone meanwhile: first to go
        }
    }
}
