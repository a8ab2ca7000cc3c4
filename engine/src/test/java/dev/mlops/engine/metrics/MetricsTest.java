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
    void rankingMetricsAgreeWithTheirDefinitionsOnTiedScores() {
        java.util.Random random = new java.util.Random(11);
        for (int trial = 0; trial < 200; trial++) {
            int n = 2 + random.nextInt(60);
            int levels = 1 + random.nextInt(8);
            double[] scores = new double[n];
            boolean[] y = new boolean[n];
            for (int i = 0; i < n; i++) {
                int level = random.nextInt(levels + 1);
                scores[i] = level == levels ? (random.nextBoolean() ? 0.0 : -0.0) : (double) level / levels;
                y[i] = random.nextInt(3) == 0;
            }
            // AUC: the chance that a positive outscores a negative, ties counting half (0.0 and -0.0 tie)
            double wins = 0;
            long pairs = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (y[i] && !y[j]) {
                        pairs++;
                        wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                    }
                }
            }
            Double auc = ClassificationMetrics.rocAuc(scores, y);
            if (pairs == 0) {
                assertThat(auc).isNull();
            } else {
                assertThat(auc).isCloseTo(wins / pairs, within(1e-12));
            }
            // AP: over each distinct threshold t, from the highest, precision at >= t times the recall it adds
            double[] thresholds = java.util.Arrays.stream(scores).map(s -> s + 0.0).distinct().sorted().toArray();
            long positives = java.util.stream.IntStream.range(0, n).filter(i -> y[i]).count();
            double ap = 0;
            double lastRecall = 0;
            for (int t = thresholds.length - 1; t >= 0 && positives > 0; t--) {
                double threshold = thresholds[t];
                long above = java.util.stream.IntStream.range(0, n).filter(i -> scores[i] >= threshold).count();
                long hits = java.util.stream.IntStream.range(0, n).filter(i -> y[i] && scores[i] >= threshold).count();
                double recall = (double) hits / positives;
                ap += (recall - lastRecall) * hits / above;
                lastRecall = recall;
            }
            assertThat(ClassificationMetrics.averagePrecision(scores, y)).isCloseTo(ap, within(1e-12));
        }
    }

    @Test
    void notANumberIsOneScoreRankedLastWhateverTheRowOrder() {
        double[] scores = {0.5, Double.NaN, 0.2, Double.NaN};
        boolean[] y = {true, false, false, true};
        // ranks: 0.2 -> 1, 0.5 -> 2, both NaN -> 3.5; positives 2 + 3.5: (5.5 - 3) / 4
        assertThat(ClassificationMetrics.rocAuc(scores, y)).isEqualTo(0.625);
        assertThat(ClassificationMetrics.rocAuc(new double[] {Double.NaN, 0.2, Double.NaN, 0.5},
                new boolean[] {true, false, false, true})).isEqualTo(0.625);
        assertThat(ClassificationMetrics.averagePrecision(scores, y))
                .isEqualTo(ClassificationMetrics.averagePrecision(new double[] {Double.NaN, 0.2, Double.NaN, 0.5},
                        new boolean[] {true, false, false, true}));
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
