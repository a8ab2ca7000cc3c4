package dev.mlops.engine.data;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a profile says about one numeric column, computed from its values in one primitive array: non-finite count,
 * exact distinct count, range, mean and sample standard deviation (compensated sums), exact quantiles (DuckDB's
 * {@code quantile_cont}: linear interpolation between the closest ranks) and the equal-width histogram.
 *
 * <p>One column is summarised by one thread in a fixed order (ascending values), so the result does not depend on
 * how many columns are summarised at once: the same file gives the same bytes whatever the thread count. Statistics
 * are over the finite values; with none, they are null.
 */
record NumericSummary(long nonFinite, long distinct, Double min, Double max, Double mean, Double std,
                      Map<String, Double> quantiles, Histogram histogram) {

    /**
     * Summarises {@code values[0, length)}, the column's non-null values; sorts and overwrites that range.
     *
     * @param bins the histogram's bin count over {@code [min, max]}
     */
    static NumericSummary of(double[] values, int length, int bins) {
        int finite = 0;
        boolean nan = false;
        boolean positiveInfinity = false;
        boolean negativeInfinity = false;
        for (int i = 0; i < length; i++) {
            double v = values[i];
            if (Double.isFinite(v)) {
                values[finite++] = v;
            } else if (Double.isNaN(v)) {
                nan = true;
            } else if (v > 0) {
                positiveInfinity = true;
            } else {
                negativeInfinity = true;
            }
        }
        long nonFinite = length - finite;
        long specialDistinct = (nan ? 1 : 0) + (positiveInfinity ? 1 : 0) + (negativeInfinity ? 1 : 0);
        if (finite == 0) {
            return new NumericSummary(nonFinite, specialDistinct, null, null, null, null, null, null);
        }
        Arrays.sort(values, 0, finite);
        long distinct = 1;
        for (int i = 1; i < finite; i++) {
            // == treats -0.0 and 0.0 as one value, as SQL does.
            if (values[i] != values[i - 1]) {
                distinct++;
            }
        }
        double min = values[0];
        double max = values[finite - 1];
        CompensatedSum sum = new CompensatedSum();
        for (int i = 0; i < finite; i++) {
            sum.add(values[i]);
        }
        double mean = sum.value() / finite;
        Double std = null;
        if (finite > 1) {
            CompensatedSum squares = new CompensatedSum();
            for (int i = 0; i < finite; i++) {
                double d = values[i] - mean;
                squares.add(d * d);
            }
            std = Math.sqrt(squares.value() / (finite - 1));
        }
        Map<String, Double> quantiles = new LinkedHashMap<>();
        for (Map.Entry<String, Double> q : ColumnProfile.QUANTILES.entrySet()) {
            quantiles.put(q.getKey(), quantile(values, finite, q.getValue()));
        }
        return new NumericSummary(nonFinite, distinct + specialDistinct, min, max, mean, std, quantiles,
                histogram(values, finite, min, max, bins));
    }

    /** DuckDB's {@code quantile_cont}: the value at rank {@code (n - 1) q}, interpolated between its neighbours. */
    static double quantile(double[] sorted, int n, double q) {
        double rank = (n - 1) * q;
        int below = (int) Math.floor(rank);
        int above = (int) Math.ceil(rank);
        if (below == above) {
            return sorted[below];
        }
        // DuckDB's own formula, so that profiles keep the values they had when DuckDB computed them.
        double d = rank - below;
        return sorted[below] * (1 - d) + sorted[above] * d;
    }

    private static Histogram histogram(double[] sorted, int n, double min, double max, int bins) {
        int binCount = max > min ? bins : 1;
        double width = (max - min) / bins;
        long[] counts = new long[binCount];
        for (int i = 0; i < n; i++) {
            int b = width > 0 ? (int) Math.min(Math.floor((sorted[i] - min) / width), binCount - 1) : 0;
            counts[b]++;
        }
        Double[] edges = new Double[binCount + 1];
        for (int b = 0; b <= binCount; b++) {
            edges[b] = b == 0 ? min : b == binCount ? max : min + (max - min) * b / binCount;
        }
        return new Histogram(List.of(edges), Arrays.stream(counts).boxed().toList());
    }

    /** Neumaier's compensated summation: the sum of many doubles without the rounding drift of a plain loop. */
    private static final class CompensatedSum {
        private double sum;
        private double compensation;

        void add(double v) {
            double t = sum + v;
            compensation += Math.abs(sum) >= Math.abs(v) ? (sum - t) + v : (v - t) + sum;
            sum = t;
        }

        double value() {
            return sum + compensation;
        }
    }
}
