package dev.mlops.engine.data;

import java.util.List;
import java.util.Map;

/**
 * The rules for one column. Absent rules are null (or false). Bounds and allowed values are kept as text and cast to
 * the column's type when checked, so that dates and numbers are declared the same way.
 *
 * @param type           the declared type, or null to infer it from the data
 * @param severity       the severity of this column's rules unless {@code severities} overrides one
 * @param required       whether the column must be present (true unless declared otherwise)
 * @param nullable       false forbids nulls
 * @param allowNonFinite whether NaN and infinities are allowed in a double column
 * @param severities     per-rule severity overrides, keyed by rule name
 */
public record ColumnSchema(
        String name,
        ColumnType type,
        Severity severity,
        boolean required,
        Boolean nullable,
        Double maxNullFraction,
        String min,
        String max,
        List<String> allowedValues,
        String regex,
        boolean unique,
        boolean allowNonFinite,
        Map<String, Severity> severities) {

    public ColumnSchema {
        allowedValues = allowedValues == null ? null : List.copyOf(allowedValues);
        severities = Map.copyOf(severities);
    }

    public Severity severityOf(String rule) {
        return severities.getOrDefault(rule, severity);
    }
}
