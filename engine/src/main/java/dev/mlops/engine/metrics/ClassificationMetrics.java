package dev.mlops.engine.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Classification metrics from actual labels and predicted class probabilities.
 *
 * <p>Definitions: {@code precision}, {@code recall}, {@code f1} are those of the positive class for binary problems
 * and macro averages otherwise; {@code auc} is the ROC AUC (ties counted half; one-vs-rest macro average for more
 * than two classes); {@code pr_auc} is average precision; {@code logloss} clips probabilities to [1e-15, 1 - 1e-15];
 * {@code brier} is the mean squared error of the positive-class probability (binary) or of the probability vector
 * (summed over classes, averaged over rows).
 */
public final class ClassificationMetrics {

    private static final double EPS = 1e-15;

    private ClassificationMetrics() {
    }

    /**
     * @param actual        the true label of each row
     * @param probabilities per row, the probability of each class, in the order of {@code classes}
     * @param classes       every class the model knows
     * @param positive      the positive class of binary metrics (null for multi-class)
     */
    public static Result compute(List<String> actual, double[][] probabilities, List<String> classes, String positive) {
        int n = actual.size();
        int k = classes.size();
        long[][] confusion = new long[k][k];
        double logLoss = 0;
        double brier = 0;
        for (int i = 0; i < n; i++) {
            int truth = classes.indexOf(actual.get(i));
            int predicted = argmax(probabilities[i]);
            if (truth >= 0) {
                confusion[truth][predicted]++;
            }
            double p = truth >= 0 ? probabilities[i][truth] : 0;
            logLoss -= Math.log(Math.min(1 - EPS, Math.max(EPS, p)));
            for (int c = 0; c < k; c++) {
                double y = c == truth ? 1 : 0;
                brier += (probabilities[i][c] - y) * (probabilities[i][c] - y);
            }
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        long correct = 0;
        for (int c = 0; c < k; c++) {
            correct += confusion[c][c];
        }
        metrics.put("accuracy", (double) correct / n);
        Map<String, Map<String, Double>> perClass = new LinkedHashMap<>();
        double macroF1 = 0;
        double macroPrecision = 0;
        double macroRecall = 0;
        for (int c = 0; c < k; c++) {
            long tp = confusion[c][c];
            long predictedC = 0;
            long actualC = 0;
            for (int j = 0; j < k; j++) {
                predictedC += confusion[j][c];
                actualC += confusion[c][j];
            }
            double precision = predictedC == 0 ? 0 : (double) tp / predictedC;
            double recall = actualC == 0 ? 0 : (double) tp / actualC;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("precision", precision);
            m.put("recall", recall);
            m.put("f1", f1);
            m.put("support", (double) actualC);
            perClass.put(classes.get(c), m);
            macroF1 += f1 / k;
            macroPrecision += precision / k;
            macroRecall += recall / k;
        }
        boolean binary = k == 2 && positive != null;
        int pos = binary ? classes.indexOf(positive) : -1;
        if (binary) {
            metrics.put("precision", perClass.get(positive).get("precision"));
            metrics.put("recall", perClass.get(positive).get("recall"));
            metrics.put("f1", perClass.get(positive).get("f1"));
        } else {
            metrics.put("precision", macroPrecision);
            metrics.put("recall", macroRecall);
            metrics.put("f1", macroF1);
        }
        metrics.put("macro_f1", macroF1);
        Double auc = null;
        Double prAuc = null;
        if (binary) {
            TieGroups groups = TieGroups.of(column(probabilities, pos), labels(actual, positive));
            auc = rocAuc(groups);
            prAuc = averagePrecision(groups);
        } else {
            double sum = 0;
            double prSum = 0;
            int counted = 0;
            for (int c = 0; c < k; c++) {
                TieGroups groups = TieGroups.of(column(probabilities, c), labels(actual, classes.get(c)));
                Double a = rocAuc(groups);
                if (a != null) {
                    sum += a;
                    prSum += averagePrecision(groups);
                    counted++;
                }
            }
            auc = counted == 0 ? null : sum / counted;
            prAuc = counted == 0 ? null : prSum / counted;
        }
        if (auc != null) {
            metrics.put("auc", auc);
            metrics.put("pr_auc", prAuc);
        }
        metrics.put("logloss", logLoss / n);
        metrics.put("brier", binary ? brierBinary(probabilities, actual, positive, pos) : brier / n);
        return new Result(metrics, perClass, classes, confusion);
    }

    /** Metrics, per-class precision/recall/F1/support, and the confusion matrix (rows actual, columns predicted). */
    public record Result(Map<String, Double> metrics, Map<String, Map<String, Double>> perClass, List<String> classes,
                         long[][] confusion) {
    }

    private static double brierBinary(double[][] probabilities, List<String> actual, String positive, int pos) {
        double sum = 0;
        for (int i = 0; i < actual.size(); i++) {
            double y = actual.get(i).equals(positive) ? 1 : 0;
            sum += (probabilities[i][pos] - y) * (probabilities[i][pos] - y);
        }
        return sum / actual.size();
    }

    static int argmax(double[] p) {
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return best;
    }

    private static double[] column(double[][] p, int c) {
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = p[i][c];
        }
        return out;
    }

    private static boolean[] labels(List<String> actual, String positive) {
        boolean[] out = new boolean[actual.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = actual.get(i).equals(positive);
        }
        return out;
    }

    /** ROC AUC by the rank-sum (Mann-Whitney) formula, tied scores sharing their mean rank; null for one class. */
    public static Double rocAuc(double[] scores, boolean[] positive) {
        return rocAuc(TieGroups.of(scores, positive));
    }

    private static Double rocAuc(TieGroups groups) {
        double rankSum = 0; // every rank is a multiple of 1/2, so these sums are exact in any order
        long below = 0;
        for (int g = 0; g < groups.size(); g++) {
            long size = groups.positives[g] + groups.negatives[g];
            double rank = (below + (below + size - 1)) / 2.0 + 1;
            rankSum += groups.positives[g] * rank;
            below += size;
        }
        long positives = groups.totalPositives;
        long negatives = groups.rows - positives;
        if (positives == 0 || negatives == 0) {
            return null;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /** Average precision: the sum over thresholds of precision times the recall gained (scikit-learn's definition). */
    public static double averagePrecision(double[] scores, boolean[] positive) {
        return averagePrecision(TieGroups.of(scores, positive));
    }

    private static double averagePrecision(TieGroups groups) {
        long totalPositive = groups.totalPositives;
        if (totalPositive == 0) {
            return 0;
        }
        double ap = 0;
        long tp = 0;
        long seen = 0;
        double lastRecall = 0;
        for (int g = groups.size() - 1; g >= 0; g--) {
            seen += groups.positives[g] + groups.negatives[g];
            tp += groups.positives[g];
            double recall = (double) tp / totalPositive;
            ap += (recall - lastRecall) * ((double) tp / seen);
            lastRecall = recall;
        }
        return ap;
    }

    /** ROC curve points (false positive rate, true positive rate), from the highest threshold down. */
    public static List<double[]> rocCurve(double[] scores, boolean[] positive) {
        return curve(scores, positive, true);
    }

    /** Precision-recall curve points (recall, precision), from the highest threshold down. */
    public static List<double[]> prCurve(double[] scores, boolean[] positive) {
        return curve(scores, positive, false);
    }

    private static List<double[]> curve(double[] scores, boolean[] positive, boolean roc) {
        TieGroups groups = TieGroups.of(scores, positive);
        long p = groups.totalPositives;
        long negatives = positive.length - p;
        List<double[]> points = new ArrayList<>();
        points.add(roc ? new double[] {0, 0} : new double[] {0, 1});
        long tp = 0;
        long fp = 0;
        for (int g = groups.size() - 1; g >= 0; g--) {
            tp += groups.positives[g];
            fp += groups.negatives[g];
            if (roc) {
                points.add(new double[] {negatives == 0 ? 0 : (double) fp / negatives, p == 0 ? 0 : (double) tp / p});
            } else {
                points.add(new double[] {p == 0 ? 0 : (double) tp / p, (double) tp / (tp + fp)});
            }
        }
        return points;
    }

    /**
     * The distinct scores in ascending order, with how many positive and negative rows have each: all that the ranking
     * metrics read. 0.0 and -0.0 are one score, and NaN is one score ranked last (so a broken model's metrics do not
     * depend on the order of its rows). Two primitive sorts and a merge, instead of sorting boxed row indexes, which
     * took a tenth of training at 100k rows. Built once per class for both AUCs.
     */
    private static final class TieGroups {
        private final long[] positives;
        private final long[] negatives;
        private final long totalPositives;
        private final long rows;
        private int size;

        private TieGroups(int rows, long totalPositives) {
            this.positives = new long[rows];
            this.negatives = new long[rows];
            this.totalPositives = totalPositives;
            this.rows = rows;
        }

        int size() {
            return size;
        }

        static TieGroups of(double[] scores, boolean[] positive) {
            int p = 0;
            for (boolean b : positive) {
                p += b ? 1 : 0;
            }
            double[] pos = new double[p];
            double[] neg = new double[scores.length - p];
            for (int i = 0, ip = 0, in = 0; i < scores.length; i++) {
                if (positive[i]) {
                    pos[ip++] = scores[i];
                } else {
                    neg[in++] = scores[i];
                }
            }
            Arrays.sort(pos);
            Arrays.sort(neg);
            TieGroups groups = new TieGroups(scores.length, p);
            double first = Double.NaN;
            for (int ip = 0, in = 0; ip < pos.length || in < neg.length; ) {
                boolean takePositive = in == neg.length || ip < pos.length && Double.compare(pos[ip], neg[in]) <= 0;
                double score = takePositive ? pos[ip++] : neg[in++];
                if (groups.size == 0 || score != first && Double.compare(score, first) != 0) {
                    first = score;
                    groups.size++;
                }
                if (takePositive) {
                    groups.positives[groups.size - 1]++;
                } else {
                    groups.negatives[groups.size - 1]++;
                }
            }
            return groups;
        }
    }
}
