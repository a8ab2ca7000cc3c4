package dev.mlops.engine.monitor;

import java.util.List;

/**
 * The data-drift verdict over all compared columns.
 *
 * @param referenceKind {@code data} (every value) or {@code profile} (a dataset profile's histograms)
 * @param share         the share of compared columns that drifted
 * @param skipped       columns not compared, each with the reason
 */
public record DriftReport(String referenceKind, long referenceRows, long currentRows, List<ColumnDrift> columns,
                          double driftShareThreshold, double share, boolean datasetDrift, List<String> skipped) {

    public DriftReport {
        columns = List.copyOf(columns);
        skipped = List.copyOf(skipped);
    }

    public List<String> driftedColumns() {
        return columns.stream().filter(ColumnDrift::drifted).map(ColumnDrift::column).toList();
    }
}
