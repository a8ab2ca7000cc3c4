package dev.mlops.engine.monitor;

import java.util.ArrayList;
import java.util.List;

/**
 * Concept drift from labelled feedback: the model's metric per window of rows (in arrival order) against the metric
 * recorded when it was evaluated, and a Page–Hinkley detector over the per-row error stream (0/1 misclassification,
 * or the absolute error for regression).
 */
public final class ConceptDrift {

    private ConceptDrift() {
    }

    /** One window's metric; {@code drifted} when it is worse than the recorded value by more than the allowed drop. */
    public record Window(long fromRow, long toRow, double value, boolean drifted) {
    }

    /**
     * @param metric       {@code accuracy} (higher is better) or {@code mae} (lower is better)
     * @param recorded     the model's recorded value of the metric (null: windows are reported, not judged)
     * @param alarmRow     the 1-based row at which Page–Hinkley alarmed, or null
     */
    public record Result(String metric, Double recorded, double overall, List<Window> windows, Long alarmRow,
                         double pageHinkleyStatistic, boolean drifted) {
        public Result {
            windows = List.copyOf(windows);
        }
    }

    /** Classification: {@code correct[i]} says whether row {@code i}'s prediction matched its label. */
    public static Result classification(boolean[] correct, Double recordedAccuracy,
                                        DriftOptions.ConceptOptions options) {
        double[] errors = new double[correct.length];
        for (int i = 0; i < correct.length; i++) {
            errors[i] = correct[i] ? 0 : 1;
        }
        return evaluate("accuracy", errors, recordedAccuracy, options, true);
    }

    /** Regression: {@code absoluteErrors[i]} is |prediction − label| of row {@code i}. */
    public static Result regression(double[] absoluteErrors, Double recordedMae, DriftOptions.ConceptOptions options) {
        return evaluate("mae", absoluteErrors, recordedMae, options, false);
    }

    private static Result evaluate(String metric, double[] errors, Double recorded, DriftOptions.ConceptOptions options,
                                   boolean accuracy) {
        if (errors.length == 0) {
            throw new IllegalArgumentException("no labelled rows to judge concept drift on");
        }
        PageHinkley detector = new PageHinkley(options.phDelta(), options.phThreshold());
        Long alarm = null;
        List<Window> windows = new ArrayList<>();
        double total = 0;
        double windowSum = 0;
        int windowStart = 0;
        for (int i = 0; i < errors.length; i++) {
            if (detector.add(errors[i]) && alarm == null) {
                alarm = (long) i + 1;
            }
            total += errors[i];
            windowSum += errors[i];
            boolean windowEnds = (i + 1 - windowStart) == options.window() || i == errors.length - 1;
            if (windowEnds) {
                double meanError = windowSum / (i + 1 - windowStart);
                double value = accuracy ? 1 - meanError : meanError;
                // A short tail window is reported but not judged: a handful of rows says little.
                boolean full = i + 1 - windowStart >= Math.min(options.window(), errors.length);
                boolean worse = full && recorded != null && (accuracy ? recorded - value > options.maxDrop()
                        : value - recorded > options.maxDrop());
                windows.add(new Window(windowStart + 1, i + 1, value, worse));
                windowSum = 0;
                windowStart = i + 1;
            }
        }
        double overallError = total / errors.length;
        boolean drifted = alarm != null || windows.stream().anyMatch(Window::drifted);
        return new Result(metric, recorded, accuracy ? 1 - overallError : overallError, windows, alarm,
                detector.statistic(), drifted);
    }
}
