package dev.mlops.jenkins.monitor;

import hudson.model.Cause;
import java.util.ArrayList;
import java.util.List;

/**
 * Why a retraining build started: which monitor build saw drift, in which columns, and where its report is. Shown on
 * the retraining build's page.
 */
public final class DriftCause extends Cause {

    private final String monitorJob;
    private final int monitorBuild;
    private final String monitorUrl;
    private final ArrayList<String> driftedColumns;
    private final String reasons;
    private final String window;
    private final String report;

    /** {@code report}: the drift report relative to the monitor build's URL, or null when it wrote none. */
    public DriftCause(String monitorJob, int monitorBuild, String monitorUrl, List<String> driftedColumns,
                      String reasons, String window, String report) {
        this.monitorJob = monitorJob;
        this.monitorBuild = monitorBuild;
        this.monitorUrl = monitorUrl;
        this.driftedColumns = new ArrayList<>(driftedColumns);
        this.reasons = reasons;
        this.window = window;
        this.report = report;
    }

    public String getMonitorJob() {
        return monitorJob;
    }

    public int getMonitorBuild() {
        return monitorBuild;
    }

    /** The monitor build's URL relative to Jenkins' root, e.g. {@code job/monitor-churn/12/}. */
    public String getMonitorUrl() {
        return monitorUrl;
    }

    public List<String> getDriftedColumns() {
        return List.copyOf(driftedColumns);
    }

    public String getReasons() {
        return reasons;
    }

    /** The engine's hash of the monitored data window: one retraining build per window. */
    public String getWindow() {
        return window;
    }

    /** The drift report kept with the monitor build, relative to Jenkins' root; null when there is none. */
    public String getReportUrl() {
        return report == null ? null : monitorUrl + report;
    }

    @Override
    public String getShortDescription() {
        return Messages.DriftCause_ShortDescription(monitorJob, monitorBuild, driftedColumns.isEmpty() ? "-"
                : String.join(", ", driftedColumns));
    }
}
