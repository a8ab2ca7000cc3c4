package dev.mlops.engine.data;

import dev.mlops.engine.InputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleConsumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.duckdb.DuckDBConnection;

/**
 * A data file loaded once, typed, into a private DuckDB database (a Parquet file is queried in place rather than
 * copied: it is columnar already); closing it deletes the database.
 *
 * <p>View {@value #VIEW} holds {@code __row} (the 1-based data row, header excluded), {@code t<i>} (column i as its
 * logical type, null where missing or unparseable) and, for every column whose values could fail to parse,
 * {@code x<i>} (the text as read where it did not parse, else null). Rule checks and counts are queries over it,
 * written with the expressions {@link #typed}, {@link #isNull}, {@link #invalid} and {@link #display}; numeric
 * statistics come from the columns read into Java ({@link #numericValues}, {@link #readColumns}).
 */
public final class LoadedDataset implements AutoCloseable {

    static final String TABLE = "data";
    static final String VIEW = "typed";
    /** The most values of one column that fit in a Java array. */
    static final long MAX_VALUES = Integer.MAX_VALUE - 8;

    private final Path file;
    private final DataFormat format;
    private final Connection connection;
    private final Path workDir;
    private final List<String> columns;
    private final Map<String, ColumnType> types;
    private final Set<String> textKept;
    private final Map<String, Integer> index = new HashMap<>();
    private final long rows;
    private final String readKey;
    private final boolean memoryReduced;

    LoadedDataset(Path file, DataFormat format, Connection connection, Path workDir, List<String> columns,
                  Map<String, ColumnType> types, Set<String> textKept, long rows, String readKey,
                  boolean memoryReduced) {
        this.file = file;
        this.memoryReduced = memoryReduced;
        this.readKey = readKey;
        this.format = format;
        this.connection = connection;
        this.workDir = workDir;
        this.columns = List.copyOf(columns);
        this.types = Map.copyOf(types);
        this.textKept = Set.copyOf(textKept);
        this.rows = rows;
        for (int i = 0; i < columns.size(); i++) {
            index.put(columns.get(i), i);
        }
    }

    public Path file() {
        return file;
    }

    public DataFormat format() {
        return format;
    }

    /** The columns in file order. */
    public List<String> columns() {
        return columns;
    }

    public long rows() {
        return rows;
    }

    /** How the file was read (format and read options), as text: with its hash, what its values depend on. */
    String readKey() {
        return readKey;
    }

    public ColumnType type(String column) {
        return types.get(column);
    }

    public Map<String, ColumnType> types() {
        return types;
    }

    boolean has(String column) {
        return index.containsKey(column);
    }

    /** The column as its logical type. */
    String typed(String column) {
        return "t" + index.get(column);
    }

    /** True on rows where the column is missing (as opposed to present but unparseable). */
    String isNull(String column) {
        return !textKept.contains(column) ? typed(column) + " IS NULL"
                : "(" + typed(column) + " IS NULL AND x" + index.get(column) + " IS NULL)";
    }

    /** True on rows where the column holds text that does not parse as its type. */
    String invalid(String column) {
        return !textKept.contains(column) ? "false" : "x" + index.get(column) + " IS NOT NULL";
    }

    /** The value to show a person: the text as read where it did not parse, else the typed value as text. */
    String display(String column) {
        return type(column) == ColumnType.STRING ? typed(column) : !textKept.contains(column)
                ? "CAST(" + typed(column) + " AS VARCHAR)"
                : "coalesce(x" + index.get(column) + ", CAST(" + typed(column) + " AS VARCHAR))";
    }

    /** Runs a query against the dataset's database; SQL errors are programming errors here, not input errors. */
    <T> T query(String sql, ResultSetReader<T> reader) {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return reader.read(rs);
        } catch (SQLException e) {
            throw new IllegalStateException("query failed on " + file + ": " + e.getMessage() + "\n" + sql, e);
        }
    }

    /**
     * Runs queries that group by a column's values ({@code GROUP BY}, {@code DISTINCT}): a hash table takes buffers per
     * thread and partition before it can spill, so they run on at most {@link DatasetLoader#GROUPING_THREADS} of
     * DuckDB's threads, and under {@link DatasetLoader#GROUPING_MEMORY_LIMIT} where the limit was reduced after loading
     * a table on disk.
     */
    <T> T grouping(java.util.function.Supplier<T> queries) {
        try (Statement st = connection.createStatement()) {
            long threads = count("SELECT current_setting('threads')");
            st.execute("SET threads = " + Math.min(threads, DatasetLoader.GROUPING_THREADS));
            if (memoryReduced) {
                st.execute("SET memory_limit = " + Sql.literal(DatasetLoader.GROUPING_MEMORY_LIMIT));
            }
            try {
                return queries.get();
            } finally {
                st.execute("SET threads = " + threads);
                if (memoryReduced) {
                    st.execute("SET memory_limit = " + Sql.literal(DatasetLoader.QUERY_MEMORY_LIMIT));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set DuckDB's limits for " + file + ": " + e.getMessage(), e);
        }
    }

    /** Runs a query whose failure is caused by user-supplied configuration (a regex, a literal) named in {@code what}. */
    <T> T queryConfigured(String sql, Path configFile, String what, ResultSetReader<T> reader) {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return reader.read(rs);
        } catch (SQLException e) {
            String detail = e.getMessage() == null ? "" : e.getMessage().split("\n")[0];
            throw new InputException(configFile, what + ": " + detail.replaceFirst("^[A-Za-z ]*Error: ", ""), e);
        }
    }

    /**
     * The non-null values of a numeric column in file order, {@code count} of them, in {@code buffer} when it is large
     * enough, else in a new array. Safe to call from several threads at once, like {@link #readDoubles}.
     */
    double[] numericValues(String column, long count, double[] buffer) {
        if (count > MAX_VALUES) {
            throw new InputException(file, column + " has " + count + " values, more than fit in one array");
        }
        double[] values = buffer != null && buffer.length >= count ? buffer : new double[(int) count];
        readDoubles(column, presentOnly(column), values, (int) count);
        return values;
    }

    /**
     * Reads a numeric column's values where {@code where} holds (nulls as NaN), in file order, into {@code into},
     * expecting {@code expected} of them. Safe to call from several threads at once, like {@link #forEachNumber}.
     */
    private void readDoubles(String column, String where, double[] into, int expected) {
        int[] read = {0};
        forEachNumber(column, where, v -> into[read[0]++] = v);
        if (read[0] != expected) {
            throw new IllegalStateException("read " + read[0] + " values of " + column + " in " + file + ", expected "
                    + expected);
        }
    }

    /**
     * Gives {@code consumer} each non-null value of a numeric column, in file order, without holding the column: the
     * driver streams the result a chunk at a time (the loader's connection asks it to). Safe to call from several
     * threads at once, like {@link #forEachNumber}.
     */
    void forEachValue(String column, DoubleConsumer consumer) {
        forEachNumber(column, presentOnly(column), consumer);
    }

    private String presentOnly(String column) {
        return " WHERE " + typed(column) + " IS NOT NULL";
    }

    /**
     * Gives {@code consumer} each value of a numeric column where {@code where} holds (nulls as NaN), in file order.
     * Each call reads on a connection of its own to the same database, so columns can be read by several threads at
     * once.
     */
    private void forEachNumber(String column, String where, DoubleConsumer consumer) {
        try (Connection own = connection.unwrap(DuckDBConnection.class).duplicate();
             Statement st = own.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + typed(column) + " FROM " + TABLE + where)) {
            // The driver boxes every value of an integer column that getDouble reads; getLong reads it in place, and
            // a long's conversion to double is the one the box would make.
            int sqlType = rs.getMetaData().getColumnType(1);
            if (sqlType == Types.BIGINT || sqlType == Types.INTEGER || sqlType == Types.SMALLINT
                    || sqlType == Types.TINYINT) {
                while (rs.next()) {
                    long v = rs.getLong(1);
                    consumer.accept(rs.wasNull() ? Double.NaN : (double) v);
                }
            } else {
                while (rs.next()) {
                    double v = rs.getDouble(1);
                    consumer.accept(rs.wasNull() ? Double.NaN : v);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + column + " of " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Applies {@code task} to every column, several columns at once (a parallel stream, as the drift detector compares
     * columns); the results in the columns' order. Each column's work runs on one thread, so results never depend on
     * the thread count.
     */
    static <T> Map<String, T> perColumn(List<String> columns, Function<String, T> task) {
        List<T> results = columns.parallelStream().map(task).toList();
        Map<String, T> byColumn = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            byColumn.put(columns.get(i), results.get(i));
        }
        return byColumn;
    }

    /** A single-row query's only value as a long. */
    long count(String sql) {
        return query(sql, rs -> {
            rs.next();
            return rs.getLong(1);
        });
    }

    /**
     * Reads every column into memory in file order. Values that did not parse as their column's type are read as
     * missing; callers that care check for them first (the validator reports them).
     */
    public Columns readColumns() {
        if (rows > Integer.MAX_VALUE) {
            throw new InputException(file, rows + " rows do not fit in memory for training");
        }
        int n = (int) rows;
        List<String> numeric = columns.stream().filter(c -> type(c).isNumeric()).toList();
        // A column at a time on each processor: one query for all of them ran on one thread in the JDBC driver.
        Map<String, double[]> numbers = perColumn(numeric, column -> {
            double[] values = new double[n];
            readDoubles(column, "", values, n);
            return values;
        });
        Map<String, String[]> texts = new LinkedHashMap<>();
        for (String c : columns) {
            if (!type(c).isNumeric()) {
                texts.put(c, readText(c, n));
            }
        }
        return new Columns(rows, types, numbers, texts);
    }

    /**
     * One text column in file order. Read through its dictionary (distinct values, then an integer code per row):
     * the JDBC driver makes a new String per value it returns, which costs several times a number, and the values of
     * a category repeat. Columns with mostly distinct values (identifiers) are read directly.
     */
    private String[] readText(String column, int n) {
        return grouping(() -> readTextByDictionary(column, n));
    }

    private String[] readTextByDictionary(String column, int n) {
        String value = "CAST(" + typed(column) + " AS VARCHAR)";
        String dictionary = "mlops_dictionary";
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE OR REPLACE TEMP TABLE " + dictionary + " AS SELECT v, (row_number() OVER (ORDER BY v)"
                    + " - 1)::INTEGER AS code FROM (SELECT DISTINCT " + value + " AS v FROM " + VIEW + " WHERE "
                    + typed(column) + " IS NOT NULL)");
        } catch (SQLException e) {
            throw new IllegalStateException("query failed on " + file + ": " + e.getMessage(), e);
        }
        String[] out = new String[n];
        List<String> values = query("SELECT v FROM " + dictionary + " ORDER BY code", rs -> {
            List<String> all = new ArrayList<>();
            while (rs.next()) {
                all.add(rs.getString(1));
            }
            return all;
        });
        if (values.size() > n / 2) {
            return query("SELECT " + value + " FROM " + VIEW + " ORDER BY __row", rs -> {
                for (int row = 0; rs.next(); row++) {
                    out[row] = rs.getString(1);
                }
                return out;
            });
        }
        return query("SELECT d.code FROM " + VIEW + " LEFT JOIN " + dictionary + " d ON " + value + " = d.v ORDER BY "
                + VIEW + ".__row", rs -> {
            for (int row = 0; rs.next(); row++) {
                int code = rs.getInt(1);
                out[row] = rs.wasNull() ? null : values.get(code);
            }
            return out;
        });
    }

    @FunctionalInterface
    interface ResultSetReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // The database is private and about to be deleted: nothing the caller could do.
        } finally {
            deleteRecursively(workDir);
        }
    }

    static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete temporary directory " + dir, e);
        }
    }
}
