package dev.mlops.engine.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/** The bucketed distance against the merge of both samples sorted whole, the definition SciPy computes. */
class WassersteinTest {

    private static final Random RANDOM = new Random(17);

    private static double[] sample(int n, DoubleSupplier value) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = value.getAsDouble();
        }
        return out;
    }

    /** SciPy's definition: both samples sorted whole and merged, |F − G| times each step's width. */
    private static double mergedWhole(double[] u, double[] v) {
        double[] us = Arrays.stream(u).filter(Double::isFinite).sorted().toArray();
        double[] vs = Arrays.stream(v).filter(Double::isFinite).sorted().toArray();
        java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
        int i = 0;
        int j = 0;
        double previous = Math.min(us[0], vs[0]);
        while (i < us.length || j < vs.length) {
            double next = j >= vs.length || (i < us.length && us[i] <= vs[j]) ? us[i] : vs[j];
            double step = Math.abs((double) i / us.length - (double) j / vs.length) * (next - previous);
            sum = sum.add(new java.math.BigDecimal(step));
            while (i < us.length && us[i] <= next) {
                i++;
            }
            while (j < vs.length && vs[j] <= next) {
                j++;
            }
            previous = next;
        }
        return sum.doubleValue();
    }

    private static void assertMatchesTheWholeMerge(double[] u, double[] v) {
        double expected = mergedWhole(u, v);
        double actual = Wasserstein.distance(FiniteSample.of(u), FiniteSample.of(v));
        assertThat(actual).isCloseTo(expected, within(1e-12 * Math.max(1, Math.abs(expected))));
    }

    @Test
    void samplesOfOneDistributionCrossInManyBuckets() {
        // F − G hovers around zero and crosses it often: the crossing buckets are merged value by value.
        assertMatchesTheWholeMerge(sample(200_000, RANDOM::nextGaussian), sample(150_000, RANDOM::nextGaussian));
        double[] same = sample(50_000, RANDOM::nextGaussian);
        assertThat(Wasserstein.distance(FiniteSample.of(same), FiniteSample.of(same.clone()))).isZero();
    }

    @Test
    void shiftedAndScaledSamplesRarelyCross() {
        assertMatchesTheWholeMerge(sample(100_000, RANDOM::nextGaussian),
                sample(100_000, () -> 0.3 + 1.5 * RANDOM.nextGaussian()));
        assertMatchesTheWholeMerge(sample(100_000, () -> Math.exp(RANDOM.nextGaussian())),
                sample(70_000, () -> Math.exp(0.2 + RANDOM.nextGaussian())));
    }

    @Test
    void tiesMissingValuesAndValuesOnBucketEdges() {
        double[] u = sample(80_000, () -> RANDOM.nextInt(1000) / 8.0);
        double[] v = sample(80_000, () -> RANDOM.nextInt(1000) / 8.0 + (RANDOM.nextInt(10) == 0 ? 0.125 : 0));
        for (int i = 0; i < u.length; i += 97) {
            u[i] = Double.NaN;
            v[i] = i % 2 == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        }
        // 1000 / 8 spans [0, 124.875]: with 20 000 buckets, many values sit exactly on an edge.
        assertMatchesTheWholeMerge(u, v);
        assertMatchesTheWholeMerge(sample(40_000, () -> RANDOM.nextInt(3)), sample(40_000, () -> RANDOM.nextInt(4)));
    }

    @Test
    void wideNarrowAndSignedRanges() {
        assertMatchesTheWholeMerge(sample(30_000, () -> RANDOM.nextGaussian() * 1e-300),
                sample(30_000, () -> RANDOM.nextGaussian() * 2e-300));
        assertMatchesTheWholeMerge(sample(30_000, () -> 1e6 + RANDOM.nextGaussian()),
                sample(30_000, () -> 1e6 + RANDOM.nextGaussian() + 0.01));
        // Too narrow for distinct bucket edges, and a range whose width overflows: both sorted whole.
        assertMatchesTheWholeMerge(sample(30_000, () -> 1e10 + RANDOM.nextInt(5) * Math.ulp(1e10)),
                sample(30_000, () -> 1e10 + RANDOM.nextInt(6) * Math.ulp(1e10)));
        double[] wide = sample(30_000, RANDOM::nextGaussian);
        wide[0] = -Double.MAX_VALUE;
        wide[1] = Double.MAX_VALUE;
        assertMatchesTheWholeMerge(wide, sample(30_000, RANDOM::nextGaussian));
        double[] zeros = sample(20_000, () -> RANDOM.nextBoolean() ? -0.0 : 0.0);
        zeros[5] = 1;
        assertMatchesTheWholeMerge(zeros, sample(20_000, () -> RANDOM.nextDouble() - 0.5));
    }

    @Test
    void wholeNumbersAreCountedPerValue() {
        // An age: few values, each repeated thousands of times, shifted by one in part of the current sample.
        assertMatchesTheWholeMerge(sample(100_000, () -> 18 + RANDOM.nextInt(70)),
                sample(80_000, () -> 18 + RANDOM.nextInt(70) + (RANDOM.nextInt(5) == 0 ? 1 : 0)));
        // An identifier shared by both files: distance zero; and one shifted by half its range.
        double[] ids = sample(200_000, () -> 0);
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        assertThat(Wasserstein.distance(FiniteSample.of(ids), FiniteSample.of(ids.clone()))).isZero();
        assertMatchesTheWholeMerge(ids, Arrays.stream(ids).map(x -> x + 100_000).toArray());
        // Gaps, negative values, signed zeros, missing and infinite values, and magnitudes where doubles are sparse.
        double[] u = sample(50_000, () -> (RANDOM.nextInt(400) - 200) * 7);
        double[] v = sample(60_000, () -> (RANDOM.nextInt(300) - 100) * 5);
        for (int i = 0; i < u.length; i += 53) {
            u[i] = i % 2 == 0 ? Double.NaN : -0.0;
            v[i] = i % 3 == 0 ? Double.NEGATIVE_INFINITY : 0.0;
        }
        assertMatchesTheWholeMerge(u, v);
        assertMatchesTheWholeMerge(sample(20_000, () -> 1e18 + 256 * RANDOM.nextInt(50)),
                sample(20_000, () -> 1e18 + 256 * RANDOM.nextInt(60)));
        // A range beyond what is counted (more units than values), and one fractional value: bucketed instead.
        assertMatchesTheWholeMerge(sample(1_000, () -> RANDOM.nextInt(3_000)),
                sample(1_000, () -> RANDOM.nextInt(2_500)));
        double[] almost = sample(30_000, () -> RANDOM.nextInt(100));
        almost[7] = 50.5;
        assertMatchesTheWholeMerge(almost, sample(30_000, () -> RANDOM.nextInt(110)));
    }

    @Test
    void oneSampleFarSmallerThanTheOther() {
        assertMatchesTheWholeMerge(new double[] {0.5}, sample(100_000, RANDOM::nextDouble));
        assertMatchesTheWholeMerge(sample(100_000, RANDOM::nextDouble), sample(3, () -> 2));
    }

    @Test
    void anOutlierOrADenseClusterNarrowsTheRangeInsteadOfSortingEverything() {
        // One far value puts every other value in the first bucket: that bucket is bucketed again over its own range.
        double[] u = sample(60_000, RANDOM::nextDouble);
        u[0] = 1e12;
        assertMatchesTheWholeMerge(u, sample(60_000, RANDOM::nextDouble));
        assertMatchesTheWholeMerge(sample(60_000, () -> Math.pow(RANDOM.nextDouble(), 8) * 1e6),
                sample(60_000, () -> Math.pow(RANDOM.nextDouble(), 8) * 1e6));
    }
}
