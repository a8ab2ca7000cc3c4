package dev.mlops.engine.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RadixSortTest {

    private static void assertSortsLikeArraysSort(double[] values) {
        double[] expected = Arrays.stream(values).filter(Double::isFinite).toArray();
        Arrays.sort(expected);
        double[] actual = RadixSort.sortedFinite(values);
        assertThat(actual).hasSameSizeAs(expected);
        // Compared bit for bit: -0.0 must come before 0.0, as in Arrays.sort.
        for (int i = 0; i < expected.length; i++) {
            assertThat(Double.doubleToRawLongBits(actual[i])).as("index " + i)
                    .isEqualTo(Double.doubleToRawLongBits(expected[i]));
        }
    }

    @Test
    void sortsMixedSignsMagnitudesAndZerosDroppingInfinitiesAndNaN() {
        Random random = new Random(3);
        double[] values = new double[100_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (i % 9) {
                case 0 -> -random.nextDouble() * 1e300;
                case 1 -> random.nextGaussian() * 1e-300;
                case 2 -> i % 2 == 0 ? -0.0 : 0.0;
                case 3 -> Math.round(random.nextGaussian() * 10);
                case 4 -> i % 4 == 0 ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
                case 5 -> Double.MIN_VALUE * (random.nextBoolean() ? 1 : -1);
                case 6 -> i % 4 == 0 ? Double.NaN : -Double.MAX_VALUE;
                default -> random.nextGaussian() * 1e6;
            };
        }
        assertSortsLikeArraysSort(values);
    }

    @Test
    void sortsSmallAndSingleValuedArrays() {
        assertSortsLikeArraysSort(new double[0]);
        assertSortsLikeArraysSort(new double[] {2, -1, 0.5});
        double[] same = new double[10_000];
        Arrays.fill(same, 7.25);
        assertSortsLikeArraysSort(same);
        double[] descending = new double[10_000];
        for (int i = 0; i < descending.length; i++) {
            descending[i] = descending.length - i - 0.5;
        }
        assertSortsLikeArraysSort(descending);
        double[] fewFinite = new double[10_000];
        Arrays.fill(fewFinite, Double.NaN);
        fewFinite[17] = 3;
        fewFinite[4_000] = -1;
        assertSortsLikeArraysSort(fewFinite);
    }

    @Test
    void sortsValuesThatShareTheirTopBitsByRuns() {
        // Far apart extremes make the top varying bit high, so the radix passes stop short of the low bits that order
        // the dense cluster near 1: those values are ordered by runs.
        Random random = new Random(11);
        double[] values = new double[60_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (i % 4) {
                case 0 -> 1 + random.nextDouble() * 1e-9;
                case 1 -> -1 - random.nextDouble() * 1e-9;
                case 2 -> 1 + (random.nextInt(50) * 1e-12);
                default -> random.nextGaussian();
            };
        }
        values[7] = 1e300;
        values[8] = -1e300;
        assertSortsLikeArraysSort(values);
    }

    @Test
    void sortsIntegerValuedColumnsOnTheirVaryingBitsOnly() {
        Random random = new Random(5);
        double[] ages = new double[50_000];
        double[] ids = new double[50_000];
        for (int i = 0; i < ages.length; i++) {
            ages[i] = 18 + random.nextInt(63);
            ids[i] = ids.length - i;
        }
        assertSortsLikeArraysSort(ages);
        assertSortsLikeArraysSort(ids);
    }
}
