package dev.mlops.engine.data;

import java.util.List;
import java.util.stream.Collectors;

/** SQL text helpers for the few places that must build DuckDB statements from names and values. */
final class Sql {

    private Sql() {
    }

    static String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    static String literal(String value) {
        return '\'' + value.replace("'", "''") + '\'';
    }

    static String literalList(List<String> values) {
        return values.stream().map(Sql::literal).collect(Collectors.joining(", ", "[", "]"));
    }
}
