package dev.mlops.engine.train;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * {@code metadata.json} of a model bundle. Nothing in it depends on when or where training ran (no wall-clock time,
 * no durations, no host), so that the same inputs give the same bytes; the CLI result and the lineage carry those.
 *
 * @param format          always {@value ModelBundle#FORMAT}
 * @param bundleVersion   version of the bundle layout
 * @param classes         for classification, the labels in model order; the first listed is the positive class of
 *                        binary metrics unless {@code positiveClass} says otherwise
 * @param trainingData    path as given, SHA-256, rows
 * @param metrics         metrics on the training data itself (optimistic; see {@code crossValidation})
 * @param crossValidation k-fold results of the chosen configuration, when folds were used
 * @param search          every search trial and the winner, when a search ran
 * @param provenance      Tribuo's model provenance, as JSON
 * @param versions        the engine, its SBOM's hash, Tribuo, XGBoost and DuckDB, then Java, OS and architecture
 *                        (what recorded the model; {@code reproduce} names a change as a version mismatch)
 * @param onnx            whether {@code model.onnx} is in the bundle, and why not if not
 * @param contentSha256   SHA-256 over every other entry of the bundle, set when the bundle is written (null before):
 *                        a bundle whose entries no longer match it was changed after training
 */
public record BundleMetadata(
        String format,
        int bundleVersion,
        Task task,
        String target,
        String algorithm,
        Map<String, Number> params,
        long seed,
        List<String> classes,
        String positiveClass,
        List<String> features,
        Map<String, Object> trainingData,
        Map<String, Double> metrics,
        Map<String, Object> crossValidation,
        Map<String, Object> search,
        JsonNode provenance,
        Map<String, String> versions,
        Map<String, Object> onnx,
        String contentSha256) {

    public BundleMetadata {
        // Map.copyOf would iterate in an order that differs from JVM to JVM, and so would the bundle's bytes.
        params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
        features = List.copyOf(features);
    }

    /** This metadata with the content hash of the entries written beside it. */
    public BundleMetadata withContentSha256(String sha256) {
        return new BundleMetadata(format, bundleVersion, task, target, algorithm, params, seed, classes, positiveClass,
                features, trainingData, metrics, crossValidation, search, provenance, versions, onnx, sha256);
    }
}
