package dev.mlops.engine.data;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;

/**
 * What a profile says about one numeric column, from its values held in one primitive array or read again as often
 * as needed ({@link #streamed}: the same bytes either way): non-finite count,
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
        Range range = new Range(estimateDistinct);
        int finite = 0;
        for (int i = 0; i < length; i++) {
            double v = values[i];
            range.accept(v);
            if (Double.isFinite(v)) {
                values[finite++] = v;
            }
        }
        if (finite == 0) {
            return range.summary(length, null, null);
        }
        Spread spread = range.spread(bins);
        for (int i = 0; i < finite; i++) {
            spread.accept(values[i]);
        }
        int[] ranks = ranks(finite);
        return range.summary(length, spread, quantiles(ranks, Selection.atRanks(values, finite, ranks), finite));
    }

    /**
     * What {@link #of} gives for the same values in the same order, without holding them: {@code column} gives the
     * column's {@code length} non-null values, in file order, each time it is read, and is read three times (range and
     * sum; deviations, histogram and quantile buckets; the buckets' values). Empty where the quantiles' buckets decline
     * ({@link Selection.Buckets}): the caller then holds the column and calls {@link #of}.
     */
    static Optional<NumericSummary> streamed(Consumer<DoubleConsumer> column, int length, int bins,
                                             boolean estimateDistinct) {
        Range range = new Range(estimateDistinct);
        column.accept(range);
        if (range.seen != length) {
            throw new IllegalStateException("read " + range.seen + " values of a column, expected " + length);
        }
        if (range.finite == 0) {
            return Optional.of(range.summary(length, null, null));
        }
        Spread spread = range.spread(bins);
        int[] ranks = ranks(range.finite);
        Selection.Buckets buckets = new Selection.Buckets(range.finite, range.min, range.max, ranks);
        column.accept(v -> {
            if (Double.isFinite(v)) {
                spread.accept(v);
                buckets.count(v);
            }
        });
        if (!buckets.gathers()) {
            return Optional.empty();
        }
        column.accept(v -> {
            if (Double.isFinite(v)) {
                buckets.gather(v);
            }
        });
        return Optional.of(range.summary(length, spread, quantiles(ranks, buckets.ranked(), range.finite)));
    }

    /** The first look at the values: how many are finite, their range and sum, and the distinct estimate. */
    private static final class Range implements DoubleConsumer {
        private final DistinctEstimate distinct;
        private final CompensatedSum sum = new CompensatedSum();
        private long seen;
        private int finite;
        private double min = Double.POSITIVE_INFINITY;
        private double max = Double.NEGATIVE_INFINITY;

        Range(boolean estimateDistinct) {
            distinct = estimateDistinct ? new DistinctEstimate() : null;
        }

        @Override
        public void accept(double v) {
            seen++;
            if (distinct != null) {
                distinct.add(v);
            }
            if (Double.isFinite(v)) {
                finite++;
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum.add(v);
            }
        }

        /** The second look, over the finite values, which needs the range and the mean. */
        Spread spread(int bins) {
            return new Spread(min, sum.value() / finite, max > min ? bins : 1, (max - min) / bins);
        }

        /** The summary of {@code length} values; {@code spread} and {@code quantiles} are null without finite ones. */
        NumericSummary summary(int length, Spread spread, Map<String, Double> quantiles) {
            Long distinctValues = distinct == null ? null : distinct.estimate(length);
            if (spread == null) {
                return new NumericSummary(length - finite, distinctValues, null, null, null, null, null, null);
            }
            Double std = finite > 1 ? Math.sqrt(spread.squares.value() / (finite - 1)) : null;
            return new NumericSummary(length - finite, distinctValues, min, max, spread.mean, std, quantiles,
                    histogram(spread.counts, min, max));
        }
    }

    /** The squared deviations from the mean and the histogram's counts, over finite values. */
    private static final class Spread implements DoubleConsumer {
        private final double min;
        private final double mean;
        private final double width;
        private final long[] counts;
        private final CompensatedSum squares = new CompensatedSum();

        Spread(double min, double mean, int binCount, double width) {
            this.min = min;
            this.mean = mean;
            this.width = width;
            counts = new long[binCount];
        }

        @Override
        public void accept(double v) {
            double d = v - mean;
            squares.add(d * d);
            counts[width > 0 ? (int) Math.min(Math.floor((v - min) / width), counts.length - 1) : 0]++;
        }
    }

    /** The ranks, ascending and distinct, whose values give {@link ColumnProfile#QUANTILES} over {@code n} values. */
    private static int[] ranks(int n) {
        int[] ranks = new int[2 * ColumnProfile.QUANTILES.size()];
        int r = 0;
        for (double q : ColumnProfile.QUANTILES.values()) {
            ranks[r++] = (int) Math.floor((n - 1) * q);
            ranks[r++] = (int) Math.ceil((n - 1) * q);
        }
        return Arrays.stream(ranks).sorted().distinct().toArray();
    }

    /**
     * DuckDB's {@code quantile_cont} at each of {@link ColumnProfile#QUANTILES}: the value at rank {@code (n - 1) q},
     * interpolated between its neighbours; {@code ranked} holds the values at {@code ranks}, found by selection
     * ({@link Selection}): a few passes over the column, where a sort takes twenty.
     */
    private static Map<String, Double> quantiles(int[] ranks, double[] ranked, int n) {
        Map<String, Double> quantiles = new LinkedHashMap<>();
        for (Map.Entry<String, Double> q : ColumnProfile.QUANTILES.entrySet()) {
            double rank = (n - 1) * q.getValue();
            double below = ranked[Arrays.binarySearch(ranks, (int) Math.floor(rank))];
            double above = ranked[Arrays.binarySearch(ranks, (int) Math.ceil(rank))];
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
