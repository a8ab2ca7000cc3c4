package dev.mlops.engine.serve;

/** How bucket bounds are written in the exposition, shared by the writer and the canary analysis. */
final class ServerMetricsFormat {

    private ServerMetricsFormat() {
    }

    static String bound(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
