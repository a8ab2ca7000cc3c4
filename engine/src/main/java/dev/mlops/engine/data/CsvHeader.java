package dev.mlops.engine.data;

import dev.mlops.engine.InputException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reads a CSV file's first record ourselves rather than trusting DuckDB's sniffer: the sniffer renames duplicate
 * names silently ({@code a}, {@code a_1}) and can mistake a ragged file's dialect, while with the column list known
 * DuckDB reads strictly and reports the offending line.
 */
final class CsvHeader {

    private static final int MAX_HEADER_BYTES = 1 << 20;

    private CsvHeader() {
    }

    /** The column names of the file's first record, or column1..columnN when the file has no header row. */
    static List<String> read(Path file, char delimiter, char quote, boolean header) throws IOException {
        List<String> first = firstRecord(file, delimiter, quote);
        if (!header) {
            List<String> generated = new ArrayList<>();
            for (int i = 1; i <= first.size(); i++) {
                generated.add("column" + i);
            }
            return generated;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < first.size(); i++) {
            String name = first.get(i).strip();
            if (name.isEmpty()) {
                throw new InputException(file, 1L, null,
                        "header field " + (i + 1) + " is empty; every column needs a name", null);
            }
            if (!seen.add(name)) {
                throw new InputException(file, 1L, name, "duplicate column name in the header", null);
            }
            first.set(i, name);
        }
        return first;
    }

    private static List<String> firstRecord(Path file, char delimiter, char quote) throws IOException {
        byte[] record;
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = new BufferedInputStream(DataFormat.isGzip(file) ? new GZIPInputStream(raw) : raw)) {
            record = firstRecordBytes(in, (byte) quote);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(record))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InputException(file, 1L, null, "the header is not valid UTF-8", e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        return split(text, delimiter, quote);
    }

    /**
     * The bytes of the first record: up to the first line break outside quotes. Delimiter, quote and line breaks are
     * ASCII, and in UTF-8 no byte of a multi-byte character is ASCII, so scanning bytes is safe.
     */
    private static byte[] firstRecordBytes(InputStream in, byte quote) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean quoted = false;
        for (int b = in.read(); b >= 0 && out.size() < MAX_HEADER_BYTES; b = in.read()) {
            if (b == quote) {
                quoted = !quoted;
            } else if (!quoted && (b == '\n' || b == '\r')) {
                break;
            }
            out.write(b);
        }
        return out.toByteArray();
    }

    private static List<String> split(String record, char delimiter, char quote) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < record.length(); i++) {
            char ch = record.charAt(i);
            if (quoted) {
                if (ch != quote) {
                    field.append(ch);
                } else if (i + 1 < record.length() && record.charAt(i + 1) == quote) {
                    field.append(quote);
                    i++;
                } else {
                    quoted = false;
                }
            } else if (ch == quote) {
                quoted = true;
            } else if (ch == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(ch);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
