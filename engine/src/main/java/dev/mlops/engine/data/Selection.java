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
     * zero's sign aside); {@code a} may be reordered. One pass counts the values in {@value #BUCKETS} equal-width
     * buckets between the extremes (a value's bucket never decreases as the value grows, so each bucket is a run of
     * the sorted order); another collects the few buckets holding a wanted rank, which are sorted. Where those buckets
     * hold much of the column (heavy tails pile it into one bucket), a selection on the whole column ({@link #select})
     * does it instead.
     */
    public static double[] atRanks(double[] a, int n, int[] ks) {
        double[] out = new double[ks.length];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            min = Math.min(min, a[i]);
            max = Math.max(max, a[i]);
        }
        double scale = BUCKETS / (max - min);
        boolean spread = scale > 0 && Double.isFinite(scale);
        int[] counts = new int[BUCKETS];
        for (int i = 0; i < n && spread; i++) {
            counts[bucket(a[i], min, scale)]++;
        }
        int[] starts = new int[BUCKETS + 1];
        for (int b = 0; b < BUCKETS; b++) {
            starts[b + 1] = starts[b] + counts[b];
        }
        int[] slots = new int[BUCKETS];
        Arrays.fill(slots, -1);
        int[] buckets = new int[ks.length];
        int wanted = 0;
        long collected = 0;
        for (int k = 0, b = 0; k < ks.length && spread; k++) {
            while (starts[b + 1] <= ks[k]) {
                b++;
            }
            buckets[k] = b;
            if (slots[b] < 0) {
                slots[b] = wanted++;
                collected += counts[b];
            }
        }
        if (!spread || collected > n / 8) {
            select(a, 0, n, ks);
            for (int k = 0; k < ks.length; k++) {
                out[k] = a[ks[k]];
            }
            return out;
        }
        double[][] values = new double[wanted][];
        int[] filled = new int[wanted];
        for (int k = 0; k < ks.length; k++) {
            if (values[slots[buckets[k]]] == null) {
                values[slots[buckets[k]]] = new double[counts[buckets[k]]];
            }
        }
        for (int i = 0; i < n; i++) {
            int slot = slots[bucket(a[i], min, scale)];
            if (slot >= 0) {
                values[slot][filled[slot]++] = a[i];
            }
        }
        for (double[] v : values) {
            Arrays.sort(v);
        }
        for (int k = 0; k < ks.length; k++) {
            out[k] = values[slots[buckets[k]]][ks[k] - starts[buckets[k]]];
        }
        return out;
    }

    private static int bucket(double value, double min, double scale) {
        return Math.min(BUCKETS - 1, (int) ((value - min) * scale));
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
