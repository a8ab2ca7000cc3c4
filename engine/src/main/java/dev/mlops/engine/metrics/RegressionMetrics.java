package dev.mlops.engine.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Regression metrics: {@code rmse}, {@code mae}, {@code r2} (1 - SSres / SStot; 0 when the target is constant) and
 * {@code mape} (mean |error| / |actual| over rows whose actual value is not 0, as a fraction).
 */
public final class RegressionMetrics {

    private RegressionMetrics() {
    }

    public static Map<String, Double> compute(double[] actual, double[] predicted) {
        int n = actual.length;
        double mean = 0;
        for (double a : actual) {
            mean += a / n;
        }
        double se = 0;
        double ae = 0;
        double tot = 0;
        double ape = 0;
        int apeRows = 0;
        for (int i = 0; i < n; i++) {
            double e = predicted[i] - actual[i];
            se += e * e;
            ae += Math.abs(e);
            tot += (actual[i] - mean) * (actual[i] - mean);
            if (actual[i] != 0) {
                ape += Math.abs(e / actual[i]);
                apeRows++;
            }
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("rmse", Math.sqrt(se / n));
        m.put("mae", ae / n);
        m.put("r2", tot == 0 ? 0 : 1 - se / tot);
        if (apeRows > 0) {
            m.put("mape", ape / apeRows);
        }
        return m;
    }
}
