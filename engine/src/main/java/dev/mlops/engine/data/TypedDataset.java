package dev.mlops.engine.data;

import dev.mlops.engine.InputException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link LoadedDataset} with a logical type per column: declared ones where a schema gives them, inferred from the
 * whole column otherwise (not from a sample). It defines view {@value #VIEW} with {@code __row} (1-based data row),
 * {@code r<i>} (the value as loaded) and {@code t<i>} (the value as its type, or null where it does not parse), so
 * that every check is a predicate over the same columns.
 */
public final class TypedDataset {

    static final String VIEW = "typed";

    /** An integer is digits with an optional sign: DuckDB's own cast would round "1.5" to 2. */
    private static final String INTEGER_PATTERN = "'\\s*[+-]?[0-9]+\\s*'";

    /** A date is year-month-day alone: DuckDB's own cast would drop the time of "2024-01-01 10:00". */
    private static final String DATE_PATTERN = "'\\s*[0-9]{1,4}-[0-9]{1,2}-[0-9]{1,2}\\s*'";

    private final LoadedDataset data;
    private final Map<String, ColumnType> types;
    private final Map<String, Integer> index = new HashMap<>();

    private TypedDataset(LoadedDataset data, Map<String, ColumnType> types) {
        this.data = data;
        this.types = types;
        for (int i = 0; i < data.columns().size(); i++) {
            index.put(data.columns().get(i), i);
        }
    }

    /** Types every column (declared types win; columns not in {@code declared} are inferred) and defines the view. */
    public static TypedDataset of(LoadedDataset data, Map<String, ColumnType> declared) {
        Map<String, ColumnType> types = new LinkedHashMap<>();
        List<Integer> toInfer = new ArrayList<>();
        for (int i = 0; i < data.columns().size(); i++) {
            String column = data.columns().get(i);
            ColumnType type = declared.get(column);
            if (type == null && !isText(data.sqlTypes().get(i))) {
                type = ColumnType.ofSqlType(data.sqlTypes().get(i));
            }
            types.put(column, type);
            if (type == null) {
                toInfer.add(i);
            }
        }
        inferTextColumns(data, toInfer, types);
        TypedDataset typed = new TypedDataset(data, types);
        typed.createView();
        return typed;
    }

    public LoadedDataset data() {
        return data;
    }

    public List<String> columns() {
        return data.columns();
    }

    public long rows() {
        return data.rows();
    }

    public ColumnType type(String column) {
        return types.get(column);
    }

    public Map<String, ColumnType> types() {
        return Map.copyOf(types);
    }

    boolean has(String column) {
        return index.containsKey(column);
    }

    /** The view column holding {@code column} as loaded. */
    String raw(String column) {
        return "r" + index.get(column);
    }

    /** The view column holding {@code column} as its logical type. */
    String typed(String column) {
        return "t" + index.get(column);
    }

    /** Runs a query against the dataset's database; SQL errors are programming errors here, not input errors. */
    <T> T query(String sql, ResultSetReader<T> reader) {
        try (Statement st = data.connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return reader.read(rs);
        } catch (SQLException e) {
            throw new IllegalStateException("query failed on " + data.file() + ": " + e.getMessage() + "\n" + sql, e);
        }
    }

    /** Runs a query whose failure is caused by user-supplied configuration (a regex, a literal) named in {@code what}. */
    <T> T queryConfigured(String sql, java.nio.file.Path configFile, String what, ResultSetReader<T> reader) {
        try (Statement st = data.connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return reader.read(rs);
        } catch (SQLException e) {
            String detail = e.getMessage() == null ? "" : e.getMessage().split("\n")[0];
            throw new InputException(configFile, what + ": " + detail.replaceFirst("^[A-Za-z ]*Error: ", ""), e);
        }
    }

    @FunctionalInterface
    interface ResultSetReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private void createView() {
        StringBuilder sql = new StringBuilder("CREATE OR REPLACE VIEW " + VIEW + " AS SELECT rowid + 1 AS __row");
        for (int i = 0; i < columns().size(); i++) {
            String column = columns().get(i);
            String raw = Sql.identifier(column);
            sql.append(", ").append(raw).append(" AS r").append(i)
                    .append(", ").append(typedExpression(raw, data.sqlTypes().get(i), types.get(column)))
                    .append(" AS t").append(i);
        }
        sql.append(" FROM ").append(LoadedDataset.TABLE);
        try (Statement st = data.connection().createStatement()) {
            st.execute(sql.toString());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot define the typed view of " + data.file() + ": " + e.getMessage(), e);
        }
    }

    private static String typedExpression(String raw, String sqlType, ColumnType type) {
        if (!isText(sqlType) && ColumnType.ofSqlType(sqlType) == type) {
            return raw;
        }
        if (type == ColumnType.DATE && isText(sqlType)) {
            return "CASE WHEN regexp_full_match(" + raw + ", " + DATE_PATTERN + ") THEN TRY_CAST(" + raw
                    + " AS DATE) END";
        }
        if (type == ColumnType.INTEGER) {
            return isText(sqlType)
                    ? "CASE WHEN regexp_full_match(" + raw + ", " + INTEGER_PATTERN + ") THEN TRY_CAST(" + raw
                            + " AS BIGINT) END"
                    : "CASE WHEN TRY_CAST(" + raw + " AS DOUBLE) = trunc(TRY_CAST(" + raw + " AS DOUBLE)) THEN TRY_CAST("
                            + raw + " AS BIGINT) END";
        }
        return "TRY_CAST(" + raw + " AS " + type.sqlType() + ")";
    }

    private static boolean isText(String sqlType) {
        return sqlType.equalsIgnoreCase("VARCHAR");
    }

    /**
     * One pass over every untyped text column counting how many non-null values parse as each type; a column takes
     * the first type (integer, double, boolean, date, timestamp) that all of its values parse as, else string.
     */
    private static void inferTextColumns(LoadedDataset data, List<Integer> columns, Map<String, ColumnType> types) {
        if (columns.isEmpty()) {
            return;
        }
        List<ColumnType> candidates = List.of(ColumnType.INTEGER, ColumnType.DOUBLE, ColumnType.BOOLEAN,
                ColumnType.DATE, ColumnType.TIMESTAMP);
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int k = 0; k < columns.size(); k++) {
            String raw = Sql.identifier(data.columns().get(columns.get(k)));
            sql.append(k == 0 ? "" : ", ").append("count(").append(raw).append(")");
            for (ColumnType candidate : candidates) {
                String parses = switch (candidate) {
                    case BOOLEAN -> "lower(trim(" + raw + ")) IN ('true', 'false')";
                    default -> typedExpression(raw, "VARCHAR", candidate) + " IS NOT NULL";
                };
                sql.append(", count_if(").append(parses).append(")");
            }
        }
        sql.append(" FROM ").append(LoadedDataset.TABLE);
        try (Statement st = data.connection().createStatement(); ResultSet rs = st.executeQuery(sql.toString())) {
            rs.next();
            int col = 1;
            for (int k = 0; k < columns.size(); k++) {
                long nonNull = rs.getLong(col++);
                ColumnType chosen = ColumnType.STRING;
                for (ColumnType candidate : candidates) {
                    long parsed = rs.getLong(col++);
                    if (chosen == ColumnType.STRING && nonNull > 0 && parsed == nonNull) {
                        chosen = candidate;
                    }
                }
                types.put(data.columns().get(columns.get(k)), chosen);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("type inference failed on " + data.file() + ": " + e.getMessage(), e);
        }
    }
}
