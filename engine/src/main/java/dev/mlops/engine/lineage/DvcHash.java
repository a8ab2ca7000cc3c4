package dev.mlops.engine.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.engine.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The hash DVC records for a data file: from {@code FILE.dvc} next to it, or from a {@code dvc.lock} in its directory
 * or an ancestor that lists it among a stage's outputs.
 */
public final class DvcHash {

    private DvcHash() {
    }

    public static Optional<String> of(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Path dvcFile = abs.resolveSibling(abs.getFileName() + ".dvc");
        if (Files.isRegularFile(dvcFile)) {
            for (JsonNode out : read(dvcFile).path("outs")) {
                if (abs.getFileName().toString().equals(out.path("path").asText()) && out.has("md5")) {
                    return Optional.of("md5:" + out.get("md5").asText());
                }
            }
        }
        for (Path dir = abs.getParent(); dir != null; dir = dir.getParent()) {
            Path lock = dir.resolve("dvc.lock");
            if (Files.isRegularFile(lock)) {
                String relative = dir.relativize(abs).toString();
                for (JsonNode stage : read(lock).path("stages")) {
                    for (JsonNode out : stage.path("outs")) {
                        if (relative.equals(out.path("path").asText()) && out.has("md5")) {
                            return Optional.of("md5:" + out.get("md5").asText());
                        }
                    }
                }
                break;
            }
        }
        return Optional.empty();
    }

    private static JsonNode read(Path yaml) {
        try {
            JsonNode node = Json.yaml().readTree(yaml.toFile());
            return node == null ? Json.mapper().createObjectNode() : node;
        } catch (IOException e) {
            return Json.mapper().createObjectNode();
        }
    }
}
