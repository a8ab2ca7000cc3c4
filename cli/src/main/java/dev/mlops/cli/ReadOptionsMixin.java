package dev.mlops.cli;

import dev.mlops.engine.data.DataFormat;
import dev.mlops.engine.data.ReadOptions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** How to read data files: shared by every command that reads data. */
public final class ReadOptionsMixin {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--format", paramLabel = "csv|parquet|jsonl",
            description = "Data format (default: from the file name; .gz is read compressed).")
    String format;

    @Option(names = "--delimiter", paramLabel = "CHAR", description = "CSV delimiter (default: ',', tab for .tsv).")
    String delimiter;

    @Option(names = "--quote", paramLabel = "CHAR", defaultValue = "\"", description = "CSV quote character "
            + "(default: ${DEFAULT-VALUE}).")
    String quote;

    @Option(names = "--no-header", description = "The CSV has no header row; columns are named column1, column2, ...")
    boolean noHeader;

    @Option(names = "--null-value", paramLabel = "TEXT",
            description = "A CSV value read as null; repeatable (default: the empty field).")
    List<String> nullValues = new ArrayList<>();

    ReadOptions toReadOptions() {
        ReadOptions read = ReadOptions.DEFAULTS.withHeader(!noHeader).withQuote(singleChar("--quote", quote));
        if (format != null) {
            read = read.withFormat(switch (format.toLowerCase(java.util.Locale.ROOT)) {
                case "csv" -> DataFormat.CSV;
                case "parquet" -> DataFormat.PARQUET;
                case "jsonl", "ndjson", "json" -> DataFormat.JSONL;
                default -> throw new ParameterException(spec.commandLine(),
                        "--format: expected csv, parquet or jsonl, got '" + format + "'");
            });
        }
        if (delimiter != null) {
            read = read.withDelimiter("\\t".equals(delimiter) ? '\t' : singleChar("--delimiter", delimiter));
        }
        if (!nullValues.isEmpty()) {
            read = read.withNullValues(nullValues);
        }
        return read;
    }

    private char singleChar(String option, String value) {
        if (value.length() != 1) {
            throw new ParameterException(spec.commandLine(), option + ": expected one character, got '" + value + "'");
        }
        return value.charAt(0);
    }
}
