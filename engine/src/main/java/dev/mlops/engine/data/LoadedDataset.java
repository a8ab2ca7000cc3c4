package dev.mlops.engine.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A data file loaded once into table {@value #TABLE} of a private, disk-backed DuckDB database. Columns keep their
 * file names and order; {@code rowid + 1} is the 1-based data row (header excluded). Closing it deletes the database.
 */
public final class LoadedDataset implements AutoCloseable {

    static final String TABLE = "raw";

    private final Path file;
    private final DataFormat format;
    private final Connection connection;
    private final Path workDir;
    private final List<String> columns;
    private final List<String> sqlTypes;
    private final long rows;

    LoadedDataset(Path file, DataFormat format, Connection connection, Path workDir, List<String> columns,
                  List<String> sqlTypes, long rows) {
        this.file = file;
        this.format = format;
        this.connection = connection;
        this.workDir = workDir;
        this.columns = List.copyOf(columns);
        this.sqlTypes = List.copyOf(sqlTypes);
        this.rows = rows;
    }

    public Path file() {
        return file;
    }

    public DataFormat format() {
        return format;
    }

    public List<String> columns() {
        return columns;
    }

    /** The DuckDB type each column was loaded as: VARCHAR for every CSV column, the file's own types otherwise. */
    public List<String> sqlTypes() {
        return sqlTypes;
    }

    public long rows() {
        return rows;
    }

    Connection connection() {
        return connection;
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
