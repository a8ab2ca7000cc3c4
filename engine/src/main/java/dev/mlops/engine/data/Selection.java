package dev.mlops.engine.data;

import java.util.Arrays;

/**
 * Order statistics without sorting: the exact quantiles of the profile ({@link NumericSummary}) and the medians the
 * feature pipeline imputes with.
 */
public final class Selection {

    private Selection() {
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
