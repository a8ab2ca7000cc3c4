package dev.mlops.engine.data;

import java.util.List;

/**
 * One broken rule. Row-level rules carry {@code count} (offending rows), {@code fraction} (of all rows) and up to
 * {@link Validator#MAX_EXAMPLES} examples; threshold rules carry the {@code observed} value and the {@code limit}.
 *
 * @param column the column, or null for a dataset-level rule
 */
public record Violation(String rule, String column, Severity severity, Long count, Double fraction, Double observed,
                        Double limit, String message, List<Example> examples) {

    public Violation {
        examples = List.copyOf(examples);
    }

    /** A 1-based data row (header excluded) and its value as read, null for a missing value. */
    public record Example(long row, String value) {
    }
}
