package dev.mlops.engine.data;

import dev.mlops.engine.InputFiles;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.engine.InputException;
import dev.mlops.engine.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A dataset's fingerprint and per-column statistics: the reference for later checks and for drift monitoring. */
public record DatasetProfile(int schemaVersion, Fingerprint dataset, List<ColumnProfile> columns) {

    public static final int SCHEMA_VERSION = 1;

    public DatasetProfile {
        columns = List.copyOf(columns);
    }

    public Optional<ColumnProfile> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /**
     * Reads a profile from a profile file or from any command result that carries one in its {@code profile} field
     * (the result of {@code mlops validate}, for instance).
     */
    public static DatasetProfile read(Path file) {
        InputFiles.requireReadable(file);
        try {
            JsonNode root = Json.mapper().readTree(file.toFile());
            JsonNode node = root != null && root.has("profile") ? root.get("profile") : root;
            if (node == null || !node.has("columns") || !node.has("dataset")) {
                throw new InputException(file, "is not a dataset profile (no 'dataset' and 'columns' fields)");
            }
            return Json.mapper().treeToValue(node, DatasetProfile.class);
        } catch (IOException e) {
            throw new InputException(file, "is not a valid profile: " + e.getMessage().split("\n")[0], e);
        }
    }
}
