package dev.mlops.engine.monitor;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A per-column drift test, its default threshold, and which side of the threshold is drift. */
public enum DriftTest {
    /** Two-sample Kolmogorov–Smirnov; drift when p ≤ threshold. */
    KS("ks", 0.05, true),
    /** Chi-square goodness of fit of current counts against reference proportions; drift when p < threshold. */
    CHISQUARE("chisquare", 0.05, true),
    /** Z-test for two proportions (binary columns); drift when p < threshold. */
    Z("z", 0.05, true),
    /** Wasserstein distance over the reference's standard deviation; drift when ≥ threshold. */
    WASSERSTEIN("wasserstein", 0.1, false),
    /** Jensen–Shannon distance (natural log) of binned proportions; drift when ≥ threshold. */
    JENSENSHANNON("jensenshannon", 0.1, false),
    /** Population stability index of binned proportions; drift when ≥ threshold. */
    PSI("psi", 0.1, false);

    private final String id;
    private final double defaultThreshold;
    private final boolean pValueTest;

    DriftTest(String id, double defaultThreshold, boolean pValueTest) {
        this.id = id;
        this.defaultThreshold = defaultThreshold;
        this.pValueTest = pValueTest;
    }

    @JsonValue
    public String id() {
        return id;
    }

    public double defaultThreshold() {
        return defaultThreshold;
    }

    /** Whether the test's verdict compares a p-value (rather than a distance) with the threshold. */
    public boolean pValueTest() {
        return pValueTest;
    }

    /** The verdict for a p-value or distance against a threshold. */
    public boolean drifted(double value, double threshold) {
        if (this == KS) {
            return value <= threshold;
        }
        return pValueTest ? value < threshold : value >= threshold;
    }

    @JsonCreator
    public static DriftTest fromId(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown drift test '" + id + "'; expected one of "
                        + Arrays.stream(values()).map(DriftTest::id).collect(Collectors.joining(", "))));
    }
}
