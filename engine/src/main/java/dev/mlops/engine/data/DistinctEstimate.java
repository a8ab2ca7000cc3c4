package dev.mlops.engine.data;

/**
 * The number of distinct values of a numeric column, estimated by HyperLogLog (2^14 registers: a standard error of
 * about 0.8%, and exact-looking counts below a few thousand distinct values, where it counts empty registers
 * instead). For double columns only: DuckDB's {@code approx_count_distinct} of the same values took 0.3 s of the
 * profile at 1M × 16 doubles, where this takes a few milliseconds a column beside the summary's own pass. Equal
 * values count once, -0.0 and 0.0 included, as in SQL; every NaN is one value.
 */
final class DistinctEstimate {

    private static final int PRECISION = 14;
    private static final int REGISTERS = 1 << PRECISION;

    private final byte[] registers = new byte[REGISTERS];

    void add(double value) {
        long hash = mix(Double.doubleToLongBits(value == 0 ? 0.0 : value));
        int register = (int) (hash >>> (Long.SIZE - PRECISION));
        byte rank = (byte) (Long.numberOfLeadingZeros((hash << PRECISION) | (1L << (PRECISION - 1))) + 1);
        if (rank > registers[register]) {
            registers[register] = rank;
        }
    }

    /** The estimate, never more than {@code values}, the number of values added. */
    long estimate(long values) {
        double sum = 0;
        int empty = 0;
        for (byte r : registers) {
            sum += Math.scalb(1.0, -r);
            if (r == 0) {
                empty++;
            }
        }
        double m = REGISTERS;
        double raw = 0.7213 / (1 + 1.079 / m) * m * m / sum;
        double estimate = raw <= 2.5 * m && empty > 0 ? m * Math.log(m / empty) : raw;
        return Math.min(Math.round(estimate), values);
    }

    /** Stafford's variant 13 of the 64-bit finaliser of MurmurHash3: every input bit moves about half the output. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
