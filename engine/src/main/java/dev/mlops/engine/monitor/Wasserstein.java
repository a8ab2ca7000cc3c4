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
 * count, a value below a adds b − a. Only the buckets where F − G may cross zero are sorted and merged value by value.
 * With a drifted column few buckets cross; with two samples of one distribution F − G stays small but rarely crosses
 * within a bucket of a few values (in the benchmark's undrifted columns, 1 to 18% of the values were sorted).
 * Where the two samples hold the same values (an identifier in both files) every bucket crosses, and where a
 * column takes few values (an integer age) each occupied bucket holds one of them, repeated, and crosses: then the
 * cost is that of sorting the buckets, small or already in order. Sorting both sides whole was most of the monitor's
 * comparison.
 */
final class Wasserstein {

    /** Below this many values in all, both samples are sorted and merged. */
    private static final int MIN_BUCKETED = 4096;
    /** Values per bucket on average, below the cap. */
    private static final int VALUES_PER_BUCKET = 8;
    /** Keeps a bucket's counts and sums within the processor's caches; more buckets made the tally slower. */
    private static final int MAX_BUCKETS = 1 << 16;

    private Wasserstein() {
    }

    /** The distance between the finite values of two samples that each have at least one. */
    static double distance(FiniteSample u, FiniteSample v) {
        double lo = Math.min(u.min(), v.min());
        double hi = Math.max(u.max(), v.max());
        int buckets = (int) Math.min(MAX_BUCKETS, ((long) u.count() + v.count()) / VALUES_PER_BUCKET);
        double width = (hi - lo) / buckets;
        // Edges must be distinct doubles, or a value's bucket could be many edges away from where division puts it.
        if ((long) u.count() + v.count() < MIN_BUCKETED || !Double.isFinite(hi - lo)
                || !(width > 4 * Math.ulp(Math.max(Math.abs(lo), Math.abs(hi))))) {
            return sorted(u.sorted(), v.sorted());
        }
        return new Buckets(lo, hi, buckets).distance(u, v);
    }

    /** The distance between two sorted samples, each with at least one value. */
    static double sorted(double[] u, double[] v) {
        CompensatedSum sum = new CompensatedSum();
        merge(u, 0, u.length, v, 0, v.length, 0, 0, u.length, v.length, Math.min(u[0], v[0]),
                Math.max(u[u.length - 1], v[v.length - 1]), sum);
        return sum.value;
    }

    /**
     * Adds the integral of |F − G| over [a, b] to {@code sum}, given the sorted values of each sample in that
     * interval ({@code u[uFrom, uTo)}, {@code v[vFrom, vTo)}) and how many of each lie below it ({@code belowU},
     * {@code belowV}; {@code n}, {@code m} in all).
     */
    private static void merge(double[] u, int uFrom, int uTo, double[] v, int vFrom, int vTo, long belowU,
                              long belowV, long n, long m, double a, double b, CompensatedSum sum) {
        int i = uFrom;
        int j = vFrom;
        double previous = a;
        while (i < uTo || j < vTo) {
            double next = j >= vTo || (i < uTo && u[i] <= v[j]) ? u[i] : v[j];
            sum.add(Math.abs((double) (belowU + i - uFrom) / n - (double) (belowV + j - vFrom) / m)
                    * (next - previous));
            while (i < uTo && u[i] <= next) {
                i++;
            }
            while (j < vTo && v[j] <= next) {
                j++;
            }
            previous = next;
        }
        sum.add(Math.abs((double) (belowU + i - uFrom) / n - (double) (belowV + j - vFrom) / m) * (b - previous));
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

        double distance(FiniteSample u, FiniteSample v) {
            long n = u.count();
            long m = v.count();
            int[] countU = new int[count];
            int[] countV = new int[count];
            double[] offsetU = new double[count];
            double[] offsetV = new double[count];
            tally(u.values(), countU, offsetU);
            tally(v.values(), countV, offsetV);

            double[] integral = new double[count];
            long[] belowU = new long[count];
            long[] belowV = new long[count];
            int[] slotU = new int[count];
            int[] slotV = new int[count];
            int crossing = 0;
            int gatheredU = 0;
            int gatheredV = 0;
            for (int k = 0, su = 0, sv = 0; k < count; su += countU[k], sv += countV[k], k++) {
                belowU[k] = su;
                belowV[k] = sv;
                // n·m·(F − G) inside the bucket lies between these two (exact in longs: n, m < 2^31).
                long least = su * m - (sv + (long) countV[k]) * n;
                long most = (su + (long) countU[k]) * m - sv * n;
                if (least >= 0 || most <= 0) {
                    double length = edge(k + 1) - edge(k);
                    double atEdge = (double) (su * m - sv * n) / ((double) n * m);
                    integral[k] = Math.abs(atEdge * length + (countU[k] * length - offsetU[k]) / n
                            - (countV[k] * length - offsetV[k]) / m);
                    slotU[k] = -1;
                    slotV[k] = -1;
                } else {
                    crossing++;
                    slotU[k] = gatheredU;
                    slotV[k] = gatheredV;
                    gatheredU += countU[k];
                    gatheredV += countV[k];
                }
            }
            if (crossing > 0) {
                double[] valuesU = gather(u.values(), slotU, gatheredU);
                double[] valuesV = gather(v.values(), slotV, gatheredV);
                for (int k = 0; k < count; k++) {
                    if (slotU[k] >= 0) {
                        // gather() left each slot at its bucket's end.
                        int fromU = slotU[k] - countU[k];
                        int fromV = slotV[k] - countV[k];
                        Arrays.sort(valuesU, fromU, slotU[k]);
                        Arrays.sort(valuesV, fromV, slotV[k]);
                        CompensatedSum bucket = new CompensatedSum();
                        merge(valuesU, fromU, slotU[k], valuesV, fromV, slotV[k], belowU[k], belowV[k], n, m, edge(k),
                                edge(k + 1), bucket);
                        integral[k] = bucket.value;
                    }
                }
            }
            CompensatedSum sum = new CompensatedSum();
            for (double part : integral) {
                sum.add(part);
            }
            return sum.value;
        }

        private void tally(double[] values, int[] counts, double[] offsets) {
            for (double x : values) {
                if (Double.isFinite(x)) {
                    int k = of(x);
                    counts[k]++;
                    offsets[k] += x - edge(k);
                }
            }
        }

        /** The values of the buckets with a slot, each bucket's together from its slot on; moves the slots on. */
        private double[] gather(double[] values, int[] slots, int size) {
            double[] out = new double[size];
            for (double x : values) {
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
