package dev.mlops.engine.data;

import java.util.List;
import java.util.Map;

/**
 * The statistics of one column. {@code count} is the number of non-null values that parse as {@code type};
 * {@code invalid} counts non-null values that do not. Numeric statistics ({@code min} to {@code quantiles}) cover
 * finite values only; quantiles are exact (linear interpolation). Fields that do not apply to the type are null.
 *
 * @param distinct     approximate number of distinct values (HyperLogLog); exact when {@code topKComplete}
 * @param topK         the most frequent values, most frequent first, for categorical and low-cardinality columns
 * @param otherCount   values not in {@code topK}
 * @param topKComplete whether {@code topK} lists every distinct value
 */
public record ColumnProfile(
        String name,
        ColumnType type,
        long count,
        long nulls,
        double nullFraction,
        long invalid,
        Long nonFinite,
        Long distinct,
        Double min,
        Double max,
        Double mean,
        Double std,
        Map<String, Double> quantiles,
        String earliest,
        String latest,
        List<CategoryCount> topK,
        Long otherCount,
        Boolean topKComplete,
        Histogram histogram) {

    /** The quantile keys, as stored in {@link #quantiles()}, and the probabilities they stand for. */
    public static final Map<String, Double> QUANTILES = orderedQuantiles();

    private static Map<String, Double> orderedQuantiles() {
        Map<String, Double> q = new java.util.LinkedHashMap<>();
        for (int p : new int[] {1, 5, 25, 50, 75, 95, 99}) {
            q.put(String.format(java.util.Locale.ROOT, "p%02d", p), p / 100.0);
        }
        return java.util.Collections.unmodifiableMap(q);
    }
}
