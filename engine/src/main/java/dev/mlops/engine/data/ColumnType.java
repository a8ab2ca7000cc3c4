package dev.mlops.engine.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The logical column types of schemas and profiles, each backed by a DuckDB type. */
public enum ColumnType {
    INTEGER("BIGINT"),
    DOUBLE("DOUBLE"),
    BOOLEAN("BOOLEAN"),
    DATE("DATE"),
    TIMESTAMP("TIMESTAMP"),
    STRING("VARCHAR");

    private final String sqlType;

    ColumnType(String sqlType) {
        this.sqlType = sqlType;
    }

    public String sqlType() {
        return sqlType;
    }

    public boolean isNumeric() {
        return this == INTEGER || this == DOUBLE;
    }

    public boolean isTemporal() {
        return this == DATE || this == TIMESTAMP;
    }

    /** Whether profiles list this column's most frequent values rather than a histogram. */
    public boolean isCategorical() {
        return this == STRING || this == BOOLEAN;
    }

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ColumnType fromId(String id) {
        return parse(id).orElseThrow(() -> new IllegalArgumentException(
                "unknown column type '" + id + "'; expected one of " + names()));
    }

    public static Optional<ColumnType> parse(String id) {
        return Arrays.stream(values()).filter(t -> t.id().equals(id)).findFirst();
    }

    public static String names() {
        return Arrays.stream(values()).map(ColumnType::id).collect(Collectors.joining(", "));
    }

    /** The logical type of a column DuckDB read already typed (Parquet, JSON). */
    static ColumnType ofSqlType(String duckDbType) {
        String t = duckDbType.toUpperCase(Locale.ROOT);
        if (t.matches("(U)?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)")) {
            return INTEGER;
        }
        if (t.matches("FLOAT|DOUBLE|DECIMAL.*|REAL")) {
            return DOUBLE;
        }
        if (t.equals("BOOLEAN")) {
            return BOOLEAN;
        }
        if (t.equals("DATE")) {
            return DATE;
        }
        if (t.startsWith("TIMESTAMP")) {
            return TIMESTAMP;
        }
        return STRING;
    }
}
