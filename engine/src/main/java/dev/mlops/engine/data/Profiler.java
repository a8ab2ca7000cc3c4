package dev.mlops.engine.data;

import dev.mlops.engine.InputFiles;
import dev.mlops.engine.LogSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.BiFunction;

/**
 * Computes a {@link DatasetProfile}. One aggregate query counts every column's nulls and values and estimates the
 * distinct values of the columns other than doubles (and a temporal column's range); each numeric column is then read
 * into a primitive array and summarised there ({@link NumericSummary}: moments, exact quantiles, histogram, and a
 * double column's distinct values), several columns at once but each by one thread in file order; a grouped count
 * gives each categorical column's top values. The same file always gives the same profile, byte for byte, whatever
 * the thread count.
 */
public final class Profiler {

    /**
     * The version of how profiles are computed, part of the cache key: bump it when the same data would get different
     * numbers, so that a cache filled by an older engine is not reused (2: columnar summaries; 3: quantiles from
     * sorted buckets, where a zero at a rank can take the other sign; 4: doubles' distinct values estimated in Java).
     */
    static final int COMPUTATION_VERSION = 4;

    public static final int HISTOGRAM_BINS = 20;
    public static final int TOP_K = 20;

    /**
     * The most values of a numeric column the profile holds while summarising it (8 bytes each; one column per
     * processor at a time); longer columns are read again instead, so that memory stays flat as files grow
     * ({@code -Dmlops.profile.heldValues}, default two million: 16 MB a column).
     */
    static final long HELD_VALUES = Long.getLong("mlops.profile.heldValues", 2_000_000);

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
        DatasetProfile profile = compute(data, fingerprint, log, HELD_VALUES);
        ProfileCache.write(key, profile, log);
        return profile;
    }

    /** The profile of {@code data}; numeric columns of up to {@code heldValues} values are held (see HELD_VALUES). */
    static DatasetProfile compute(LoadedDataset data, Fingerprint fingerprint, LogSink log, long heldValues) {
        log.info("profiling " + data.columns().size() + " columns over " + data.rows() + " rows");
        Map<String, Counts> counts = counts(data);
        Map<String, NumericSummary> numeric = summarise(data, counts, heldValues);
        List<ColumnProfile> columns = new ArrayList<>();
        for (String column : data.columns()) {
            Counts c = counts.get(column);
            NumericSummary n = numeric.get(column);
            ColumnType type = data.type(column);
            long distinct = type == ColumnType.DOUBLE ? n.distinct() : c.distinct;
            boolean countCategories = distinct <= MAX_CATEGORICAL_DISTINCT
                    && (type.isCategorical() || (type == ColumnType.INTEGER && distinct <= TOP_K));
            TopK top = countCategories ? topK(data, column, c.count) : null;
            long nulls = data.rows() - c.nonNullRaw;
            columns.add(new ColumnProfile(column, type, c.count, nulls, (double) nulls / data.rows(),
                    c.nonNullRaw - c.count, n == null || type != ColumnType.DOUBLE ? null : n.nonFinite(),
                    top != null && top.complete ? top.values.size() : distinct,
                    n == null ? null : n.min(), n == null ? null : n.max(), n == null ? null : n.mean(),
                    n == null ? null : n.std(), n == null ? null : n.quantiles(), c.earliest, c.latest,
                    top == null ? null : top.values, top == null ? null : top.other,
                    top == null ? null : top.complete, n == null ? null : n.histogram()));
        }
        return new DatasetProfile(DatasetProfile.SCHEMA_VERSION, fingerprint, columns);
    }

    /** What one aggregate query tells about a column; {@code distinct} is an estimate, 0 for double columns. */
    private record Counts(long nonNullRaw, long count, long distinct, String earliest, String latest) {
    }

    private record TopK(List<CategoryCount> values, long other, boolean complete) {
    }

    /** Counts in one query, on every thread DuckDB has: counts and estimates do not depend on summation order. */
    private static Map<String, Counts> counts(LoadedDataset data) {
        List<String> select = new ArrayList<>();
        for (String column : data.columns()) {
            String t = data.typed(column);
            ColumnType type = data.type(column);
            select.add("count_if(NOT " + data.isNull(column) + ")");
            select.add("count(" + t + ")");
            // Doubles are estimated in Java beside their summary: DuckDB's estimate was most of this query's time.
            select.add(type == ColumnType.DOUBLE ? "0" : "approx_count_distinct(" + t + ")");
            if (type.isTemporal()) {
                select.add("CAST(min(" + t + ") AS VARCHAR)");
                select.add("CAST(max(" + t + ") AS VARCHAR)");
            }
        }
        String sql = "SELECT " + String.join(", ", select) + " FROM " + LoadedDataset.VIEW;
        return data.query(sql, rs -> {
            rs.next();
            Map<String, Counts> result = new LinkedHashMap<>();
            int i = 1;
            for (String column : data.columns()) {
                ColumnType type = data.type(column);
                long nonNullRaw = rs.getLong(i++);
                long count = rs.getLong(i++);
                // HyperLogLog can overshoot; there are never more distinct values than values.
                long distinct = Math.min(rs.getLong(i++), count);
                String earliest = type.isTemporal() ? rs.getString(i++) : null;
                String latest = type.isTemporal() ? rs.getString(i++) : null;
                result.put(column, new Counts(nonNullRaw, count, distinct, earliest, latest));
            }
            return result;
        });
    }

    /**
     * Summarises the numeric columns, as many at once as there are processors. A column of up to
     * {@code heldValues} values is held (8 bytes a value) while it is summarised, so the peak is that many columns;
     * a longer one is read three times instead of held ({@link NumericSummary#streamed}), unless its quantiles need
     * most of it. Either way gives the same bytes.
     */
    private static Map<String, NumericSummary> summarise(LoadedDataset data, Map<String, Counts> counts,
                                                         long heldValues) {
        List<String> numeric = data.columns().stream().filter(c -> data.type(c).isNumeric()).toList();
        // Buffers reused column after column, one per column in progress: a new array per column made the heap grow
        // by a column at a time until the collector caught up.
        Deque<double[]> buffers = new ConcurrentLinkedDeque<>();
        return LoadedDataset.perColumn(numeric, column -> {
            long count = counts.get(column).count;
            boolean estimateDistinct = data.type(column) == ColumnType.DOUBLE;
            if (count > heldValues && count <= LoadedDataset.MAX_VALUES) {
                Optional<NumericSummary> streamed = NumericSummary.streamed(
                        consumer -> data.forEachValue(column, consumer), (int) count, HISTOGRAM_BINS,
                        estimateDistinct);
                if (streamed.isPresent()) {
                    return streamed.get();
                }
            }
            double[] values = data.numericValues(column, count, buffers.poll());
            try {
                return NumericSummary.of(values, (int) count, HISTOGRAM_BINS, estimateDistinct);
            } finally {
                buffers.push(values);
            }
        });
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
