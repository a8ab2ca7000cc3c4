package dev.mlops.engine.delivery;

import dev.mlops.engine.delivery.DeliveryReport.Figures;
import java.util.Map;
import java.util.function.Function;

/**
 * The figures in the Prometheus text format, for a node-exporter textfile collector: gauges labelled by model
 * ({@code model="*"} for all models together), times in seconds as Prometheus prefers.
 */
public final class DeliveryPrometheus {

    private DeliveryPrometheus() {
    }

    public static String format(DeliveryReport report) {
        StringBuilder b = new StringBuilder();
        metric(b, report, "mlops_delivery_deployments", "Promotions to production in the window.",
                f -> (double) f.promotions(), null);
        metric(b, report, "mlops_delivery_deployments_per_day", "Promotions to production per day of the window.",
                Figures::perDay, null);
        metric(b, report, "mlops_delivery_lead_time_seconds", "Lead time from data arrival (or commit) to "
                + "production.", f -> seconds(f.leadTimeHours().median()), "0.5");
        metric(b, report, "mlops_delivery_lead_time_seconds", null, f -> seconds(f.leadTimeHours().p90()), "0.9");
        metric(b, report, "mlops_delivery_change_failure_rate", "Failed attempts over attempts to change "
                + "production.", Figures::changeFailureRate, null);
        metric(b, report, "mlops_delivery_attempts", "Attempts to change production in the window.",
                f -> (double) f.attempts(), null);
        metric(b, report, "mlops_delivery_drift_recovery_seconds", "Time from a drift detection to the promotion "
                + "that answered it.", f -> seconds(f.recoveryHours().median()), "0.5");
        metric(b, report, "mlops_delivery_drift_recovery_seconds", null, f -> seconds(f.recoveryHours().worst()), "1");
        metric(b, report, "mlops_delivery_open_drifts", "Drift detections not yet answered by a promotion.",
                f -> (double) f.openDrifts(), null);
        return b.toString();
    }

    private static Double seconds(Double hours) {
        return hours == null ? null : hours * 3600;
    }

    /** One gauge for all models and each model; a figure without a value (no data) has no sample. */
    private static void metric(StringBuilder b, DeliveryReport report, String name, String help,
                               Function<Figures, Double> value, String quantile) {
        if (help != null) {
            b.append("# HELP ").append(name).append(' ').append(help).append('\n');
            b.append("# TYPE ").append(name).append(" gauge\n");
        }
        sample(b, name, "*", quantile, value.apply(report.overall()));
        for (Map.Entry<String, Figures> m : report.models().entrySet()) {
            sample(b, name, m.getKey(), quantile, value.apply(m.getValue()));
        }
    }

    private static void sample(StringBuilder b, String name, String model, String quantile, Double value) {
        if (value == null) {
            return;
        }
        b.append(name).append("{model=\"").append(model.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        if (quantile != null) {
            b.append(",quantile=\"").append(quantile).append('"');
        }
        b.append("} ").append(value).append('\n');
    }
}
