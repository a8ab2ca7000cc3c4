package dev.mlops.engine.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.engine.InputException;
import dev.mlops.engine.Json;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/**
 * Accuracy of the served predictions against ground truth that arrives later: the server's request log (which
 * records each row's {@code _key}, from the {@code X-Mlops-Key} header) joined by key with a feedback file of JSON
 * lines {@code {"key": "...", "label": ...}}. Both files may still be growing while they are read; a partly written
 * last line is skipped, not an error.
 */
public final class FeedbackAccuracy {

    /** Labelled predictions and correct ones for one route. */
    public record Tally(long labelled, long correct) {
        public double accuracy() {
            return labelled == 0 ? Double.NaN : (double) correct / labelled;
        }
    }

    private FeedbackAccuracy() {
    }

    /**
     * Joins the request log lines logged at or after {@code since} with the feedback labels, per route ({@code stable},
     * {@code canary}, {@code shadow}).
     */
    public static Map<String, Tally> measure(Path requestLog, Path feedback, Instant since) throws IOException {
        Map<String, String> labels = readLabels(feedback);
        Map<String, long[]> counts = new HashMap<>();
        forEachLine(requestLog, (node, line) -> {
            String key = node.path("_key").asText(null);
            String label = key == null ? null : labels.get(key);
            if (label == null || !node.hasNonNull("_route") || !node.hasNonNull("_prediction")) {
                return;
            }
            try {
                if (Instant.parse(node.path("_time").asText()).isBefore(since)) {
                    return;
                }
            } catch (DateTimeParseException e) {
                throw new InputException(requestLog, (long) line, "_time", "not an ISO-8601 instant: "
                        + node.path("_time"), e);
            }
            long[] c = counts.computeIfAbsent(node.get("_route").asText(), r -> new long[2]);
            c[0]++;
            if (sameLabel(node.get("_prediction"), label)) {
                c[1]++;
            }
        });
        Map<String, Tally> out = new HashMap<>();
        counts.forEach((route, c) -> out.put(route, new Tally(c[0], c[1])));
        return out;
    }

    /** A label "1" matches a logged prediction 1 or "1" or 1.0: labels come from many systems. */
    private static boolean sameLabel(JsonNode prediction, String label) {
        String predicted = prediction.asText();
        if (predicted.equals(label)) {
            return true;
        }
        try {
            return Double.parseDouble(predicted) == Double.parseDouble(label);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static Map<String, String> readLabels(Path feedback) throws IOException {
        Map<String, String> labels = new HashMap<>();
        forEachLine(feedback, (node, line) -> {
            if (!node.hasNonNull("key") || !node.hasNonNull("label") || node.get("label").isContainerNode()) {
                throw new InputException(feedback, (long) line, null, "a feedback line needs \"key\" and a scalar "
                        + "\"label\", got " + node, null);
            }
            labels.put(node.get("key").asText(), node.get("label").asText());
        });
        return labels;
    }

    private interface LineHandler {
        void accept(JsonNode node, int line);
    }

    /**
     * Calls {@code handler} for each JSON line of {@code file} as it stands now. The file may be a request log that
     * the server is appending to: what is written after the first look waits for the next reading, and a last line
     * without its newline that is not JSON (the writer is mid-line) is left out. Reading only up to the size seen
     * first matters: a reader that saw half a line could otherwise find its other half as the next line.
     */
    private static void forEachLine(Path file, LineHandler handler) throws IOException {
        long size;
        boolean lastLineComplete;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            size = channel.size();
            ByteBuffer last = ByteBuffer.allocate(1);
            lastLineComplete = size == 0 || (channel.read(last, size - 1) == 1 && last.get(0) == '\n');
        } catch (NoSuchFileException e) {
            throw new InputException(file, "does not exist", e);
        }
        try (InputStream snapshot = new BufferedInputStream(Files.newInputStream(file));
             BufferedReader in = new BufferedReader(new InputStreamReader(limit(snapshot, size),
                     StandardCharsets.UTF_8))) {
            String text = in.readLine();
            int line = 0;
            while (text != null) {
                line++;
                String next = in.readLine();
                if (!text.isBlank()) {
                    JsonNode node;
                    try {
                        node = Json.mapper().readTree(text);
                    } catch (JsonProcessingException e) {
                        if (next == null && !lastLineComplete) {
                            break; // the writer is mid-line
                        }
                        throw new InputException(file, (long) line, null, "not a JSON object: "
                                + e.getOriginalMessage(), e);
                    }
                    if (!node.isObject()) {
                        throw new InputException(file, (long) line, null, "not a JSON object", null);
                    }
                    handler.accept(node, line);
                }
                text = next;
            }
        }
    }

    /** The first {@code bytes} bytes of {@code in}. */
    private static InputStream limit(InputStream in, long bytes) {
        return new java.io.FilterInputStream(in) {
            private long left = bytes;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int b = super.read();
                if (b >= 0) {
                    left--;
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = super.read(buffer, offset, (int) Math.min(length, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }
        };
    }
}
