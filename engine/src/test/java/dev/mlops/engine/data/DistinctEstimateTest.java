package dev.mlops.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DistinctEstimateTest {

    private static long estimate(double[] values) {
        DistinctEstimate e = new DistinctEstimate();
        for (double v : values) {
            e.add(v);
        }
        return e.estimate(values.length);
    }

    @Test
    void fewDistinctValuesAreCountedExactlyAndRepeatsOnce() {
        assertThat(estimate(new double[0])).isZero();
        assertThat(estimate(new double[] {7, 7, 7, 7})).isEqualTo(1);
        assertThat(estimate(new double[] {-0.0, 0.0, Double.NaN, Double.NaN, 1, Double.POSITIVE_INFINITY}))
                .as("0, NaN, 1 and infinity: -0.0 and 0.0 are one value, as in SQL, and so are two NaNs")
                .isEqualTo(4);
        double[] ages = new Random(5).ints(100_000, 18, 90).asDoubleStream().toArray();
        assertThat(estimate(ages)).isEqualTo(72);
    }

    @Test
    void manyDistinctValuesAreEstimatedWithinTwoPercent() {
        Random random = new Random(9);
        for (int distinct : new int[] {1_000, 50_000, 1_000_000}) {
            double[] values = new double[distinct * 2];
            for (int i = 0; i < values.length; i++) {
                // Each value twice, in a shuffled-looking order: repeats must not count.
                values[i] = Math.round((i % distinct) * 1e-3 * 1e6) / 1e6 + 0.5 * (i % distinct);
            }
            long e = estimate(values);
            assertThat((double) e).as("%d distinct values", distinct).isCloseTo(distinct, within(distinct * 0.02));
            assertThat(e).isLessThanOrEqualTo(values.length);
        }
        double[] normal = random.doubles(1_000_000).map(u -> random.nextGaussian()).toArray();
        assertThat((double) estimate(normal)).isCloseTo(1_000_000, within(20_000.0));
    }
}
