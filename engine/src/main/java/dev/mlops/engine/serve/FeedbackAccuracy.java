package dev.mlops.engine.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.engine.InputException;
import dev.mlops.engine.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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

    private static void forEachLine(Path file, LineHandler handler) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
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
                        if (next == null) {
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
        } catch (NoSuchFileException e) {
            throw new InputException(file, "does not exist", e);
        }
    }
}
