package dev.mlops.engine.data;

import dev.mlops.engine.InputFiles;
import dev.mlops.engine.LogSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Checks a dataset against a {@link Schema} (and optionally a reference profile). Every row-level rule of every
 * column is counted in a single aggregate pass; examples are fetched only for the rules that were broken.
 */
public final class Validator {

    public static final int MAX_EXAMPLES = 5;
    /** The widest range of integers {@link #repeatedIntegers} marks in a bitmap: 2^28 bits, 32 MB. */
    static final long MAX_BITMAP_RANGE = 1L << 28;

    private Validator() {
    }

    public static ValidationReport validate(Path dataFile, ReadOptions read, Schema schema, DatasetProfile reference,
                                            LogSink log) {
        InputFiles.requireReadable(dataFile);
        // Hashing reads the file a second time; doing it beside the load hides most of its cost.
        CompletableFuture<String> sha256 = Hashing.sha256Async(dataFile);
        Map<String, ColumnType> declared = new HashMap<>();
        for (ColumnSchema c : schema.columns()) {
            if (c.type() != null) {
                declared.put(c.name(), c.type());
            }
        }
        try (LoadedDataset data = DatasetLoader.load(dataFile, read, declared, log)) {
            Fingerprint fingerprint = new Fingerprint(dataFile.toString(), Hashing.await(sha256, dataFile),
                    data.rows(), data.columns());
            DatasetProfile profile = Profiler.profile(data, fingerprint, log);
            List<Violation> violations = new ArrayList<>(datasetViolations(schema, data));
            checkConfiguredValues(schema, data);
            violations.addAll(columnViolations(schema, data, profile));
            if (reference != null) {
                violations.addAll(DistributionChecks.check(data, profile, reference, schema.distribution()));
            }
            log.info("validated " + data.rows() + " rows: " + violations.size() + " violation(s)");
            return new ValidationReport(fingerprint, violations, profile);
        } finally {
            sha256.cancel(false);
        }
    }

    private static List<Violation> datasetViolations(Schema schema, LoadedDataset data) {
        List<Violation> found = new ArrayList<>();
        long rows = data.rows();
        if (schema.minRows() != null && rows < schema.minRows()) {
            found.add(threshold("minRows", null, schema.severityOf("minRows"), rows, schema.minRows(),
                    rows + " rows, fewer than the minimum " + schema.minRows()));
        }
        if (schema.maxRows() != null && rows > schema.maxRows()) {
            found.add(threshold("maxRows", null, schema.severityOf("maxRows"), rows, schema.maxRows(),
                    rows + " rows, more than the maximum " + schema.maxRows()));
        }
        for (ColumnSchema column : schema.columns()) {
            if (column.required() && !data.has(column.name())) {
                found.add(new Violation("required", column.name(), column.severityOf("required"), null, null, null,
                        null, "required column is missing from the data", List.of()));
            }
        }
        if (!schema.allowUnknownColumns()) {
            for (String column : data.columns()) {
                if (schema.column(column).isEmpty()) {
                    found.add(new Violation("unknownColumns", column, schema.severityOf("unknownColumns"), null, null,
                            null, null, "column is not declared in the schema", List.of()));
                }
            }
        }
        return found;
    }

    /** Regexes and bounds are user text run by DuckDB: try each once, so a bad one is named by its field. */
    private static void checkConfiguredValues(Schema schema, LoadedDataset data) {
        for (ColumnSchema column : schema.columns()) {
            if (!data.has(column.name())) {
                continue;
            }
            String at = "columns." + column.name();
            ColumnType type = data.type(column.name());
            if (column.regex() != null) {
                data.queryConfigured("SELECT regexp_full_match('', " + Sql.literal(column.regex()) + ")",
                        schema.source(), at + ".regex: invalid regular expression (RE2 syntax)", rs -> null);
            }
            for (String bound : boundsOf(column)) {
                data.queryConfigured("SELECT " + literal(bound, type), schema.source(),
                        at + ": '" + bound + "' is not a valid " + type.id(), rs -> null);
            }
        }
    }

    private static List<String> boundsOf(ColumnSchema column) {
        List<String> bounds = new ArrayList<>();
        if (column.min() != null) {
            bounds.add(column.min());
        }
        if (column.max() != null) {
            bounds.add(column.max());
        }
        if (column.allowedValues() != null) {
            bounds.addAll(column.allowedValues());
        }
        return bounds;
    }

    /** A value cast to the column's type; numbers compare as doubles so that "0.5" never rounds. */
    private static String literal(String value, ColumnType type) {
        ColumnType as = type == ColumnType.INTEGER ? ColumnType.DOUBLE : type;
        return "CAST(" + Sql.literal(value) + " AS " + as.sqlType() + ")";
    }

    /**
     * A rule checked row by row: {@code predicate} is true on the offending rows of the typed view; {@code known} is
     * how many there are when the profile already says so, else null and they are counted.
     */
    record RowRule(String column, String rule, Severity severity, String predicate, String what, Long known) {
    }

    private static List<Violation> columnViolations(Schema schema, LoadedDataset data, DatasetProfile profile) {
        List<RowRule> rules = new ArrayList<>();
        List<Violation> found = new ArrayList<>();
        for (ColumnSchema column : schema.columns()) {
            if (!data.has(column.name())) {
                continue;
            }
            String name = column.name();
            String t = data.typed(name);
            String shown = data.display(name);
            ColumnType type = data.type(name);
            ColumnProfile p = profile.column(name).orElseThrow();
            // The profile counts unparseable, missing and non-finite values exactly as these predicates do.
            rules.add(new RowRule(name, "type", column.severityOf("type"), data.invalid(name),
                    "values are not of type " + type.id(), p.invalid()));
            if (type == ColumnType.DOUBLE && !column.allowNonFinite()) {
                rules.add(new RowRule(name, "finite", column.severityOf("finite"), "NOT isfinite(" + t + ")",
                        "values are NaN or infinite", p.nonFinite()));
            }
            if (Boolean.FALSE.equals(column.nullable())) {
                rules.add(new RowRule(name, "nullable", column.severityOf("nullable"), data.isNull(name),
                        "values are missing in a non-nullable column", p.nulls()));
            }
            if (column.min() != null) {
                rules.add(new RowRule(name, "min", column.severityOf("min"),
                        t + " < " + literal(column.min(), type), "values are below the minimum " + column.min(),
                        withinBound(p, column.min(), true) ? 0L : null));
            }
            if (column.max() != null) {
                rules.add(new RowRule(name, "max", column.severityOf("max"),
                        t + " > " + literal(column.max(), type), "values are above the maximum " + column.max(),
                        withinBound(p, column.max(), false) ? 0L : null));
            }
            if (column.allowedValues() != null) {
                String allowed = column.allowedValues().stream().map(v -> literal(v, type))
                        .collect(Collectors.joining(", "));
                rules.add(new RowRule(name, "allowedValues", column.severityOf("allowedValues"),
                        t + " NOT IN (" + allowed + ")", "values are not among the allowed values",
                        allAllowed(p, column.allowedValues()) ? 0L : null));
            }
            if (column.regex() != null) {
                rules.add(new RowRule(name, "regex", column.severityOf("regex"),
                        "NOT regexp_full_match(CAST(" + t + " AS VARCHAR), " + Sql.literal(column.regex()) + ")",
                        "values do not match the pattern " + column.regex(), null));
            }
            if (column.maxNullFraction() != null && p.nullFraction() > column.maxNullFraction()) {
                found.add(new Violation("maxNullFraction", name, column.severityOf("maxNullFraction"), p.nulls(),
                        p.nullFraction(), p.nullFraction(), column.maxNullFraction(),
                        String.format(Locale.ROOT, "%.4f of values are missing, more than the allowed %s",
                                p.nullFraction(), column.maxNullFraction()),
                        examples(data, data.isNull(name), shown)));
            }
            if (column.unique()) {
                uniqueViolation(data, column, p).ifPresent(found::add);
            }
        }
        found.addAll(0, countRowRules(data, rules));
        return found;
    }

    /**
     * Whether the profile proves that no value breaks a numeric bound: every value strictly inside it (strictly, so
     * that a bound parsed one unit in the last place apart by Java and by DuckDB cannot matter) and none non-finite
     * (DuckDB orders NaN above every number). Otherwise the rows are counted.
     */
    private static boolean withinBound(ColumnProfile p, String bound, boolean lower) {
        if (!p.type().isNumeric() || p.min() == null || (p.nonFinite() != null && p.nonFinite() > 0)) {
            return false;
        }
        double limit;
        try {
            limit = Double.parseDouble(bound);
        } catch (NumberFormatException e) {
            return false;
        }
        return lower ? p.min() > limit : p.max() < limit;
    }

    /** Whether the profile lists every distinct value of a text column and each one is allowed. */
    private static boolean allAllowed(ColumnProfile p, List<String> allowed) {
        return p.type() == ColumnType.STRING && Boolean.TRUE.equals(p.topKComplete())
                && p.topK().stream().allMatch(v -> allowed.contains(v.value()));
    }

    /** Counts the offending rows the profile does not know, all in one query, and lists examples of broken rules. */
    private static List<Violation> countRowRules(LoadedDataset data, List<RowRule> rules) {
        List<RowRule> unknown = rules.stream().filter(rule -> rule.known() == null).toList();
        long[] counted = unknown.isEmpty() ? new long[0] : data.query(unknown.stream()
                .map(rule -> "count_if(" + rule.predicate() + ")")
                .collect(Collectors.joining(", ", "SELECT ", " FROM " + LoadedDataset.VIEW)), rs -> {
                    rs.next();
                    long[] c = new long[unknown.size()];
                    for (int i = 0; i < c.length; i++) {
                        c[i] = rs.getLong(i + 1);
                    }
                    return c;
                });
        List<Violation> found = new ArrayList<>();
        for (int i = 0, u = 0; i < rules.size(); i++) {
            RowRule rule = rules.get(i);
            long count = rule.known() != null ? rule.known() : counted[u++];
            if (count == 0) {
                continue;
            }
            found.add(new Violation(rule.rule(), rule.column(), rule.severity(), count,
                    (double) count / data.rows(), null, null, count + " " + rule.what(),
                    examples(data, rule.predicate(), data.display(rule.column()))));
        }
        return found;
    }

    private static java.util.Optional<Violation> uniqueViolation(LoadedDataset data, ColumnSchema column,
                                                                 ColumnProfile profile) {
        String t = data.typed(column.name());
        OptionalLong counted = repeatedIntegers(data, column.name(), profile);
        long duplicates = counted.isPresent() ? counted.getAsLong()
                : data.grouping(() -> data.count(repeatedValuesQuery(t)));
        if (duplicates == 0) {
            return java.util.Optional.empty();
        }
        String predicate = t + " IN (SELECT " + t + " FROM " + LoadedDataset.VIEW + " WHERE " + t
                + " IS NOT NULL GROUP BY " + t + " HAVING count(*) > 1)";
        return java.util.Optional.of(new Violation("unique", column.name(), column.severityOf("unique"), duplicates,
                (double) duplicates / data.rows(), null, null,
                duplicates + " values repeat an earlier value in a unique column",
                data.grouping(() -> examples(data, predicate, data.display(column.name())))));
    }

    /**
     * What {@link #repeatedValuesQuery} counts, for an integer column whose values span fewer than
     * {@value #MAX_BITMAP_RANGE} integers: one streamed pass that marks each value in a bitmap over the profile's
     * range, rather than DuckDB's grouping, which held hundreds of megabytes for ten million identifiers. Empty when
     * the range is wider, or when a value may lie beyond 2<sup>53</sup>, where doubles stop telling integers apart.
     */
    static OptionalLong repeatedIntegers(LoadedDataset data, String column, ColumnProfile profile) {
        if (profile.type() != ColumnType.INTEGER || profile.min() == null || Math.abs(profile.min()) >= 0x1p53
                || Math.abs(profile.max()) >= 0x1p53 || profile.max() - profile.min() >= MAX_BITMAP_RANGE) {
            return OptionalLong.empty();
        }
        long min = profile.min().longValue();
        int span = (int) (profile.max().longValue() - min) + 1;
        BitSet seen = new BitSet(span);
        long[] repeated = {0};
        boolean[] outside = {false};
        data.forEachValue(column, v -> {
            long at = (long) v - min;
            if (at < 0 || at >= span) {
                outside[0] = true; // a profile from the cache that does not describe these values: group instead
            } else if (seen.get((int) at)) {
                repeated[0]++;
            } else {
                seen.set((int) at);
            }
        });
        return outside[0] ? OptionalLong.empty() : OptionalLong.of(repeated[0]);
    }

    /**
     * How many non-null values repeat an earlier value. A grouped count rather than {@code count(DISTINCT)}: DuckDB
     * spills a GROUP BY to disk, so a column of millions of distinct identifiers stays within the memory limit.
     */
    static String repeatedValuesQuery(String column) {
        return "SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM " + LoadedDataset.VIEW + " WHERE "
                + column + " IS NOT NULL GROUP BY " + column + " HAVING count(*) > 1)";
    }

    static List<Violation.Example> examples(LoadedDataset data, String predicate, String valueColumn) {
        String sql = "SELECT __row, CAST(" + valueColumn + " AS VARCHAR) FROM " + LoadedDataset.VIEW + " WHERE "
                + predicate + " ORDER BY __row LIMIT " + MAX_EXAMPLES;
        return data.query(sql, rs -> {
            List<Violation.Example> examples = new ArrayList<>();
            while (rs.next()) {
                examples.add(new Violation.Example(rs.getLong(1), rs.getString(2)));
            }
            return examples;
        });
    }

    static Violation threshold(String rule, String column, Severity severity, double observed, double limit,
                               String message) {
        return new Violation(rule, column, severity, null, null, observed, limit, message, List.of());
    }
}
