package dev.mlops.engine.data;

import java.util.Map;

/**
 * A dataset's values in memory, column by column, for training and scoring: integer and double columns as
 * {@code double[]} (NaN where missing), every other column as text (null where missing; booleans as
 * {@code true}/{@code false}, dates ISO-8601).
 */
public record Columns(long rows, Map<String, ColumnType> types, Map<String, double[]> numbers,
                      Map<String, String[]> texts) {

    /** The value of {@code column} in row {@code i} (0-based) as a number, text, or null when missing. */
    public Object value(String column, int i) {
        double[] n = numbers.get(column);
        if (n != null) {
            return Double.isNaN(n[i]) ? null : n[i];
        }
        String[] t = texts.get(column);
        return t == null ? null : t[i];
    }
}
