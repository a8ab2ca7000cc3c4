package dev.mlops.engine.monitor;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.engine.AtomicFiles;
import dev.mlops.engine.InputException;
import dev.mlops.engine.Json;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Which data windows already fired a trigger, so that the same window never triggers twice (a re-run monitor job,
 * a daemon seeing unchanged files). A JSON array in a file, rewritten atomically under a file lock.
 */
public final class TriggerLedger {

    public static final Path DEFAULT_FILE = Path.of(".mlops", "monitor-triggers.json");

    private final Path file;

    public TriggerLedger(Path file) {
        this.file = file;
    }

    /** The earlier firing for {@code window} and {@code target}, if any. */
    public Optional<ObjectNode> find(String window, String target) throws IOException {
        for (var entry : read()) {
            if (window.equals(entry.path("window").asText()) && target.equals(entry.path("target").asText())) {
                return Optional.of((ObjectNode) entry);
            }
        }
        return Optional.empty();
    }

    /**
     * Fires at most once per window and target: under the lock, returns the earlier entry if there is one, otherwise
     * runs {@code fire} and records what it returned. A firing that throws is not recorded, so it is retried.
     */
    public FireResult fireOnce(String window, String target, Supplier<ObjectNode> fire) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        try (FileChannel lockChannel = FileChannel.open(dir.resolve(file.getFileName() + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock lock = lockChannel.lock()) {
            Optional<ObjectNode> earlier = find(window, target);
            if (earlier.isPresent()) {
                return new FireResult(earlier.get(), false);
            }
            ObjectNode entry = fire.get();
            entry.put("window", window);
            entry.put("target", target);
            ArrayNode all = read();
            all.add(entry);
            AtomicFiles.write(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(all) + "\n");
            return new FireResult(entry, true);
        }
    }

    /** The ledger entry and whether this call fired (false: an earlier run did). */
    public record FireResult(ObjectNode entry, boolean fired) {
    }

    private ArrayNode read() throws IOException {
        if (!Files.exists(file)) {
            return Json.mapper().createArrayNode();
        }
        try {
            var node = Json.mapper().readTree(file.toFile());
            if (node instanceof ArrayNode array) {
                return array;
            }
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new InputException(file, "is not a trigger ledger (expected a JSON array): " + e.getOriginalMessage());
        }
        throw new InputException(file, "is not a trigger ledger (expected a JSON array)");
    }
}
