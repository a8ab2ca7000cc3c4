package dev.mlops.engine.registry;

import java.util.Map;

/**
 * One registered version: immutable once registered, apart from its tags.
 *
 * @param sha256   the bundle's SHA-256: what was registered, whatever the registry
 * @param source   where the registry keeps the bundle (a blob path or an MLflow artifact URI)
 * @param runId    the MLflow run that holds the version's parameters and metrics (null in a file registry)
 */
public record ModelVersion(String name, int version, String sha256, long bytes, String registeredAt, String actor,
                           Map<String, String> tags, String source, String runId) {

    public ModelVersion {
        tags = tags == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(tags));
    }
}
