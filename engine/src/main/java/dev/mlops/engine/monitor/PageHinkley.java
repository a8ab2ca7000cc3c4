package dev.mlops.engine.monitor;

/**
 * Page–Hinkley test for an increase in the mean of a stream (here: the model's error). It accumulates each value's
 * excess over the running mean less a tolerance δ and alarms when the sum rises more than λ above its minimum.
 * Mutable: feed it values in order.
 */
public final class PageHinkley {

    private final double delta;
    private final double threshold;
    private long count;
    private double mean;
    private double cumulative;
    private double minimum;

    public PageHinkley(double delta, double threshold) {
        this.delta = delta;
        this.threshold = threshold;
    }

    /** Adds one value; true when the test alarms at it. */
    public boolean add(double value) {
        count++;
        mean += (value - mean) / count;
        cumulative += value - mean - delta;
        minimum = Math.min(minimum, cumulative);
        return cumulative - minimum > threshold;
    }

    /** The current test statistic, m_t − min m. */
    public double statistic() {
        return cumulative - minimum;
    }
}
