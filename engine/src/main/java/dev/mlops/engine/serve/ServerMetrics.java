package dev.mlops.engine.serve;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters and latency histograms per model version and route, and the predicted labels (or a histogram of predicted
 * values), exposed in the Prometheus text format. Lock-free on the request path.
 */
public final class ServerMetrics {

    /** Latency bucket upper bounds in seconds. */
    static final double[] LATENCY_BUCKETS = {0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
    /** Bucket bounds for predicted values of regression models. */
    static final double[] VALUE_BUCKETS = {-1000, -100, -10, -1, 0, 1, 10, 100, 1000};

    private final String model;
    private final Map<String, Series> series = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> predictions = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> shadow = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();
    private volatile Routing routing;

    ServerMetrics(String model) {
        this.model = model;
    }

    private static final class Series {
        final LongAdder requests = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder[] buckets = new LongAdder[LATENCY_BUCKETS.length];
        final java.util.concurrent.atomic.DoubleAdder sum = new java.util.concurrent.atomic.DoubleAdder();

        Series() {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }
    }

    private Series series(int version, String route) {
        return series.computeIfAbsent(version + "|" + route, k -> new Series());
    }

    void routing(Routing routing) {
        this.routing = routing;
    }

    /** One answered (or failed) request of {@code rows} rows. */
    void request(int version, String route, double seconds, boolean error) {
        Series s = series(version, route);
        s.requests.increment();
        if (error) {
            s.errors.increment();
        }
        s.sum.add(seconds);
        for (int i = 0; i < LATENCY_BUCKETS.length; i++) {
            if (seconds <= LATENCY_BUCKETS[i]) {
                s.buckets[i].increment();
                break;
            }
        }
    }

    void prediction(int version, String route, String label, double value) {
        String bucket = label != null ? label : valueBucket(value);
        predictions.computeIfAbsent(version + "|" + route + "|" + bucket, k -> new LongAdder()).increment();
    }

    void shadowComparison(int stableVersion, int shadowVersion, boolean agreed) {
        shadow.computeIfAbsent(stableVersion + "|" + shadowVersion + "|" + agreed, k -> new LongAdder()).increment();
    }

    /** A request refused before reaching a model (4xx), by reason. */
    void rejected(String reason) {
        rejected.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    private static String valueBucket(double v) {
        for (double b : VALUE_BUCKETS) {
            if (v <= b) {
                return "le_" + ServerMetricsFormat.bound(b);
            }
        }
        return "le_inf";
    }

    /** The Prometheus text exposition (version 0.0.4). */
    public String exposition() {
        StringBuilder out = new StringBuilder();
        out.append("# HELP mlops_requests_total Inference requests by model version and route.\n")
                .append("# TYPE mlops_requests_total counter\n");
        series.forEach((key, s) -> out.append("mlops_requests_total").append(labels(key)).append(' ')
                .append(s.requests.sum()).append('\n'));
        out.append("# HELP mlops_request_errors_total Requests that failed inside the model (5xx).\n")
                .append("# TYPE mlops_request_errors_total counter\n");
        series.forEach((key, s) -> out.append("mlops_request_errors_total").append(labels(key)).append(' ')
                .append(s.errors.sum()).append('\n'));
        out.append("# HELP mlops_request_duration_seconds Time to answer an inference request.\n")
                .append("# TYPE mlops_request_duration_seconds histogram\n");
        series.forEach((key, s) -> {
            String l = labels(key);
            long requests = s.requests.sum();
            long cumulative = 0;
            for (int i = 0; i < LATENCY_BUCKETS.length; i++) {
                cumulative += s.buckets[i].sum();
                out.append("mlops_request_duration_seconds_bucket").append(l, 0, l.length() - 1).append(",le=\"")
                        .append(ServerMetricsFormat.bound(LATENCY_BUCKETS[i])).append("\"} ").append(cumulative).append('\n');
            }
            out.append("mlops_request_duration_seconds_bucket").append(l, 0, l.length() - 1)
                    .append(",le=\"+Inf\"} ").append(requests).append('\n');
            out.append("mlops_request_duration_seconds_sum").append(l).append(' ')
                    .append(String.format(Locale.ROOT, "%.6f", s.sum.sum())).append('\n');
            out.append("mlops_request_duration_seconds_count").append(l).append(' ').append(requests).append('\n');
        });
        out.append("# HELP mlops_predictions_total Predicted labels (or value buckets) by version and route.\n")
                .append("# TYPE mlops_predictions_total counter\n");
        predictions.forEach((key, n) -> {
            String[] p = key.split("\\|", 3);
            out.append("mlops_predictions_total{model=\"").append(escape(model)).append("\",version=\"").append(p[0])
                    .append("\",route=\"").append(p[1]).append("\",prediction=\"").append(escape(p[2])).append("\"} ")
                    .append(n.sum()).append('\n');
        });
        out.append("# HELP mlops_shadow_comparisons_total Shadow answers compared with stable's, by agreement.\n")
                .append("# TYPE mlops_shadow_comparisons_total counter\n");
        shadow.forEach((key, n) -> {
            String[] p = key.split("\\|", 3);
            out.append("mlops_shadow_comparisons_total{model=\"").append(escape(model)).append("\",stable=\"")
                    .append(p[0]).append("\",shadow=\"").append(p[1]).append("\",agreed=\"").append(p[2])
                    .append("\"} ").append(n.sum()).append('\n');
        });
        out.append("# HELP mlops_rejected_requests_total Requests refused with a 4xx, by reason.\n")
                .append("# TYPE mlops_rejected_requests_total counter\n");
        rejected.forEach((reason, n) -> out.append("mlops_rejected_requests_total{model=\"").append(escape(model))
                .append("\",reason=\"").append(reason).append("\"} ").append(n.sum()).append('\n'));
        Routing r = routing;
        if (r != null) {
            out.append("# HELP mlops_candidate_weight Percent of traffic routed to the candidate.\n")
                    .append("# TYPE mlops_candidate_weight gauge\n")
                    .append("mlops_candidate_weight{model=\"").append(escape(model)).append("\"} ")
                    .append(r.candidate() == null || r.shadow() ? 0 : r.weight()).append('\n')
                    .append("# HELP mlops_serving_version Versions being served, by role.\n")
                    .append("# TYPE mlops_serving_version gauge\n")
                    .append("mlops_serving_version{model=\"").append(escape(model)).append("\",role=\"stable\"} ")
                    .append(r.stable().version()).append('\n');
            if (r.candidate() != null) {
                out.append("mlops_serving_version{model=\"").append(escape(model)).append("\",role=\"")
                        .append(r.shadow() ? "shadow" : "canary").append("\"} ").append(r.candidate().version())
                        .append('\n');
            }
        }
        return out.toString();
    }

    private String labels(String key) {
        String[] p = key.split("\\|", 2);
        return "{model=\"" + escape(model) + "\",version=\"" + p[0] + "\",route=\"" + p[1] + "\"}";
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
