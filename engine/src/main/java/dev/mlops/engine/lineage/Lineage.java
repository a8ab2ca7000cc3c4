package dev.mlops.engine.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.engine.AtomicFiles;
import dev.mlops.engine.EngineVersion;
import dev.mlops.engine.InputException;
import dev.mlops.engine.Json;
import dev.mlops.engine.data.Fingerprint;
import dev.mlops.engine.data.Hashing;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The run's lineage file (docs/lineage.md): one JSON record per CI run, to which every {@code mlops} command appends
 * its step. A step from another run (a new build in a reused workspace) starts a new record.
 */
public final class Lineage {

    public static final int SCHEMA_VERSION = 1;
    public static final Path DEFAULT_FILE = Path.of(".mlops", "lineage.json");

    private Lineage() {
    }

    /** A file a step read, by content. */
    public static Map<String, Object> file(String role, Path file) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("role", role);
        in.put("path", file.toString());
        in.put("sha256", Hashing.sha256Of(file));
        return in;
    }

    /**
     * A dataset a step read: its fingerprint, a hash of its schema (column names and types), its DVC hash, and when
     * it arrived (the file's modification time: where a model's lead time to production starts).
     */
    public static Map<String, Object> dataset(String role, Path file, Fingerprint fingerprint,
                                              Map<String, String> types) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("role", role);
        in.put("path", file.toString());
        in.put("sha256", fingerprint.sha256());
        in.put("rows", fingerprint.rows());
        StringBuilder schema = new StringBuilder();
        for (String c : fingerprint.columns()) {
            schema.append(c).append(':').append(types.getOrDefault(c, "?")).append('\n');
        }
        in.put("schemaSha256", Hashing.sha256(schema.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        DvcHash.of(file).ifPresent(h -> in.put("dvc", h));
        try {
            in.put("modifiedAt", Files.getLastModifiedTime(file).toInstant().toString());
        } catch (IOException e) {
            // the file was read a moment ago; without its time, lead time starts at the commit instead
        }
        return in;
    }

    /**
     * Appends {@code step} ({@code command}, {@code inputs}, {@code params}, {@code outputs}, ...) to the record in
     * {@code file}, refreshing the git state from {@code workDir}; returns the whole record.
     */
    public static ObjectNode append(Path file, Map<String, String> env, Path workDir, Map<String, Object> step) {
        RunContext context = RunContext.detect(env);
        Path abs = file.toAbsolutePath();
        try {
            Files.createDirectories(abs.getParent());
            try (FileChannel lock = FileChannel.open(abs.resolveSibling(abs.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock ignored = lock.lock()) {
                ObjectNode existing = Files.exists(abs) ? readRecord(abs) : null;
                ObjectNode record = existing != null && sameRun(existing, context) ? existing
                        : Json.mapper().createObjectNode();
                if (record != existing) {
                    record.put("schemaVersion", SCHEMA_VERSION);
                    record.put("runId", context.runId());
                    record.put("createdAt", Instant.now().toString());
                    record.set("context", Json.mapper().valueToTree(context));
                    record.set("environment", Json.mapper().valueToTree(environment()));
                    record.putArray("steps");
                }
                record.put("updatedAt", Instant.now().toString());
                GitState.of(workDir).ifPresentOrElse(g -> record.set("git", Json.mapper().valueToTree(g)),
                        () -> record.remove("git"));
                ObjectNode s = Json.mapper().valueToTree(step);
                s.put("id", UUID.randomUUID().toString());
                s.put("at", Instant.now().toString());
                ((ArrayNode) record.get("steps")).add(s);
                AtomicFiles.write(abs, Json.write(record) + "\n");
                return record;
            }
        } catch (IOException e) {
            throw new InputException(file, "cannot write the lineage record: " + e.getMessage(), e);
        }
    }

    private static boolean sameRun(ObjectNode record, RunContext context) {
        return context.system().equals(record.path("context").path("system").asText())
                && Objects.equals(context.runId(), record.path("runId").asText(null));
    }

    /**
     * One run's record assembled from the copies its steps left in several places (parallel branches, workspaces on
     * several agents): the first record's run fields, every step of every copy once (by its {@code id}, or by its
     * content for steps recorded before steps had one) in time order, the earliest {@code createdAt} and the latest
     * {@code updatedAt}. The latest git state wins. Copies of another run are an error: they are not this run's.
     */
    public static ObjectNode merge(List<ObjectNode> records) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("no lineage record to merge");
        }
        ObjectNode merged = records.get(0).deepCopy();
        String runId = merged.path("runId").asText(null);
        List<JsonNode> steps = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String createdAt = merged.path("createdAt").asText("");
        String updatedAt = "";
        JsonNode latestGit = null;
        for (ObjectNode record : records) {
            if (!Objects.equals(runId, record.path("runId").asText(null))) {
                throw new IllegalArgumentException("lineage records of different runs: " + runId + " and "
                        + record.path("runId").asText(null));
            }
            for (JsonNode step : record.path("steps")) {
                String key = step.hasNonNull("id") ? step.get("id").asText() : step.toString();
                if (seen.add(key)) {
                    steps.add(step);
                }
            }
            // ISO-8601 instants of one clock compare as text.
            String created = record.path("createdAt").asText("");
            if (!created.isEmpty() && (createdAt.isEmpty() || created.compareTo(createdAt) < 0)) {
                createdAt = created;
            }
            String updated = record.path("updatedAt").asText("");
            if (updated.compareTo(updatedAt) >= 0) {
                updatedAt = updated;
                latestGit = record.get("git");
            }
        }
        merged.put("createdAt", createdAt);
        merged.put("updatedAt", updatedAt);
        if (latestGit != null) {
            merged.set("git", latestGit.deepCopy());
        } else {
            merged.remove("git");
        }
        // The sort is stable: steps recorded at the same instant keep their order.
        steps.sort(Comparator.comparing(step -> step.path("at").asText("")));
        ArrayNode array = merged.putArray("steps");
        steps.forEach(step -> array.add(step.deepCopy()));
        return merged;
    }

    private static ObjectNode readRecord(Path file) {
        JsonNode node = read(file);
        return node instanceof ObjectNode o ? o : null;
    }

    /** Reads a lineage record, refusing a file that is not one. */
    public static ObjectNode read(Path file) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new InputException(file, "is not a lineage record: " + e.getMessage(), e);
        }
        if (!(node instanceof ObjectNode o) || o.path("schemaVersion").asInt() != SCHEMA_VERSION
                || !o.path("steps").isArray()) {
            throw new InputException(file, "is not a lineage record (schemaVersion " + SCHEMA_VERSION
                    + " with steps)");
        }
        return o;
    }

    /** The engine's components (with its SBOM's hash) and the runtime: results can differ across them. */
    static Map<String, String> environment() {
        Map<String, String> v = new LinkedHashMap<>(EngineVersion.components());
        v.putAll(EngineVersion.runtime());
        v.put("java", v.get("java") + " (" + System.getProperty("java.vendor") + ")");
        return v;
    }
}
