package dev.mlops.engine.data;

import dev.mlops.engine.InputException;
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
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Loads a data file into a {@link LoadedDataset}. CSV columns are loaded as text so that a value of the wrong type
 * is a reportable violation at its row, not a load failure; structural problems (ragged rows, broken quoting,
 * invalid UTF-8) are {@link InputException}s naming the file and line.
 */
public final class DatasetLoader {

    /** DuckDB's buffer limit; the loaded table spills to the private database file beyond it. */
    static final String MEMORY_LIMIT = System.getProperty("mlops.duckdb.memoryLimit", "1GB");

    private static final Pattern CSV_ERROR_LINE = Pattern.compile("CSV Error on Line: (\\d+)");

    private DatasetLoader() {
    }

    public static LoadedDataset load(Path file, ReadOptions options, LogSink log) {
        checkReadable(file);
        DataFormat format = options.formatOf(file);
        List<String> headerColumns = format == DataFormat.CSV ? csvColumns(file, options) : List.of();
        Path workDir = null;
        Connection connection = null;
        try {
            workDir = Files.createTempDirectory("mlops-data-");
            connection = DriverManager.getConnection("jdbc:duckdb:" + workDir.resolve("data.duckdb"));
            try (Statement st = connection.createStatement()) {
                st.execute("SET memory_limit = " + Sql.literal(MEMORY_LIMIT));
                st.execute("SET temp_directory = " + Sql.literal(workDir.resolve("spill").toString()));
                st.execute("SET preserve_insertion_order = true");
                log.info("loading " + file + " (" + format.name().toLowerCase(java.util.Locale.ROOT) + ")");
                st.execute("CREATE TABLE " + LoadedDataset.TABLE + " AS SELECT * FROM "
                        + source(file, format, options, headerColumns));
            } catch (SQLException e) {
                throw translate(file, options, e);
            }
            List<String> columns = new ArrayList<>();
            List<String> types = new ArrayList<>();
            try (Statement st = connection.createStatement();
                 ResultSet rs = st.executeQuery("DESCRIBE " + LoadedDataset.TABLE)) {
                while (rs.next()) {
                    columns.add(rs.getString("column_name"));
                    types.add(rs.getString("column_type"));
                }
            }
            long rows;
            try (Statement st = connection.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM " + LoadedDataset.TABLE)) {
                rs.next();
                rows = rs.getLong(1);
            }
            if (rows == 0) {
                throw new InputException(file, format == DataFormat.CSV && options.header()
                        ? "has a header but no data rows" : "contains no data rows");
            }
            LoadedDataset loaded = new LoadedDataset(file, format, connection, workDir, columns, types, rows);
            connection = null;
            workDir = null;
            return loaded;
        } catch (IOException e) {
            throw new InputException(file, "cannot be read: " + e.getMessage(), e);
        } catch (SQLException e) {
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

    static void checkReadable(Path file) {
        if (!Files.exists(file)) {
            throw new InputException(file, "file not found");
        }
        if (!Files.isRegularFile(file)) {
            throw new InputException(file, "is not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw new InputException(file, "is not readable (permission denied)");
        }
        try {
            if (Files.size(file) == 0) {
                throw new InputException(file, "file is empty");
            }
        } catch (IOException e) {
            throw new InputException(file, "cannot be read: " + e.getMessage(), e);
        }
    }

    private static List<String> csvColumns(Path file, ReadOptions options) {
        try {
            return CsvHeader.read(file, options.delimiterOf(file), options.quote(), options.header());
        } catch (IOException e) {
            throw new InputException(file, "cannot be read: " + e.getMessage(), e);
        }
    }

    private static String source(Path file, DataFormat format, ReadOptions options, List<String> csvColumns) {
        String path = Sql.literal(file.toAbsolutePath().toString());
        return switch (format) {
            case PARQUET -> "read_parquet(" + path + ")";
            case JSONL -> "read_json(" + path + ", format = 'newline_delimited')";
            case CSV -> "read_csv(" + path
                    + ", auto_detect = false, strict_mode = true, header = " + options.header()
                    + ", delim = " + Sql.literal(String.valueOf(options.delimiterOf(file)))
                    + ", quote = " + Sql.literal(String.valueOf(options.quote()))
                    + ", escape = " + Sql.literal(String.valueOf(options.quote()))
                    + ", nullstr = " + Sql.literalList(options.nullValues())
                    + ", columns = " + csvColumns.stream()
                            .map(c -> Sql.literal(c) + ": 'VARCHAR'")
                            .collect(Collectors.joining(", ", "{", "}"))
                    + ")";
        };
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
