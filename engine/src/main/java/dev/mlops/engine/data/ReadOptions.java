package dev.mlops.engine.data;

import java.nio.file.Path;
import java.util.List;

/**
 * How to read a data file.
 *
 * @param format     the format, or {@code null} to detect it from the file name
 * @param delimiter  CSV field delimiter, or {@code null} for ',' (tab for {@code .tsv})
 * @param quote      CSV quote character
 * @param header     whether the first CSV record names the columns; without one, columns are named column1, column2, ...
 * @param nullValues CSV field values read as null (the empty field by default)
 */
public record ReadOptions(DataFormat format, Character delimiter, char quote, boolean header, List<String> nullValues) {

    public static final ReadOptions DEFAULTS = new ReadOptions(null, null, '"', true, List.of(""));

    public ReadOptions {
        nullValues = List.copyOf(nullValues);
    }

    DataFormat formatOf(Path file) {
        return format != null ? format : DataFormat.detect(file);
    }

    char delimiterOf(Path file) {
        if (delimiter != null) {
            return delimiter;
        }
        return DataFormat.isTabSeparated(file) ? '\t' : ',';
    }

    public ReadOptions withFormat(DataFormat newFormat) {
        return new ReadOptions(newFormat, delimiter, quote, header, nullValues);
    }

    public ReadOptions withDelimiter(Character newDelimiter) {
        return new ReadOptions(format, newDelimiter, quote, header, nullValues);
    }

    public ReadOptions withQuote(char newQuote) {
        return new ReadOptions(format, delimiter, newQuote, header, nullValues);
    }

    public ReadOptions withHeader(boolean newHeader) {
        return new ReadOptions(format, delimiter, quote, newHeader, nullValues);
    }

    public ReadOptions withNullValues(List<String> newNullValues) {
        return new ReadOptions(format, delimiter, quote, header, newNullValues);
    }
}
