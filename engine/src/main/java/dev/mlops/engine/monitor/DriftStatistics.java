package dev.mlops.engine.monitor;

import java.util.Arrays;

/**
 * The drift statistics, each computed as SciPy (and, where it binds them into a test, Evidently) computes it, so that
 * a verdict here is the verdict a data scientist's notebook would give. {@code DriftStatisticsParityTest} checks them
 * against SciPy's output for vectors that {@code engine/src/test/resources/monitor/scipy_vectors.py} generates.
 */
public final class DriftStatistics {

    /** Proportions of zero are replaced by this before PSI takes logarithms (Evidently's choice). */
    public static final double PSI_FLOOR = 0.0001;

    private DriftStatistics() {
    }

    /** A statistic and, for hypothesis tests, its p-value (NaN for distances). */
    public record Value(double statistic, double pValue, String method) {
    }

    /** Two-sample, two-sided Kolmogorov–Smirnov ({@code scipy.stats.ks_2samp}, method auto). */
    public static Value kolmogorovSmirnov(double[] reference, double[] current) {
        KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(reference, current);
        return new Value(r.statistic(), r.pValue(), r.method());
    }

    /** Pearson's chi-square goodness of fit ({@code scipy.stats.chisquare}); df = categories − 1. */
    public static Value chiSquare(double[] observed, double[] expected) {
        if (observed.length != expected.length || observed.length < 2) {
            throw new IllegalArgumentException("chi-square needs at least two categories with expected counts");
        }
        double statistic = 0;
        for (int i = 0; i < observed.length; i++) {
            double diff = observed[i] - expected[i];
            statistic += diff * diff / expected[i];
        }
        return new Value(statistic, SpecialFunctions.chiSquareSf(statistic, observed.length - 1), "asymp");
    }

    /** Z-test for two proportions with a pooled variance; two-sided p-value. */
    public static Value twoProportionZ(long referenceHits, long referenceCount, long currentHits, long currentCount) {
        double p1 = (double) referenceHits / referenceCount;
        double p2 = (double) currentHits / currentCount;
        double pooled = (p1 * referenceCount + p2 * currentCount) / (referenceCount + currentCount);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / referenceCount + 1.0 / currentCount));
        if (se == 0) {
            return new Value(0, 1.0, "normal");
        }
        double z = (p1 - p2) / se;
        return new Value(z, 2 * SpecialFunctions.normalSf(Math.abs(z)), "normal");
    }

    /** Population stability index over binned proportions; zero proportions become {@link #PSI_FLOOR}. */
    public static double psi(double[] referenceCounts, double[] currentCounts) {
        double[] ref = proportions(referenceCounts);
        double[] cur = proportions(currentCounts);
        double psi = 0;
        for (int i = 0; i < ref.length; i++) {
            double r = ref[i] == 0 ? PSI_FLOOR : ref[i];
            double c = cur[i] == 0 ? PSI_FLOOR : cur[i];
            psi += (r - c) * Math.log(r / c);
        }
        return psi;
    }

    /** Jensen–Shannon distance, natural logarithm ({@code scipy.spatial.distance.jensenshannon}). */
    public static double jensenShannon(double[] referenceCounts, double[] currentCounts) {
        double[] p = proportions(referenceCounts);
        double[] q = proportions(currentCounts);
        double left = 0;
        double right = 0;
        for (int i = 0; i < p.length; i++) {
            double m = (p[i] + q[i]) / 2.0;
            left += relativeEntropy(p[i], m);
            right += relativeEntropy(q[i], m);
        }
        return Math.sqrt((left + right) / 2.0);
    }

    private static double relativeEntropy(double x, double y) {
        return x > 0 && y > 0 ? x * Math.log(x / y) : 0;
    }

    private static double[] proportions(double[] counts) {
        double total = Arrays.stream(counts).sum();
        return Arrays.stream(counts).map(c -> c / total).toArray();
    }

    /**
     * First Wasserstein distance between two empirical distributions ({@code scipy.stats.wasserstein_distance}), over
     * their finite values.
     */
    public static double wasserstein(double[] reference, double[] current) {
        return Wasserstein.distance(nonEmpty(reference, "reference"), nonEmpty(current, "current"));
    }

    /** Wasserstein distance divided by max(population std of the reference, 0.001) (Evidently's normalization). */
    public static double normalizedWasserstein(double[] reference, double[] current) {
        FiniteSample ref = nonEmpty(reference, "reference");
        return Wasserstein.distance(ref, nonEmpty(current, "current")) / Math.max(ref.populationStd(), 0.001);
    }

    private static FiniteSample nonEmpty(double[] values, String side) {
        FiniteSample sample = FiniteSample.of(values);
        if (sample.count() == 0) {
            throw new IllegalArgumentException("the " + side + " sample has no finite value");
        }
        return sample;
    }
}
