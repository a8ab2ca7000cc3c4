package dev.mlops.engine.data;

import dev.mlops.engine.InputFiles;
import dev.mlops.engine.LogSink;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * Computes a {@link DatasetProfile}: one aggregate pass for counts, moments and distinct estimates (single-threaded,
 * so sums do not depend on scheduling), exact quantiles one column at a time (deterministic, unlike DuckDB's
 * t-digest), one pass for the histograms (their edges need the first pass's range), and a grouped count per
 * categorical column. The same file always gives the same profile, byte for byte.
 */
public final class Profiler {

    public static final int HISTOGRAM_BINS = 20;
    public static final int TOP_K = 20;

    /** Above this many distinct values a column is an identifier, not a category: no top-k is counted. */
    static final long MAX_CATEGORICAL_DISTINCT = 100_000;

    private Profiler() {
    }

    /** Loads {@code file}, infers every column's type and profiles it. */
    public static DatasetProfile profile(Path file, ReadOptions read, LogSink log) {
        return withProfile(file, read, log, (data, profile) -> profile);
    }

    /** Loads and profiles {@code file}, then hands the typed data and its profile to {@code then} before closing. */
    static <T> T withProfile(Path file, ReadOptions read, LogSink log, BiFunction<LoadedDataset, DatasetProfile, T> then) {
        InputFiles.requireReadable(file);
        CompletableFuture<String> sha256 = Hashing.sha256Async(file);
        try (LoadedDataset data = DatasetLoader.load(file, read, log)) {
            Fingerprint fingerprint = new Fingerprint(file.toString(), Hashing.await(sha256, file), data.rows(),
                    data.columns());
            return then.apply(data, profile(data, fingerprint, log));
        } finally {
            sha256.cancel(false);
        }
    }

    /**
     * Profiles loaded data, or takes its profile from the {@link ProfileCache} when the same bytes were read the same
     * way before (the log says so).
     */
    public static DatasetProfile profile(LoadedDataset data, Fingerprint fingerprint, LogSink log) {
        String key = ProfileCache.key(data, fingerprint.sha256());
        Optional<DatasetProfile> cached = ProfileCache.read(key, log);
        if (cached.isPresent()) {
            log.info("reusing the profile of " + data.file() + " computed earlier (same SHA-256, read options and "
                    + "types)");
            return new DatasetProfile(DatasetProfile.SCHEMA_VERSION, fingerprint, cached.get().columns());
        }
        DatasetProfile profile = compute(data, fingerprint, log);
        ProfileCache.write(key, profile, log);
        return profile;
    }

    private static DatasetProfile compute(LoadedDataset data, Fingerprint fingerprint, LogSink log) {
        log.info("profiling " + data.columns().size() + " columns over " + data.rows() + " rows");
        Map<String, Moments> moments = moments(data);
        Map<String, Histogram> histograms = histograms(data, moments);
        List<ColumnProfile> columns = new ArrayList<>();
        for (String column : data.columns()) {
            Moments m = moments.get(column);
            ColumnType type = data.type(column);
            boolean countCategories = m.distinct != null && m.distinct <= MAX_CATEGORICAL_DISTINCT
                    && (type.isCategorical() || (type == ColumnType.INTEGER && m.distinct <= TOP_K));
            TopK top = countCategories ? topK(data, column, m.count) : null;
            long nulls = data.rows() - m.nonNullRaw;
            columns.add(new ColumnProfile(column, type, m.count, nulls, (double) nulls / data.rows(),
                    m.nonNullRaw - m.count, m.nonFinite,
                    top != null && top.complete ? Long.valueOf(top.values.size()) : m.distinct,
                    m.min, m.max, m.mean, m.std, m.quantiles, m.earliest, m.latest,
                    top == null ? null : top.values, top == null ? null : top.other,
                    top == null ? null : top.complete, histograms.get(column)));
        }
        return new DatasetProfile(DatasetProfile.SCHEMA_VERSION, fingerprint, columns);
    }

    private static final class Moments {
        long nonNullRaw;
        long count;
        Long nonFinite;
        Long distinct;
        Double min;
        Double max;
        Double mean;
        Double std;
        Map<String, Double> quantiles;
        String earliest;
        String latest;
    }

    private record TopK(List<CategoryCount> values, long other, boolean complete) {
    }

    /** The finite-value filter for a numeric column; integers are always finite. */
    private static String finite(LoadedDataset data, String column) {
        return data.type(column) == ColumnType.DOUBLE ? " FILTER (WHERE isfinite(" + data.typed(column) + "))" : "";
    }

    private static Map<String, Moments> moments(LoadedDataset data) {
        List<String> select = new ArrayList<>();
        String quantileList = ColumnProfile.QUANTILES.values().stream().map(String::valueOf)
                .collect(Collectors.joining(", ", "[", "]"));
        for (String column : data.columns()) {
            String t = data.typed(column);
            ColumnType type = data.type(column);
            select.add("count_if(NOT " + data.isNull(column) + ")");
            select.add("count(" + t + ")");
            select.add("approx_count_distinct(" + t + ")");
            if (type.isNumeric()) {
                String f = finite(data, column);
                select.add(type == ColumnType.DOUBLE ? "count_if(NOT isfinite(" + t + "))" : "0");
                select.add("min(" + t + ")" + f);
                select.add("max(" + t + ")" + f);
                select.add("avg(" + t + ")" + f);
                select.add("stddev_samp(" + t + ")" + f);
            } else if (type.isTemporal()) {
                select.add("CAST(min(" + t + ") AS VARCHAR)");
                select.add("CAST(max(" + t + ") AS VARCHAR)");
            }
        }
        String sql = "SELECT " + String.join(", ", select) + " FROM " + LoadedDataset.VIEW;
        Map<String, Moments> moments = data.singleThreaded(() -> data.query(sql, rs -> {
            rs.next();
            Map<String, Moments> result = new LinkedHashMap<>();
            int i = 1;
            for (String column : data.columns()) {
                Moments m = new Moments();
                ColumnType type = data.type(column);
                m.nonNullRaw = rs.getLong(i++);
                m.count = rs.getLong(i++);
                // HyperLogLog can overshoot; there are never more distinct values than values.
                m.distinct = Math.min(rs.getLong(i++), m.count);
                if (type.isNumeric()) {
                    m.nonFinite = type == ColumnType.DOUBLE ? rs.getLong(i) : null;
                    i++;
                    m.min = doubleOrNull(rs, i++);
                    m.max = doubleOrNull(rs, i++);
                    m.mean = doubleOrNull(rs, i++);
                    m.std = doubleOrNull(rs, i++);
                } else if (type.isTemporal()) {
                    m.earliest = rs.getString(i++);
                    m.latest = rs.getString(i++);
                }
                result.put(column, m);
            }
            return result;
        }));
        // Exact quantiles hold a column's values in memory: one column at a time keeps the peak to one column.
        for (String column : data.columns()) {
            if (data.type(column).isNumeric()) {
                moments.get(column).quantiles = data.query("SELECT quantile_cont(" + data.typed(column) + ", "
                        + quantileList + ")" + finite(data, column) + " FROM " + LoadedDataset.VIEW,
                        rs -> {
                            rs.next();
                            return quantiles(rs.getArray(1));
                        });
            }
        }
        return moments;
    }

    private static Map<String, Double> quantiles(Array array) throws SQLException {
        if (array == null) {
            return null;
        }
        Object[] values = (Object[]) array.getArray();
        Map<String, Double> result = new LinkedHashMap<>();
        int i = 0;
        for (String key : ColumnProfile.QUANTILES.keySet()) {
            result.put(key, values[i] == null ? null : ((Number) values[i]).doubleValue());
            i++;
        }
        return result;
    }

    private static Double doubleOrNull(ResultSet rs, int i) throws SQLException {
        double v = rs.getDouble(i);
        return rs.wasNull() ? null : v;
    }

    private static Map<String, Histogram> histograms(LoadedDataset data, Map<String, Moments> moments) {
        List<String> columns = data.columns().stream()
                .filter(c -> data.type(c).isNumeric() && moments.get(c).min != null)
                .toList();
        if (columns.isEmpty()) {
            return Map.of();
        }
        List<String> select = new ArrayList<>();
        for (String column : columns) {
            Moments m = moments.get(column);
            double width = (m.max - m.min) / HISTOGRAM_BINS;
            String filter = data.type(column) == ColumnType.DOUBLE
                    ? "isfinite(" + data.typed(column) + ")"
                    : data.typed(column) + " IS NOT NULL";
            // The CASE keeps NaN away from the integer cast: an aggregate's FILTER does not guard its argument.
            String bin = width > 0
                    ? "CASE WHEN " + filter + " THEN least(CAST(floor((" + data.typed(column) + " - " + m.min + ") / "
                            + width + ") AS INTEGER), " + (HISTOGRAM_BINS - 1) + ") END"
                    : "CASE WHEN " + filter + " THEN 0 END";
            select.add("histogram(" + bin + ")");
        }
        String sql = "SELECT " + String.join(", ", select) + " FROM " + LoadedDataset.VIEW;
        return data.query(sql, rs -> {
            rs.next();
            Map<String, Histogram> result = new LinkedHashMap<>();
            for (int k = 0; k < columns.size(); k++) {
                Moments m = moments.get(columns.get(k));
                Map<?, ?> bins = (Map<?, ?>) rs.getObject(k + 1);
                result.put(columns.get(k), histogram(m.min, m.max, bins));
            }
            return result;
        });
    }

    private static Histogram histogram(double min, double max, Map<?, ?> bins) {
        int binCount = max > min ? HISTOGRAM_BINS : 1;
        List<Double> edges = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        for (int b = 0; b <= binCount; b++) {
            edges.add(b == binCount ? max : min + (max - min) * b / binCount);
        }
        for (int b = 0; b < binCount; b++) {
            counts.add(0L);
        }
        if (bins != null) {
            for (Map.Entry<?, ?> e : bins.entrySet()) {
                int b = ((Number) e.getKey()).intValue();
                counts.set(b, counts.get(b) + ((Number) e.getValue()).longValue());
            }
        }
        return new Histogram(edges, counts);
    }

    private static TopK topK(LoadedDataset data, String column, long count) {
        String t = data.typed(column);
        String sql = "SELECT CAST(" + t + " AS VARCHAR) AS v, count(*) AS n FROM " + LoadedDataset.VIEW
                + " WHERE " + t + " IS NOT NULL GROUP BY " + t + " ORDER BY n DESC, v LIMIT " + (TOP_K + 1);
        return data.query(sql, rs -> {
            List<CategoryCount> values = new ArrayList<>();
            while (rs.next()) {
                values.add(new CategoryCount(rs.getString(1), rs.getLong(2)));
            }
            boolean complete = values.size() <= TOP_K;
            List<CategoryCount> top = complete ? values : values.subList(0, TOP_K);
            long listed = top.stream().mapToLong(CategoryCount::count).sum();
            return new TopK(List.copyOf(top), count - listed, complete);
        });
    }
}
