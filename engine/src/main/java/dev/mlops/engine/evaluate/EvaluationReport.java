package dev.mlops.engine.evaluate;

import dev.mlops.engine.data.Fingerprint;
import java.util.List;
import java.util.Map;

/**
 * What {@link Evaluator} found: the model's metrics on the data, the champion's, per-slice metrics, curves for the
 * report, every gate check, and notes (unseen categories, no champion yet).
 *
 * @param curves      for binary classification: {@code roc} [[fpr, tpr]...], {@code pr} [[recall, precision]...],
 *                    {@code calibration} [[mean predicted, fraction positive, rows]...]; with a champion also
 *                    {@code championRoc} and {@code championPr} on the same data
 * @param confusion   for classification: rows actual, columns predicted, in the order of {@code classes}
 */
public record EvaluationReport(
        Map<String, Object> model,
        Fingerprint dataset,
        String task,
        List<String> classes,
        Map<String, Double> metrics,
        Map<String, Map<String, Double>> perClass,
        long[][] confusion,
        Map<String, List<double[]>> curves,
        List<Map<String, Object>> slices,
        Map<String, Object> champion,
        List<GateCheck> checks,
        List<String> notes,
        boolean passed) {
}
