package dev.mlops.engine.monitor;

import java.util.Arrays;

/**
 * Sorts the finite values of a column in the order {@link Arrays#sort(double[])} gives (-0.0 before 0.0), by their
 * bits. The Kolmogorov–Smirnov test and the counts of a column with few values sort both sides of a column, and at a
 * million values a comparison sort was three quarters of the monitor's time when every numeric column was sorted.
 *
 * <p>Only the bits that vary between the values are sorted, 11 at a time, and at most the top 33 of them: three
 * scatter passes instead of six. Values that share those 33 bits (a sliver of one binade, rarely more than a few) are
 * then put in order by a comparison sort of each such run. The last pass writes the doubles themselves, so the keys
 * are not converted back in a pass of their own.
 */
final class RadixSort {

    private static final int BITS = 11;
    private static final int RADIX = 1 << BITS;
    private static final int MAX_PASSES = 3;
    /** Below this size a comparison sort is faster than passes over a 2048-bucket histogram. */
    private static final int MIN_LENGTH = 4096;

    private RadixSort() {
    }

    /** The finite values of {@code values} (no NaN, no infinity), sorted, in a new array. */
    static double[] sortedFinite(double[] values) {
        long[] keys = new long[values.length];
        int n = 0;
        long anySet = 0;
        long allSet = -1;
        for (double v : values) {
            if (Double.isFinite(v)) {
                long key = sortable(v);
                keys[n++] = key;
                anySet |= key;
                allSet &= key;
            }
        }
        double[] out = new double[n];
        long varying = anySet & ~allSet;
        if (n < MIN_LENGTH || varying == 0) {
            for (int i = 0; i < n; i++) {
                out[i] = fromSortable(keys[i]);
            }
            Arrays.sort(out);
            return out;
        }
        int top = Long.SIZE - Long.numberOfLeadingZeros(varying);
        int low = Math.max(Long.numberOfTrailingZeros(varying), top - MAX_PASSES * BITS);
        int passes = (top - low + BITS - 1) / BITS;
        int[] counts = new int[passes * RADIX];
        for (int i = 0; i < n; i++) {
            long key = keys[i];
            for (int pass = 0; pass < passes; pass++) {
                counts[pass * RADIX + digit(key, low, pass)]++;
            }
        }
        long[] buffer = new long[n];
        for (int pass = 0; pass < passes; pass++) {
            int base = pass * RADIX;
            for (int d = 0, start = 0; d < RADIX; d++) {
                int c = counts[base + d];
                counts[base + d] = start;
                start += c;
            }
            if (pass == passes - 1) {
                for (int i = 0; i < n; i++) {
                    long key = keys[i];
                    out[counts[base + digit(key, low, pass)]++] = fromSortable(key);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    long key = keys[i];
                    buffer[counts[base + digit(key, low, pass)]++] = key;
                }
                long[] swap = keys;
                keys = buffer;
                buffer = swap;
            }
        }
        if (low > Long.numberOfTrailingZeros(varying)) {
            sortRunsSharingBitsFrom(out, low);
        }
        return out;
    }

    /**
     * Sorts each run of values whose keys agree from bit {@code low} up. The keys of a run share their sign bit, and
     * {@link Arrays#sort(double[], int, int)} orders such values as their keys.
     */
    private static void sortRunsSharingBitsFrom(double[] sorted, int low) {
        int n = sorted.length;
        for (int start = 0, end; start < n; start = end) {
            long prefix = sortable(sorted[start]) >>> low;
            end = start + 1;
            while (end < n && sortable(sorted[end]) >>> low == prefix) {
                end++;
            }
            if (end - start > 1) {
                Arrays.sort(sorted, start, end);
            }
        }
    }

    private static int digit(long key, int low, int pass) {
        return (int) (key >>> (low + pass * BITS)) & (RADIX - 1);
    }

    /** The double's bits, flipped so that unsigned order is numeric order: negatives wholly, positives' sign bit. */
    private static long sortable(double v) {
        long bits = Double.doubleToRawLongBits(v);
        return bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
    }

    private static double fromSortable(long key) {
        return Double.longBitsToDouble(key < 0 ? key ^ Long.MIN_VALUE : ~key);
    }
}
