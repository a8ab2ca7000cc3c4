package dev.mlops.engine.data;

import java.util.Arrays;

/**
 * Order statistics without sorting: the exact quantiles of the profile ({@link NumericSummary}) and the medians the
 * feature pipeline imputes with, both from {@link #atRanks}.
 */
public final class Selection {

    private static final int BUCKETS = 4096;

    private Selection() {
    }

    /**
     * The values at the ascending ranks {@code ks} of {@code a[0, n)} (finite values), as a sort would place them (a
     * zero's sign aside); {@code a} may be reordered. A {@link Buckets} selection, over the array; where it declines
     * (heavy tails pile most of the column into one bucket), a selection on the whole column ({@link #select}).
     */
    public static double[] atRanks(double[] a, int n, int[] ks) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            min = Math.min(min, a[i]);
            max = Math.max(max, a[i]);
        }
        Buckets buckets = new Buckets(n, min, max, ks);
        for (int i = 0; i < n; i++) {
            buckets.count(a[i]);
        }
        if (buckets.gathers()) {
            for (int i = 0; i < n; i++) {
                buckets.gather(a[i]);
            }
            return buckets.ranked();
        }
        select(a, 0, n, ks);
        double[] out = new double[ks.length];
        for (int k = 0; k < ks.length; k++) {
            out[k] = a[ks[k]];
        }
        return out;
    }

    /**
     * A selection by buckets that sees the values twice, in any order, and holds only the few buckets it needs: the
     * values are counted in {@value #BUCKETS} equal-width buckets between the extremes (a value's bucket never
     * decreases as the value grows, so each bucket is a run of the sorted order), then the buckets holding a wanted
     * rank are collected and sorted. Give it every value to {@link #count}, then, if it {@link #gathers()}, every
     * value again to {@link #gather}, and take the values at the ranks from {@link #ranked()}. It declines where the
     * extremes are too close for distinct bucket edges, or where the wanted buckets hold more than an eighth of the
     * values.
     */
    static final class Buckets {
        private final int n;
        private final double min;
        private final double scale;
        private final boolean spread;
        private final int[] ks;
        private final int[] counts = new int[BUCKETS];
        private int[] starts;
        private int[] slots;
        private int[] bucketOfRank;
        private double[][] values;
        private int[] filled;

        /** For {@code n} finite values between {@code min} and {@code max}, and the ascending ranks {@code ks}. */
        Buckets(int n, double min, double max, int[] ks) {
            this.n = n;
            this.min = min;
            this.ks = ks;
            scale = BUCKETS / (max - min);
            spread = scale > 0 && Double.isFinite(scale);
        }

        void count(double value) {
            if (spread) {
                counts[bucket(value)]++;
            }
        }

        /** After every value was counted: whether to gather, else the caller selects on the whole column. */
        boolean gathers() {
            if (!spread) {
                return false;
            }
            starts = new int[BUCKETS + 1];
            for (int b = 0; b < BUCKETS; b++) {
                starts[b + 1] = starts[b] + counts[b];
            }
            slots = new int[BUCKETS];
            Arrays.fill(slots, -1);
            bucketOfRank = new int[ks.length];
            int wanted = 0;
            long collected = 0;
            for (int k = 0, b = 0; k < ks.length; k++) {
                while (starts[b + 1] <= ks[k]) {
                    b++;
                }
                bucketOfRank[k] = b;
                if (slots[b] < 0) {
                    slots[b] = wanted++;
                    collected += counts[b];
                }
            }
            if (collected > n / 8) {
                return false;
            }
            values = new double[wanted][];
            filled = new int[wanted];
            for (int k = 0; k < ks.length; k++) {
                if (values[slots[bucketOfRank[k]]] == null) {
                    values[slots[bucketOfRank[k]]] = new double[counts[bucketOfRank[k]]];
                }
            }
            return true;
        }

        void gather(double value) {
            int slot = slots[bucket(value)];
            if (slot >= 0) {
                values[slot][filled[slot]++] = value;
            }
        }

        /** After every value was gathered: the values at the ranks. */
        double[] ranked() {
            for (double[] v : values) {
                Arrays.sort(v);
            }
            double[] out = new double[ks.length];
            for (int k = 0; k < ks.length; k++) {
                out[k] = values[slots[bucketOfRank[k]]][ks[k] - starts[bucketOfRank[k]]];
            }
            return out;
        }

        private int bucket(double value) {
            return Math.min(BUCKETS - 1, (int) ((value - min) * scale));
        }
    }

    /**
     * Reorders {@code a[from, to)} so that at each of the ascending indices {@code ks} it holds the value a sort
     * would put there, nothing before it larger and nothing after it smaller (Hoare's selection with median-of-three
     * pivots, following every part that holds a wanted index; a part that keeps resisting is sorted instead,
     * bounding the worst case).
     */
    public static void select(double[] a, int from, int to, int[] ks) {
        select(a, from, to - 1, ks, 0, ks.length, 2 * (32 - Integer.numberOfLeadingZeros(Math.max(1, to - from))) + 8);
    }

    private static void select(double[] a, int lo, int hi, int[] ks, int kFrom, int kTo, int budget) {
        while (hi > lo && kFrom < kTo) {
            if (budget-- == 0) {
                Arrays.sort(a, lo, hi + 1);
                return;
            }
            double pivot = medianOfThree(a[lo], a[lo + (hi - lo) / 2], a[hi]);
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double t = a[i];
                    a[i++] = a[j];
                    a[j--] = t;
                }
            }
            // Now a[lo..j] <= pivot, a[j+1..i-1] == pivot, a[i..hi] >= pivot.
            int leftEnd = kFrom;
            while (leftEnd < kTo && ks[leftEnd] <= j) {
                leftEnd++;
            }
            int rightStart = leftEnd;
            while (rightStart < kTo && ks[rightStart] < i) {
                rightStart++;
            }
            select(a, lo, j, ks, kFrom, leftEnd, budget);
            lo = i;
            kFrom = rightStart;
        }
    }

    private static double medianOfThree(double a, double b, double c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }
}
