package dev.mlops.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void rocAucAndAveragePrecisionMatchTheTextbookExample() {
        // y = [0, 0, 1, 1], scores = [0.1, 0.4, 0.35, 0.8]: ROC AUC 0.75, average precision 0.8333 (1/2 * 1 + 1/2 * 2/3)
        double[] scores = {0.1, 0.4, 0.35, 0.8};
        boolean[] y = {false, false, true, true};
        assertThat(ClassificationMetrics.rocAuc(scores, y)).isCloseTo(0.75, within(1e-12));
        assertThat(ClassificationMetrics.averagePrecision(scores, y)).isCloseTo(5.0 / 6, within(1e-12));
    }

    @Test
    void tiesCountHalfAndOneClassHasNoAuc() {
        assertThat(ClassificationMetrics.rocAuc(new double[] {0.5, 0.5}, new boolean[] {true, false})).isEqualTo(0.5);
        assertThat(ClassificationMetrics.rocAuc(new double[] {0.2, 0.9}, new boolean[] {true, true})).isNull();
    }

    @Test
    void binaryMetricsFromProbabilities() {
        List<String> actual = List.of("1", "0", "1", "0");
        double[][] p = {{0.2, 0.8}, {0.6, 0.4}, {0.7, 0.3}, {0.9, 0.1}};
        ClassificationMetrics.Result r = ClassificationMetrics.compute(actual, p, List.of("0", "1"), "1");
        Map<String, Double> m = r.metrics();
        // predictions: 1, 0, 0, 0 -> one TP, one FN, two TN
        assertThat(m.get("accuracy")).isEqualTo(0.75);
        assertThat(m.get("precision")).isEqualTo(1.0);
        assertThat(m.get("recall")).isEqualTo(0.5);
        assertThat(m.get("f1")).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(m.get("logloss")).isCloseTo(-(Math.log(0.8) + Math.log(0.6) + Math.log(0.3) + Math.log(0.9)) / 4,
                within(1e-12));
        assertThat(m.get("brier")).isCloseTo((0.04 + 0.16 + 0.49 + 0.01) / 4, within(1e-12));
        // positives score 0.8 and 0.3, negatives 0.4 and 0.1: 3 of 4 pairs ordered
        assertThat(m.get("auc")).isEqualTo(0.75);
        assertThat(r.confusion()).isEqualTo(new long[][] {{2, 0}, {1, 1}});
        assertThat(r.perClass().get("1").get("support")).isEqualTo(2.0);
    }

    @Test
    void regressionMetrics() {
        Map<String, Double> m = RegressionMetrics.compute(new double[] {1, 2, 3, 4}, new double[] {1, 2, 4, 2});
        assertThat(m.get("rmse")).isCloseTo(Math.sqrt(5.0 / 4), within(1e-12));
        assertThat(m.get("mae")).isEqualTo(0.75);
        assertThat(m.get("r2")).isCloseTo(1 - 5.0 / 5.0, within(1e-12));
        assertThat(m.get("mape")).isCloseTo((1.0 / 3 + 0.5) / 4, within(1e-12));
    }
}
