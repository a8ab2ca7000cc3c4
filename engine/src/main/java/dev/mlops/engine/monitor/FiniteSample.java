package dev.mlops.engine.monitor;

/**
 * A numeric column as the drift tests see it: its values (missing ones as NaN, left where they are), how many are
 * finite, and the extremes of those, in {@link java.util.Arrays#sort(double[])}'s order (-0.0 below 0.0).
 */
record FiniteSample(double[] values, int count, double min, double max) {

    static FiniteSample of(double[] values) {
        int count = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v)) {
                count++;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        return new FiniteSample(values, count, min, max);
    }

    /** The finite values, sorted. */
    double[] sorted() {
        return RadixSort.sortedFinite(values);
    }

    /** The population standard deviation of the finite values. */
    double populationStd() {
        double sum = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                sum += v;
            }
        }
        double mean = sum / count;
        double squares = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                squares += (v - mean) * (v - mean);
            }
        }
        return Math.sqrt(squares / count);
    }
}
