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
 * @param versions        engine, Tribuo, Java, OS and architecture (floating point can differ across them)
 * @param onnx            whether {@code model.onnx} is in the bundle, and why not if not
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
        Map<String, Object> onnx) {

    public BundleMetadata {
        // Map.copyOf would iterate in an order that differs from JVM to JVM, and so would the bundle's bytes.
        params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
        features = List.copyOf(features);
    }
}
