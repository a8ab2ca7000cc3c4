/**
 * The model registry: immutable, consecutively numbered versions per model name, aliases ({@code candidate},
 * {@code production}) that move with an actor and a reason, tags, and a history of every change.
 *
 * <p>{@link dev.mlops.engine.registry.FileRegistry} is the embedded default: bundles stored by SHA-256 and a
 * hash-chained, append-only {@link dev.mlops.engine.registry.AuditLog} that is the registry's source of truth.
 * {@link dev.mlops.engine.registry.MlflowRegistry} keeps models in an MLflow tracking server over its REST API.
 */
package dev.mlops.engine.registry;
