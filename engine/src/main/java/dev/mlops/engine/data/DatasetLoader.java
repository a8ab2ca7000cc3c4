package dev.mlops.engine.data;

import dev.mlops.engine.InputException;
import dev.mlops.engine.InputFiles;
import dev.mlops.engine.LogSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.duckdb.DuckDBDriver;

/**
 * Loads a data file into a typed {@link LoadedDataset} with one read of the file in the common case.
 *
 * <p>Each column gets a candidate type: the declared one, the file's own (Parquet, JSON), or for CSV text the type
 * DuckDB's sniffer proposes from a sample. The file is then read once into typed columns, keeping the text of values
 * that do not parse. A candidate that was only a guess and met unparseable values is widened (integer to double,
 * date to timestamp, anything to string) and the file read again, so inferred types hold for every value; a declared
 * type is never widened: its unparseable values are violations. Structural problems (ragged rows, broken quoting,
 * invalid UTF-8) are {@link InputException}s naming the file and line.
 *
 * <p>Where a value cannot fail to parse (a Parquet or JSON column already of its type) no text is kept. CSV double
 * columns are first parsed by DuckDB's reader itself, which accepts exactly what {@code TRY_CAST} accepts and is
 * several times faster than reading text and casting it; only when some value does not parse is the file read as
 * text, keeping what failed. Integers and dates always go through text: the reader would round "1.5" to an integer
 * and cut a time off a date. The database is private: in memory for files up to {@link #inMemoryMaxBytes()}, else
 * a compressed file in a temporary directory.
 */
public final class DatasetLoader {

    /** DuckDB's buffer limit while loading; beyond it, DuckDB spills to the private directory. */
    static final String MEMORY_LIMIT = System.getProperty("mlops.duckdb.memoryLimit", "512MB");

    /**
     * DuckDB's buffer limit once a table on disk is loaded. The queries that follow need little (a scan, an
     * aggregate, a grouped count that can spill), while the JVM then holds columns: at 10M rows the full limit took
     * validation's peak from 740 MB after the load to 1.1 GB; with this one it stays at 760 MB, no slower. An
     * in-memory table keeps the full limit, or it would be spilled.
     */
    static final String QUERY_MEMORY_LIMIT = System.getProperty("mlops.duckdb.queryMemoryLimit", "128MB");

    /**
     * DuckDB's buffer limit, once a table on disk is loaded, while a query groups by a column's values: a hash table
     * takes buffers per thread and partition before it can spill. 10M distinct text identifiers grouped on two
     * threads within 256 MB; 4M did not within 128 MB, on one thread or two.
     */
    static final String GROUPING_MEMORY_LIMIT = System.getProperty("mlops.duckdb.groupingMemoryLimit", "256MB");

    /**
     * DuckDB's threads while a query groups by a column's values, whatever the machine: with 16 threads, 10M distinct
     * text identifiers ran out of 512 MB (4 threads out of 256 MB), where 2 threads grouped them within 256 MB.
     */
    static final int GROUPING_THREADS = 2;

    /** DuckDB's threads, when configured ({@code -Dmlops.duckdb.threads}); by default DuckDB takes every processor. */
    static Integer threads() {
        return Integer.getInteger("mlops.duckdb.threads");
    }

    /**
     * Files up to this many bytes are loaded into an in-memory database; larger ones into a compressed one on disk. In
     * memory a load is 1.5-2x faster, but a table beyond the memory limit spills uncompressed, and at 10M rows the
     * compressed table was faster to profile (measured in docs/benchmarks.md).
     */
    static long inMemoryMaxBytes() {
        return Long.getLong("mlops.duckdb.inMemoryMaxBytes", 256L << 20);
    }

    /** The 0-based row of a file read in place, in {@value LoadedDataset#TABLE}. */
    private static final String FILE_ROW = "__file_row";

    private static final Pattern CSV_ERROR_LINE = Pattern.compile("CSV Error on Line: (\\d+)");
    private static final int MAX_WIDENINGS = 3;

    private DatasetLoader() {
    }

    /** Loads {@code file} inferring every column's type. */
    public static LoadedDataset load(Path file, ReadOptions options, LogSink log) {
        return load(file, options, Map.of(), log);
    }

    /** Loads {@code file}; columns named in {@code declared} take that type, the others are inferred. */
    public static LoadedDataset load(Path file, ReadOptions options, Map<String, ColumnType> declared, LogSink log) {
        InputFiles.requireReadable(file);
        DataFormat format = options.formatOf(file);
        Path workDir = null;
        Connection connection = null;
        try {
            workDir = Files.createTempDirectory("mlops-data-");
            boolean inMemory = Files.size(file) <= inMemoryMaxBytes();
            // Results stream a chunk at a time, on this connection and its duplicates: the driver otherwise holds a
            // whole result in native memory before the first row, 80 MB for a column of ten million doubles.
            Properties streaming = new Properties();
            streaming.setProperty(DuckDBDriver.JDBC_STREAM_RESULTS, "true");
            connection = DriverManager.getConnection("jdbc:duckdb:" + (inMemory ? ""
                    : workDir.resolve("data.duckdb").toString()), streaming);
            try (Statement st = connection.createStatement()) {
                st.execute("SET memory_limit = " + Sql.literal(MEMORY_LIMIT));
                st.execute("SET temp_directory = " + Sql.literal(workDir.resolve("spill").toString()));
                st.execute("SET preserve_insertion_order = true");
                Integer threads = threads();
                if (threads != null) {
                    st.execute("SET threads = " + threads);
                }
            }
            Source source = format == DataFormat.CSV ? csvSource(file, options, declared.keySet(), connection)
                    : typedSource(file, format, options, connection);
            Map<String, ColumnType> types = new LinkedHashMap<>();
            Set<String> guessed = new HashSet<>();
            for (int i = 0; i < source.columns.size(); i++) {
                String column = source.columns.get(i);
                ColumnType type = declared.get(column);
                if (type == null) {
                    type = source.candidates.get(i);
                    guessed.add(column);
                }
                types.put(column, type);
            }
            log.info("loading " + file + " (" + format.name().toLowerCase(Locale.ROOT) + ")");
            boolean parseDoublesInReader = format == DataFormat.CSV;
            Set<String> textKept;
            for (int attempt = 0; ; attempt++) {
                Source read = parseDoublesInReader ? source.parsingInReader(types, ColumnType.DOUBLE) : source;
                try {
                    textKept = createTable(connection, read, types);
                } catch (SQLException e) {
                    if (read == source || !isConversionError(e)) {
                        throw translate(file, options, e);
                    }
                    parseDoublesInReader = false;
                    textKept = createTable(connection, source, types);
                }
                List<String> misfits = misfits(connection, source.columns, types, guessed, textKept);
                if (misfits.isEmpty() || attempt == MAX_WIDENINGS) {
                    break;
                }
                for (String column : misfits) {
                    types.put(column, widen(types.get(column)));
                }
                log.info("re-reading " + file + ": the sample suggested types that not every value has, for "
                        + misfits);
            }
            long rows;
            try (Statement st = connection.createStatement()) {
                if (!inMemory) {
                    st.execute("SET memory_limit = " + Sql.literal(QUERY_MEMORY_LIMIT));
                }
                st.execute("CREATE VIEW " + LoadedDataset.VIEW + " AS SELECT " + (source.inPlace != null ? FILE_ROW
                        + " + 1 AS __row, * EXCLUDE (" + FILE_ROW + ")" : "rowid + 1 AS __row, *") + " FROM "
                        + LoadedDataset.TABLE);
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + LoadedDataset.TABLE)) {
                    rs.next();
                    rows = rs.getLong(1);
                }
            }
            if (rows == 0) {
                throw new InputException(file, format == DataFormat.CSV && options.header()
                        ? "has a header but no data rows" : "contains no data rows");
            }
            String readKey = format + " delimiter=" + options.delimiterOf(file) + " quote=" + options.quote()
                    + " header=" + options.header() + " nulls=" + options.nullValues();
            LoadedDataset loaded = new LoadedDataset(file, format, connection, workDir, source.columns, types,
                    textKept, rows, readKey, !inMemory);
            connection = null;
            workDir = null;
            return loaded;
        } catch (IOException e) {
            throw new InputException(file, "cannot be read: " + e.getMessage(), e);
        } catch (SQLException e) {
            // The text read after a failed attempt to parse doubles in the reader can still meet a broken line.
            if (e.getMessage() != null && e.getMessage().contains("CSV Error on Line")) {
                throw translate(file, options, e);
            }
            throw new IllegalStateException("DuckDB failed on " + file + ": " + e.getMessage(), e);
        } finally {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // closing a half-built private database; the directory is deleted next
                }
            }
            LoadedDataset.deleteRecursively(workDir);
        }
    }

    /**
     * What the file offers: a relation to select from, its columns, their loaded SQL types and candidate types. A CSV
     * source also knows how to read it with other column types ({@code csvRead}, else null); a file queried in place
     * rather than copied has the relation that also gives each row's number ({@code inPlace}, else null).
     */
    private record Source(String relation, List<String> columns, List<String> sqlTypes, List<ColumnType> candidates,
                          Function<List<String>, String> csvRead, String inPlace) {

        /** This source with the columns of type {@code parsed} parsed by the CSV reader; itself when there are none. */
        Source parsingInReader(Map<String, ColumnType> types, ColumnType parsed) {
            List<String> readTypes = columns.stream()
                    .map(c -> types.get(c) == parsed ? parsed.sqlType() : "VARCHAR").toList();
            return csvRead == null || readTypes.equals(sqlTypes) ? this
                    : new Source(csvRead.apply(readTypes), columns, readTypes, candidates, csvRead, null);
        }
    }

    /**
     * A CSV file's source, its columns read as text. DuckDB's sniffer guesses the candidate types of the columns not
     * in {@code declared}; when every column is declared it is not run (it read a sample of the file: 60 ms of a
     * 1M-row validation).
     */
    private static Source csvSource(Path file, ReadOptions options, Set<String> declared, Connection connection) {
        List<String> columns = csvColumns(file, options);
        String dialect = "header = " + options.header()
                + ", delim = " + Sql.literal(String.valueOf(options.delimiterOf(file)))
                + ", quote = " + Sql.literal(String.valueOf(options.quote()))
                + ", escape = " + Sql.literal(String.valueOf(options.quote()))
                + ", nullstr = " + Sql.literalList(options.nullValues());
        String path = Sql.literal(file.toAbsolutePath().toString());
        Function<List<String>, String> csvRead = readTypes -> {
            StringBuilder spec = new StringBuilder();
            for (int i = 0; i < columns.size(); i++) {
                spec.append(i == 0 ? "" : ", ").append(Sql.literal(columns.get(i))).append(": ")
                        .append(Sql.literal(readTypes.get(i)));
            }
            return "read_csv(" + path + ", auto_detect = false, strict_mode = true, " + dialect + ", columns = {"
                    + spec + "})";
        };
        List<String> text = Collections.nCopies(columns.size(), "VARCHAR");
        List<ColumnType> candidates = declared.containsAll(columns) ? List.of()
                : sniffedTypes(path, dialect, connection);
        if (candidates.size() != columns.size()) {
            candidates = Collections.nCopies(columns.size(), ColumnType.STRING);
        }
        return new Source(csvRead.apply(text), columns, text, candidates, csvRead, null);
    }

    /** The types DuckDB's sniffer guesses from a sample, column by column; empty when it cannot read the sample. */
    private static List<ColumnType> sniffedTypes(String path, String dialect, Connection connection) {
        List<ColumnType> candidates = new ArrayList<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM read_csv(" + path + ", " + dialect + ")")) {
            while (rs.next()) {
                candidates.add(ColumnType.ofSqlType(rs.getString("column_type")));
            }
        } catch (SQLException e) {
            // The sniffer could not read the sample; the strict read that follows reports why, with the line.
            return List.of();
        }
        return candidates;
    }

    private static Source typedSource(Path file, DataFormat format, ReadOptions options, Connection connection) {
        String path = Sql.literal(file.toAbsolutePath().toString());
        String relation = format == DataFormat.PARQUET ? "read_parquet(" + path + ")"
                : "read_json(" + path + ", format = 'newline_delimited')";
        List<String> columns = new ArrayList<>();
        List<String> sqlTypes = new ArrayList<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM " + relation)) {
            while (rs.next()) {
                columns.add(rs.getString("column_name"));
                sqlTypes.add(rs.getString("column_type"));
            }
        } catch (SQLException e) {
            throw translate(file, options, e);
        }
        return new Source(relation, columns, sqlTypes, sqlTypes.stream().map(ColumnType::ofSqlType).toList(), null,
                format == DataFormat.PARQUET ? "read_parquet(" + path + ", file_row_number = true)" : null);
    }

    /**
     * Creates the table of typed columns, with the text of unparseable values beside each column whose values can
     * fail to parse; returns those columns. A column read already as its type keeps no text: storing even an
     * all-null text column doubled the load time. A Parquet file is not copied: {@value LoadedDataset#TABLE} is then
     * a view that reads the file in place, a column without the others, with the file's row number in
     * {@value #FILE_ROW}. Copying it took longer than every query that reads it (the drift monitor's two files,
     * 0.4 s each at 1M rows × 20), and validation was no slower without the copy.
     */
    private static Set<String> createTable(Connection connection, Source source, Map<String, ColumnType> types)
            throws SQLException {
        StringBuilder select = new StringBuilder();
        Set<String> textKept = new HashSet<>();
        for (int i = 0; i < source.columns.size(); i++) {
            String raw = Sql.identifier(source.columns.get(i));
            ColumnType type = types.get(source.columns.get(i));
            String typed = typedExpression(raw, source.sqlTypes.get(i), type);
            select.append(i == 0 ? "" : ", ").append(typed).append(" AS t").append(i);
            if (!typed.equals(raw)) {
                select.append(", CASE WHEN ").append(raw).append(" IS NOT NULL AND ").append(typed)
                        .append(" IS NULL THEN CAST(").append(raw).append(" AS VARCHAR) END AS x").append(i);
                textKept.add(source.columns.get(i));
            }
        }
        try (Statement st = connection.createStatement()) {
            if (source.inPlace != null) {
                st.execute("CREATE OR REPLACE VIEW " + LoadedDataset.TABLE + " AS SELECT " + select
                        + ", file_row_number AS " + FILE_ROW + " FROM " + source.inPlace);
            } else {
                st.execute("DROP TABLE IF EXISTS " + LoadedDataset.TABLE);
                st.execute("CREATE TABLE " + LoadedDataset.TABLE + " AS SELECT " + select + " FROM "
                        + source.relation);
            }
        }
        return textKept;
    }

    /** DuckDB's reader met a value it could not parse as the column type it was asked for. */
    private static boolean isConversionError(SQLException e) {
        return e.getMessage() != null && e.getMessage().startsWith("Conversion Error");
    }

    /** The guessed columns that met values their candidate type cannot hold. */
    private static List<String> misfits(Connection connection, List<String> columns, Map<String, ColumnType> types,
                                        Set<String> guessed, Set<String> textKept) throws SQLException {
        List<Integer> checked = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            if (guessed.contains(columns.get(i)) && textKept.contains(columns.get(i))) {
                checked.add(i);
            }
        }
        if (checked.isEmpty()) {
            return List.of();
        }
        String sql = checked.stream().map(i -> "count(x" + i + ")")
                .collect(Collectors.joining(", ", "SELECT ", " FROM " + LoadedDataset.TABLE));
        List<String> misfits = new ArrayList<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            for (int k = 0; k < checked.size(); k++) {
                if (rs.getLong(k + 1) > 0) {
                    misfits.add(columns.get(checked.get(k)));
                }
            }
        }
        return misfits;
    }

    static ColumnType widen(ColumnType type) {
        return switch (type) {
            case INTEGER -> ColumnType.DOUBLE;
            case DATE -> ColumnType.TIMESTAMP;
            default -> ColumnType.STRING;
        };
    }

    /**
     * The expression reading {@code raw} as {@code type}, null where it does not parse. Text is parsed strictly:
     * DuckDB's own casts would round "1.5" to the integer 2 and cut "2024-01-01 10:00" to a date.
     */
    static String typedExpression(String raw, String sqlType, ColumnType type) {
        boolean text = sqlType.equalsIgnoreCase("VARCHAR");
        if (!text && ColumnType.ofSqlType(sqlType) == type) {
            return raw;
        }
        if (text && type == ColumnType.STRING) {
            return raw;
        }
        if (type == ColumnType.INTEGER) {
            return text ? "CASE WHEN NOT contains(" + raw + ", '.') THEN TRY_CAST(" + raw + " AS BIGINT) END"
                    : "CASE WHEN TRY_CAST(" + raw + " AS DOUBLE) = trunc(TRY_CAST(" + raw + " AS DOUBLE)) THEN TRY_CAST("
                            + raw + " AS BIGINT) END";
        }
        if (type == ColumnType.DATE && text) {
            return "CASE WHEN length(trim(" + raw + ")) <= 10 THEN TRY_CAST(" + raw + " AS DATE) END";
        }
        return "TRY_CAST(" + raw + " AS " + type.sqlType() + ")";
    }

    private static List<String> csvColumns(Path file, ReadOptions options) {
        try {
            return CsvHeader.read(file, options.delimiterOf(file), options.quote(), options.header());
        } catch (IOException e) {
            throw new InputException(file, "cannot be read: " + e.getMessage(), e);
        }
    }

    /** Turns DuckDB's multi-line reader errors into one line that names the file, the line and the problem. */
    static InputException translate(Path file, ReadOptions options, SQLException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        Matcher line = CSV_ERROR_LINE.matcher(message);
        Long lineNumber = line.find() ? Long.parseLong(line.group(1)) : null;
        String problem = problemOf(message);
        if (lineNumber != null) {
            long dataRow = options.header() ? lineNumber - 1 : lineNumber;
            return new InputException(file, null, null,
                    "line " + lineNumber + " (data row " + dataRow + "): " + problem, e);
        }
        return new InputException(file, problem, e);
    }

    /**
     * DuckDB's reader errors quote the offending record (which may span lines) and end with suggestions; the problem
     * itself is the last line before the first "Possible ..." line.
     */
    private static String problemOf(String message) {
        String[] lines = message.split("\n");
        String problem = null;
        for (String raw : lines) {
            String text = raw.strip();
            if (text.startsWith("Possible")) {
                break;
            }
            if (!text.isEmpty()) {
                problem = text;
            }
        }
        if (problem == null || problem.startsWith("Original Line") || problem.startsWith("CSV Error on Line")) {
            problem = lines[0].strip();
        }
        return problem.replaceFirst("^[A-Za-z ]*Error: ", "");
    }
}
