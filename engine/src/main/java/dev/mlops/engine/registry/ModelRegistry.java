package dev.mlops.engine.registry;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model registry. Versions are immutable and numbered 1, 2, 3, ... per model name; aliases point at versions and
 * move with an actor and a reason, so that "what was production at time T" and "roll back to the previous
 * production" each take one call. Every change is recorded in {@link #history(String)}.
 */
public interface ModelRegistry {

    /** Where this registry is, as a {@code --registry} value. */
    String location();

    /** Registers a bundle as the model's next version and returns it. */
    ModelVersion register(String name, Path bundle, Map<String, String> tags, String actor, String reason);

    ModelVersion get(String name, int version);

    /** The version a reference names: a number, an alias, or the newest. */
    ModelVersion resolve(ModelRef ref);

    /** Every model name, sorted. */
    List<String> models();

    /** A model's versions, oldest first. */
    List<ModelVersion> versions(String name);

    /** A model's current aliases, alias to version. */
    Map<String, Integer> aliases(String name);

    /** Points {@code alias} at {@code version}, recording who moved it and why; returns the version it left, if any. */
    Optional<Integer> setAlias(String name, String alias, int version, String actor, String reason);

    /** Removes an alias; returns the version it pointed at. */
    int deleteAlias(String name, String alias, String actor, String reason);

    void setTag(String name, int version, String key, String value, String actor);

    /**
     * Appends the lineage record that produced {@code name/version} to the registry's audit log, with its SHA-256,
     * so that the version's origin is part of the same tamper-evident history.
     */
    void recordLineage(String name, int version, com.fasterxml.jackson.databind.JsonNode lineage, String actor);

    /**
     * Appends an outcome about a model to the audit log, hash-chained like every change: a gate verdict
     * ({@code gate}), the end of a canary ({@code canary}) or a drift detection ({@code drift}). {@code version} is
     * null when the outcome is about an unregistered candidate; {@code details} are added as fields.
     */
    void recordEvent(String type, String name, Integer version, String actor, String reason,
                     Map<String, Object> details);

    /** The hash-chained log of every change and outcome. */
    AuditLog auditLog();

    /** This registry's entries in its audit log, oldest first (an MLflow registry's log may be shared). */
    default List<com.fasterxml.jackson.databind.node.ObjectNode> auditEntries() {
        return auditLog().read().stream()
                .filter(e -> !e.has("registry") || location().equals(e.get("registry").asText()))
                .toList();
    }

    /** Every recorded change to the model (registrations, alias moves, tags), oldest first. */
    List<RegistryEvent> history(String name);

    /** The version {@code alias} pointed at, at {@code when}. */
    default Optional<Integer> aliasAt(String name, String alias, Instant when) {
        Integer version = null;
        for (RegistryEvent e : history(name)) {
            if (Instant.parse(e.time()).isAfter(when)) {
                break;
            }
            if (alias.equals(e.alias())) {
                version = e.type().equals("alias-removed") ? null : e.version();
            }
        }
        return Optional.ofNullable(version);
    }

    /** Copies a version's bundle to {@code destination}, checking its SHA-256 on the way. */
    Path download(String name, int version, Path destination);

    /** Checks the registry's integrity: every stored bundle against its hash, and the history's chain. */
    VerifyReport verify();

    /**
     * @param problems  what is wrong (a registry with problems fails verification)
     * @param notices   harmless findings: an interrupted write's torn tail, a bundle stored but never registered
     */
    record VerifyReport(int models, int versions, int events, List<String> problems, List<String> notices) {

        public boolean clean() {
            return problems.isEmpty();
        }
    }
}
