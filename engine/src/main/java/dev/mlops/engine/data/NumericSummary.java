package dev.mlops.engine.data;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a profile says about one numeric column, computed from its values in one primitive array: non-finite count,
 * an estimate of its distinct values ({@link DistinctEstimate}), range, mean and sample standard deviation
 * (compensated sums), exact quantiles (DuckDB's {@code quantile_cont}: linear interpolation between the closest ranks,
 * found without a full sort) and the equal-width histogram.
 *
 * <p>One column is summarised by one thread, summing in the order the values come (the file's: the loader preserves
 * insertion order), so the result does not depend on how many columns are summarised at once: the same file gives
 * the same bytes whatever the thread count. Statistics are over the finite values; with none, they are null.
 */
record NumericSummary(long nonFinite, Long distinct, Double min, Double max, Double mean, Double std,
                      Map<String, Double> quantiles, Histogram histogram) {

    /**
     * Summarises {@code values[0, length)}, the column's non-null values; overwrites that range (its finite values
     * move to the front).
     *
     * @param bins             the histogram's bin count over {@code [min, max]}
     * @param estimateDistinct whether to estimate the distinct values ({@link #distinct()} is null otherwise): the
     *                         profile takes DuckDB's estimate for the columns other than doubles
     */
    static NumericSummary of(double[] values, int length, int bins, boolean estimateDistinct) {
        int finite = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        CompensatedSum sum = new CompensatedSum();
        DistinctEstimate distinct = estimateDistinct ? new DistinctEstimate() : null;
        for (int i = 0; i < length; i++) {
            double v = values[i];
            if (distinct != null) {
                distinct.add(v);
            }
            if (Double.isFinite(v)) {
                values[finite++] = v;
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum.add(v);
            }
        }
        long nonFinite = length - finite;
        Long distinctValues = distinct == null ? null : distinct.estimate(length);
        if (finite == 0) {
            return new NumericSummary(nonFinite, distinctValues, null, null, null, null, null, null);
        }
        double mean = sum.value() / finite;
        int binCount = max > min ? bins : 1;
        double width = (max - min) / bins;
        long[] counts = new long[binCount];
        CompensatedSum squares = new CompensatedSum();
        for (int i = 0; i < finite; i++) {
            double v = values[i];
            double d = v - mean;
            squares.add(d * d);
            counts[width > 0 ? (int) Math.min(Math.floor((v - min) / width), binCount - 1) : 0]++;
        }
        Double std = finite > 1 ? Math.sqrt(squares.value() / (finite - 1)) : null;
        return new NumericSummary(nonFinite, distinctValues, min, max, mean, std,
                quantiles(values, finite), histogram(counts, min, max));
    }

    /**
     * DuckDB's {@code quantile_cont} at each of {@link ColumnProfile#QUANTILES}: the value at rank {@code (n - 1) q},
     * interpolated between its neighbours. The ranks come from one radix selection ({@link Selection#atRanks}): a few
     * passes over the column, where a sort takes twenty.
     */
    private static Map<String, Double> quantiles(double[] values, int n) {
        int[] ranks = new int[2 * ColumnProfile.QUANTILES.size()];
        int r = 0;
        for (double q : ColumnProfile.QUANTILES.values()) {
            ranks[r++] = (int) Math.floor((n - 1) * q);
            ranks[r++] = (int) Math.ceil((n - 1) * q);
        }
        int[] distinct = Arrays.stream(ranks).sorted().distinct().toArray();
        double[] ranked = Selection.atRanks(values, n, distinct);
        Map<String, Double> quantiles = new LinkedHashMap<>();
        for (Map.Entry<String, Double> q : ColumnProfile.QUANTILES.entrySet()) {
            double rank = (n - 1) * q.getValue();
            double below = ranked[Arrays.binarySearch(distinct, (int) Math.floor(rank))];
            double above = ranked[Arrays.binarySearch(distinct, (int) Math.ceil(rank))];
            double d = rank - Math.floor(rank);
            // DuckDB's own formula, so that profiles keep the values they had when DuckDB computed them.
            quantiles.put(q.getKey(), d == 0 ? below : below * (1 - d) + above * d);
        }
        return quantiles;
    }

    private static Histogram histogram(long[] counts, double min, double max) {
        int binCount = counts.length;
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
