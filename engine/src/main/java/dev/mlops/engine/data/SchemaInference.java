package dev.mlops.engine.data;

import dev.mlops.engine.LogSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Infers a starting schema from a reference dataset, for a person to review: observed types, nullability, ranges
 * (as warnings, since new data may legitimately extend them) except that a column never negative in the reference
 * must stay so ({@code min: 0} as an error), the value sets of small categorical columns, and uniqueness of fully
 * distinct identifier-like columns.
 */
public final class SchemaInference {

    /** Categorical columns with at most this many values get an {@code allowedValues} rule. */
    static final int MAX_ALLOWED_VALUES = 20;

    /** Allowed null fraction, as a multiple of the observed one. */
    static final double NULL_FRACTION_HEADROOM = 1.5;

    private SchemaInference() {
    }

    public static Schema infer(Path file, ReadOptions read, LogSink log) {
        return Profiler.withProfile(file, read, log, SchemaInference::infer);
    }

    static Schema infer(LoadedDataset data, DatasetProfile profile) {
        List<ColumnSchema> columns = new ArrayList<>();
        for (ColumnProfile p : profile.columns()) {
            Map<String, Severity> severities = new HashMap<>();
            Boolean nullable = p.nulls() == 0 ? Boolean.FALSE : null;
            Double maxNullFraction = p.nulls() == 0 ? null
                    : Math.min(1.0, Math.ceil(p.nullFraction() * NULL_FRACTION_HEADROOM * 1000) / 1000);
            String min = null;
            String max = null;
            if (p.type().isNumeric() && p.min() != null) {
                max = number(p.max(), p.type());
                severities.put("max", Severity.WARNING);
                if (p.min() >= 0) {
                    // Never negative in the reference: a count, an age, an amount. A negative value is an error
                    // (a broken upstream join or sign), not a new range; the observed minimum is not a rule.
                    min = number(0, p.type());
                    severities.put("min", Severity.ERROR);
                } else {
                    min = number(p.min(), p.type());
                    severities.put("min", Severity.WARNING);
                }
            }
            List<String> allowed = null;
            if (p.type() == ColumnType.STRING && Boolean.TRUE.equals(p.topKComplete())
                    && p.topK().size() <= MAX_ALLOWED_VALUES) {
                allowed = p.topK().stream().map(CategoryCount::value).sorted().toList();
            }
            boolean unique = (p.type() == ColumnType.STRING || p.type() == ColumnType.INTEGER)
                    && p.nulls() == 0 && p.invalid() == 0 && p.count() > 1 && isFullyDistinct(data, p.name());
            columns.add(new ColumnSchema(p.name(), p.type(), Severity.ERROR, true, nullable, maxNullFraction, min,
                    max, allowed, null, unique, false, severities));
        }
        return new Schema(Schema.VERSION, null, 1L, null, false, Map.of(), columns, DistributionOptions.DEFAULTS);
    }

    private static boolean isFullyDistinct(LoadedDataset data, String column) {
        String t = data.typed(column);
        return data.grouping(() -> data.count(Validator.repeatedValuesQuery(t))) == 0;
    }

    private static String number(double value, ColumnType type) {
        return type == ColumnType.INTEGER ? Long.toString((long) value) : Double.toString(value);
    }
}
