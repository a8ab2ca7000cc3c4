package dev.mlops.engine.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A dataset schema (see docs/schema.md): the columns with their rules, dataset-level bounds, and the tolerances of
 * distribution checks.
 *
 * @param source     the file it was read from, for error messages (null for an inferred schema)
 * @param severities severity of the dataset-level rules ({@code minRows}, {@code maxRows}, {@code unknownColumns})
 */
public record Schema(
        int version,
        Path source,
        Long minRows,
        Long maxRows,
        boolean allowUnknownColumns,
        Map<String, Severity> severities,
        List<ColumnSchema> columns,
        DistributionOptions distribution) {

    public static final int VERSION = 1;

    public Schema {
        severities = Map.copyOf(severities);
        columns = List.copyOf(columns);
    }

    public Optional<ColumnSchema> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public Severity severityOf(String datasetRule) {
        return severities.getOrDefault(datasetRule, Severity.ERROR);
    }
}
