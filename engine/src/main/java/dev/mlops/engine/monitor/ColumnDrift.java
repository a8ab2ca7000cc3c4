package dev.mlops.engine.monitor;

import java.util.List;

/**
 * One column's drift result: what was compared, which test ran with what threshold, the statistic, and the verdict.
 * The binned proportions are what the HTML report draws (reference and current overlaid).
 *
 * @param kind       {@code numeric}, {@code categorical} or {@code binary}
 * @param pValue     for p-value tests; null for distances
 * @param bins       bin labels (ranges or category values), aligned with the proportions
 */
public record ColumnDrift(String column, String kind, DriftTest test, double threshold, double statistic,
                          Double pValue, boolean drifted, long referenceRows, long currentRows, List<String> bins,
                          List<Double> referenceShare, List<Double> currentShare) {

    public ColumnDrift {
        bins = List.copyOf(bins);
        referenceShare = List.copyOf(referenceShare);
        currentShare = List.copyOf(currentShare);
    }

    /** The number the verdict compares with the threshold. */
    public double score() {
        return pValue != null ? pValue : statistic;
    }
}
