package dev.mlops.engine.monitor;

import java.util.Arrays;

/**
 * The first Wasserstein distance between two samples, the integral of |F − G| over their empirical distribution
 * functions ({@code scipy.stats.wasserstein_distance}), without sorting every value.
 *
 * <p>The range is cut into equal-width buckets, and each bucket's values are counted and their offsets from its
 * lower edge summed. Where F − G cannot change sign inside a bucket (its value at the edge is further from zero than
 * the bucket's values on one side could move it), the integral of |F − G| over the bucket is the absolute integral of
 * F − G, which those counts and sums give exactly: a value x in [a, b) adds b − x to the integral of its sample's
 * count, a value below a adds b − a. A bucket where F − G may cross zero is integrated the same way over the extent of
 * its own values, until a range holds fewer than {@value #MIN_BUCKETED} values and is sorted and merged value by
 * value: one far outlier, which leaves every other value in the first bucket, then costs a second round of buckets
 * rather than a sort of everything. With a drifted column few buckets cross; with two samples of one distribution
 * F − G stays small but rarely crosses within a bucket of a few values (in the benchmark's undrifted columns, 1 to 18%
 * of the values were sorted). Where the two samples hold the same values (an identifier in both files) every bucket
 * crosses, and where a column takes few values (an integer age) each occupied bucket holds one of them, repeated, and
 * crosses: then the cost is that of sorting the buckets, small or already in order. Sorting both sides whole was most
 * of the monitor's comparison. Whole numbers over a range no wider than their count (an age, an identifier) skip the
 * buckets: a count per value and one sweep give the integral from exact counts.
 */
final class Wasserstein {

    /** Below this many values in a range, both samples' values in it are sorted and merged. */
    private static final int MIN_BUCKETED = 4096;
    /** Values per bucket on average, below the cap. */
    private static final int VALUES_PER_BUCKET = 8;
    /** Keeps a bucket's counts and sums within the processor's caches; more buckets made the tally slower. */
    private static final int MAX_BUCKETS = 1 << 16;

    /**
     * Whole-number samples are counted per value rather than bucketed when they span at most this many units, and no
     * more units than they have values (so the counts take no more memory than the two columns): an age, a count or
     * an identifier puts its repeated or shared values in buckets that all cross, each of them sorted.
     */
    private static final double MAX_COUNTED_RANGE = 1 << 24;

    private Wasserstein() {
    }

    /** The distance between the finite values of two samples that each have at least one. */
    static double distance(FiniteSample u, FiniteSample v) {
        double lo = Math.min(u.min(), v.min());
        double hi = Math.max(u.max(), v.max());
        if (hi - lo <= Math.min(MAX_COUNTED_RANGE, (double) u.count() + v.count())
                && wholeNumbers(u.values()) && wholeNumbers(v.values())) {
            return counted(u, v, lo, (int) (hi - lo));
        }
        return new Samples(u.values(), v.values(), u.count(), v.count(), false).integral(0, u.values().length, 0,
                v.values().length, 0, 0, lo, hi);
    }

    private static boolean wholeNumbers(double[] values) {
        for (double x : values) {
            if (Double.isFinite(x) && x != Math.rint(x)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Between consecutive whole numbers k and k + 1 neither F nor G changes, so the integral is the sum over k of
     * |F(k) − G(k)|: a count per value on each side, then one sweep, each n·m·(F − G) exact in longs.
     */
    private static double counted(FiniteSample u, FiniteSample v, double lo, int range) {
        int[] countU = countPerValue(u.values(), lo, range);
        int[] countV = countPerValue(v.values(), lo, range);
        long n = u.count();
        long m = v.count();
        long belowU = 0;
        long belowV = 0;
        CompensatedSum sum = new CompensatedSum();
        for (int k = 0; k < range; k++) {
            belowU += countU[k];
            belowV += countV[k];
            sum.add(Math.abs(belowU * m - belowV * n)); // exact as a double while n·m < 2^53
        }
        return sum.value / ((double) n * m);
    }

    /** How many finite values equal lo + k, for each k in [0, range]. */
    private static int[] countPerValue(double[] values, double lo, int range) {
        int[] counts = new int[range + 1];
        for (double x : values) {
            if (Double.isFinite(x)) {
                counts[(int) (x - lo)]++;
            }
        }
        return counts;
    }

    /**
     * Both samples' values (non-finite ones skipped) and their finite counts, n and m. Values gathered here are
     * {@code owned}: finite, and sorted in place; the caller's columns (whole, at the top) are only read.
     */
    private record Samples(double[] u, double[] v, long n, long m, boolean owned) {

        /** n·m·(F − G) where {@code belowU} and {@code belowV} values lie below: exact in longs (n, m < 2^31). */
        long scaledDifference(long belowU, long belowV) {
            return belowU * m - belowV * n;
        }

        double difference(long belowU, long belowV) {
            return (double) scaledDifference(belowU, belowV) / ((double) n * m);
        }

        /**
         * The integral of |F − G| over [a, b], given the values of each sample in that interval
         * ({@code u[uFrom, uTo)}, {@code v[vFrom, vTo)}, at least one value in all) and how many of each lie below
         * it. Outside the extremes of the values inside, F − G is constant; between them the values are bucketed, and
         * a crossing bucket is integrated the same way over its own values, so that an outlier or a dense cluster only
         * narrows the range.
         */
        double integral(int uFrom, int uTo, int vFrom, int vTo, long belowU, long belowV, double a, double b) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            long insideU = 0;
            long insideV = 0;
            for (int i = uFrom; i < uTo; i++) {
                if (Double.isFinite(u[i])) {
                    min = Math.min(min, u[i]);
                    max = Math.max(max, u[i]);
                    insideU++;
                }
            }
            for (int j = vFrom; j < vTo; j++) {
                if (Double.isFinite(v[j])) {
                    min = Math.min(min, v[j]);
                    max = Math.max(max, v[j]);
                    insideV++;
                }
            }
            CompensatedSum sum = new CompensatedSum();
            sum.add(Math.abs(difference(belowU, belowV)) * (min - a));
            long count = insideU + insideV;
            int buckets = (int) Math.min(MAX_BUCKETS, count / VALUES_PER_BUCKET);
            double width = (max - min) / buckets;
            // Edges must be distinct doubles, or a value's bucket could be many edges away from where division
            // puts it.
            if (count < MIN_BUCKETED || !Double.isFinite(max - min)
                    || !(width > 4 * Math.ulp(Math.max(Math.abs(min), Math.abs(max))))) {
                if (owned) {
                    Arrays.sort(u, uFrom, uTo);
                    Arrays.sort(v, vFrom, vTo);
                    merge(u, uFrom, uTo, v, vFrom, vTo, belowU, belowV, min, max, sum);
                } else {
                    double[] us = RadixSort.sortedFinite(u);
                    double[] vs = RadixSort.sortedFinite(v);
                    merge(us, 0, us.length, vs, 0, vs.length, belowU, belowV, min, max, sum);
                }
            } else {
                sum.add(new Buckets(min, max, buckets).integral(this, uFrom, uTo, vFrom, vTo, belowU, belowV));
            }
            sum.add(Math.abs(difference(belowU + insideU, belowV + insideV)) * (b - max));
            return sum.value;
        }

        /**
         * Adds the integral of |F − G| over [a, b] to {@code sum}, given all values of each sample in it, sorted:
         * {@code us[uFrom, uTo)} and {@code vs[vFrom, vTo)}.
         */
        private void merge(double[] us, int uFrom, int uTo, double[] vs, int vFrom, int vTo, long belowU,
                           long belowV, double a, double b, CompensatedSum sum) {
            int i = uFrom;
            int j = vFrom;
            double previous = a;
            while (i < uTo || j < vTo) {
                double next = j >= vTo || (i < uTo && us[i] <= vs[j]) ? us[i] : vs[j];
                sum.add(Math.abs(difference(belowU + i - uFrom, belowV + j - vFrom)) * (next - previous));
                while (i < uTo && us[i] <= next) {
                    i++;
                }
                while (j < vTo && vs[j] <= next) {
                    j++;
                }
                previous = next;
            }
            sum.add(Math.abs(difference(belowU + i - uFrom, belowV + j - vFrom)) * (b - previous));
        }
    }

    /** Equal-width buckets over [lo, hi]; the last is closed. */
    private static final class Buckets {
        private final double lo;
        private final double hi;
        private final int count;
        private final double width;
        private final double scale;

        Buckets(double lo, double hi, int count) {
            this.lo = lo;
            this.hi = hi;
            this.count = count;
            this.width = (hi - lo) / count;
            this.scale = count / (hi - lo);
        }

        double edge(int k) {
            return k == count ? hi : lo + k * width;
        }

        /** The bucket whose edges hold {@code x}: division guesses it, the edges themselves decide. */
        int of(double x) {
            int k = Math.max(0, Math.min(count - 1, (int) ((x - lo) * scale)));
            while (k > 0 && x < edge(k)) {
                k--;
            }
            while (k < count - 1 && x >= edge(k + 1)) {
                k++;
            }
            return k;
        }

        /** The integral of |F − G| over [lo, hi], which holds every finite value of the slices. */
        double integral(Samples s, int uFrom, int uTo, int vFrom, int vTo, long belowU, long belowV) {
            int[] countU = new int[count];
            int[] countV = new int[count];
            double[] offsetU = new double[count];
            double[] offsetV = new double[count];
            tally(s.u(), uFrom, uTo, countU, offsetU);
            tally(s.v(), vFrom, vTo, countV, offsetV);

            double[] parts = new double[count];
            int[] slotU = new int[count];
            int[] slotV = new int[count];
            boolean crossing = false;
            int gatheredU = 0;
            int gatheredV = 0;
            long su = belowU;
            long sv = belowV;
            for (int k = 0; k < count; su += countU[k], sv += countV[k], k++) {
                // n·m·(F − G) inside the bucket lies between these two.
                if (s.scaledDifference(su, sv + countV[k]) >= 0 || s.scaledDifference(su + countU[k], sv) <= 0) {
                    double length = edge(k + 1) - edge(k);
                    parts[k] = Math.abs(s.difference(su, sv) * length + (countU[k] * length - offsetU[k]) / s.n()
                            - (countV[k] * length - offsetV[k]) / s.m());
                    slotU[k] = -1;
                    slotV[k] = -1;
                } else {
                    crossing = true;
                    slotU[k] = gatheredU;
                    slotV[k] = gatheredV;
                    gatheredU += countU[k];
                    gatheredV += countV[k];
                }
            }
            if (crossing) {
                Samples inside = new Samples(gather(s.u(), uFrom, uTo, slotU, gatheredU),
                        gather(s.v(), vFrom, vTo, slotV, gatheredV), s.n(), s.m(), true);
                su = belowU;
                sv = belowV;
                for (int k = 0; k < count; su += countU[k], sv += countV[k], k++) {
                    if (slotU[k] >= 0) {
                        // gather() left each slot at its bucket's end.
                        parts[k] = inside.integral(slotU[k] - countU[k], slotU[k], slotV[k] - countV[k], slotV[k],
                                su, sv, edge(k), edge(k + 1));
                    }
                }
            }
            CompensatedSum sum = new CompensatedSum();
            for (double part : parts) {
                sum.add(part);
            }
            return sum.value;
        }

        private void tally(double[] values, int from, int to, int[] counts, double[] offsets) {
            for (int i = from; i < to; i++) {
                double x = values[i];
                if (Double.isFinite(x)) {
                    int k = of(x);
                    counts[k]++;
                    offsets[k] += x - edge(k);
                }
            }
        }

        /**
         * The finite values of {@code values[from, to)} in the buckets with a slot, each bucket's together from its
         * slot on; moves the slots on.
         */
        private double[] gather(double[] values, int from, int to, int[] slots, int size) {
            double[] out = new double[size];
            for (int i = from; i < to; i++) {
                double x = values[i];
                if (Double.isFinite(x)) {
                    int k = of(x);
                    if (slots[k] >= 0) {
                        out[slots[k]++] = x;
                    }
                }
            }
            return out;
        }
    }

    /** Kahan summation, so that a million small terms add up as their exact sum would round. */
    private static final class CompensatedSum {
        private double value;
        private double compensation;

        void add(double term) {
            double y = term - compensation;
            double s = value + y;
            compensation = (s - value) - y;
            value = s;
        }
    }
}
