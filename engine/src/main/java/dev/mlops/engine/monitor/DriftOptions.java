package dev.mlops.engine.monitor;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * How {@code mlops monitor} decides drift ({@code --config monitor.yaml}; every field optional).
 *
 * @param driftShare     dataset drift when at least this share of the compared columns drifted (default 0.5)
 * @param smallReference reference row count up to which the p-value tests are the defaults (default 1000)
 * @param columns        per-column overrides: a test, a threshold, or {@code ignore}
 * @param ignore         columns never compared (identifiers, timestamps)
 * @param prediction     the test for the model's output distribution (default: by the same size rule)
 * @param concept        concept-drift settings, used with labelled feedback
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record DriftOptions(Double driftShare, Integer smallReference, Map<String, ColumnRule> columns,
                           List<String> ignore, ColumnRule prediction, ConceptOptions concept) {

    public static final double DEFAULT_DRIFT_SHARE = 0.5;
    public static final int DEFAULT_SMALL_REFERENCE = 1000;

    public static final DriftOptions DEFAULTS = new DriftOptions(null, null, null, null, null, null);

    public DriftOptions {
        driftShare = driftShare == null ? DEFAULT_DRIFT_SHARE : driftShare;
        smallReference = smallReference == null ? DEFAULT_SMALL_REFERENCE : smallReference;
        columns = columns == null ? Map.of() : Map.copyOf(columns);
        ignore = ignore == null ? List.of() : List.copyOf(ignore);
        prediction = prediction == null ? ColumnRule.DEFAULT : prediction;
        concept = concept == null ? ConceptOptions.DEFAULTS : concept;
        if (driftShare <= 0 || driftShare > 1) {
            throw new IllegalArgumentException("driftShare must be in (0, 1], got " + driftShare);
        }
    }

    /** The rule for one column: the configured one, else the size-aware default. */
    ColumnRule rule(String column) {
        return columns.getOrDefault(column, ColumnRule.DEFAULT);
    }

    boolean ignored(String column) {
        return ignore.contains(column) || rule(column).ignore();
    }

    /** A column's test and threshold (each null for the default) or {@code ignore: true}. */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record ColumnRule(DriftTest test, Double threshold, boolean ignore) {
        public static final ColumnRule DEFAULT = new ColumnRule(null, null, false);
    }

    /**
     * Concept drift with labelled feedback.
     *
     * @param window       rows per evaluation window (default 500)
     * @param maxDrop      drift when a window's metric is worse than the model's recorded one by more than this
     *                     (default 0.05)
     * @param phDelta      Page–Hinkley tolerance δ on the error stream (default 0.005)
     * @param phThreshold  Page–Hinkley alarm threshold λ (default 50)
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record ConceptOptions(Integer window, Double maxDrop, Double phDelta, Double phThreshold) {
        public static final ConceptOptions DEFAULTS = new ConceptOptions(null, null, null, null);

        public ConceptOptions {
            window = window == null ? 500 : window;
            maxDrop = maxDrop == null ? 0.05 : maxDrop;
            phDelta = phDelta == null ? 0.005 : phDelta;
            phThreshold = phThreshold == null ? 50.0 : phThreshold;
            if (window < 1) {
                throw new IllegalArgumentException("concept.window must be at least 1");
            }
        }
    }
}
