package dev.mlops.engine;

import java.nio.file.Path;
import java.util.Optional;

/**
 * An input cannot be used at all: a file is missing, unreadable, empty or malformed, or a schema or configuration
 * file is invalid. The message names the file and, where known, the row, column or field.
 */
public final class InputException extends EngineException {

    private final Path file;
    private final Long row;
    private final String column;

    public InputException(Path file, Long row, String column, String problem, Throwable cause) {
        super(describe(file, row, column, problem), cause);
        this.file = file;
        this.row = row;
        this.column = column;
    }

    public InputException(Path file, String problem) {
        this(file, null, null, problem, null);
    }

    public InputException(Path file, String problem, Throwable cause) {
        this(file, null, null, problem, cause);
    }

    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    public Optional<Long> row() {
        return Optional.ofNullable(row);
    }

    public Optional<String> column() {
        return Optional.ofNullable(column);
    }

    private static String describe(Path file, Long row, String column, String problem) {
        StringBuilder where = new StringBuilder();
        if (file != null) {
            where.append(file);
        }
        if (row != null) {
            where.append(where.isEmpty() ? "" : ", ").append("row ").append(row);
        }
        if (column != null) {
            where.append(where.isEmpty() ? "" : ", ").append("column '").append(column).append('\'');
        }
        return where.isEmpty() ? problem : where + ": " + problem;
    }
}
