package dev.mlops.engine.data;

/**
 * Tolerances of the checks against a reference profile ({@code --reference}). Shifts are measured in reference
 * standard deviations (at least {@value #MIN_SCALE}, as drift tools do for constant columns).
 *
 * @param meanShift     largest allowed |mean - reference mean| / reference std
 * @param stdRatio      largest allowed ratio between the two standard deviations, either way round
 * @param quantileShift largest allowed shift of the 5th to 95th percentiles, in reference stds
 * @param newCategories whether values unseen in a reference with a complete category list are reported
 * @param severity      severity of every distribution finding
 */
public record DistributionOptions(double meanShift, double stdRatio, double quantileShift, boolean newCategories,
                                  Severity severity) {

    public static final double MIN_SCALE = 0.001;

    public static final DistributionOptions DEFAULTS = new DistributionOptions(0.5, 2.0, 0.5, true, Severity.WARNING);
}
