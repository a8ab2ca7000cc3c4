package dev.mlops.engine.evaluate;

import dev.mlops.engine.metrics.Metric;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the evaluation gate checks.
 *
 * @param thresholds      bounds the model's metrics must meet
 * @param baseline        the champion's bundle, or null when there is none yet (comparisons are then skipped)
 * @param minImprovement  per metric, how much better than the champion the model must be (0: at least as good)
 * @param maxRegression   per metric, how much worse than the champion it may be
 * @param slices          columns whose values define slices, each evaluated separately
 * @param sliceThresholds bounds every slice must meet
 * @param minSliceRows    slices with fewer rows are reported but not checked
 */
public record GateOptions(List<Threshold> thresholds, Path baseline, Map<Metric, Double> minImprovement,
                          Map<Metric, Double> maxRegression, List<String> slices, List<Threshold> sliceThresholds,
                          int minSliceRows) {

    public static final int DEFAULT_MIN_SLICE_ROWS = 30;

    public GateOptions {
        thresholds = List.copyOf(thresholds);
        minImprovement = Map.copyOf(minImprovement);
        maxRegression = Map.copyOf(maxRegression);
        slices = List.copyOf(slices);
        sliceThresholds = List.copyOf(sliceThresholds);
    }

    public static GateOptions none() {
        return new GateOptions(List.of(), null, Map.of(), Map.of(), List.of(), List.of(), DEFAULT_MIN_SLICE_ROWS);
    }
}
