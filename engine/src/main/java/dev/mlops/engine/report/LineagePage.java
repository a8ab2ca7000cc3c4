package dev.mlops.engine.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTML page of a lineage record: a graph from inputs through each step to what it produced (bundle, registry
 * version, deployment), then a table of every field.
 */
public final class LineagePage {

    private LineagePage() {
    }

    public static String render(JsonNode record) {
        StringBuilder b = new StringBuilder("<h1>Lineage</h1>\n<p class=\"meta\">run ")
                .append(Html.escape(record.path("runId").asText("(local)"))).append(" &middot; ")
                .append(Html.escape(record.path("context").path("system").asText())).append(" &middot; git ")
                .append(Html.escape(record.path("git").path("commit").asText("(none)")))
                .append(record.path("git").path("dirty").asBoolean() ? " (dirty)" : "").append("</p>\n");
        b.append("<h2>Graph</h2>\n").append(graph(record));
        b.append("<h2>Every field</h2>\n<table><tr><th>Field</th><th>Value</th></tr>\n");
        Map<String, String> flat = new LinkedHashMap<>();
        flatten("", record, flat);
        flat.forEach((k, v) -> b.append("<tr><td><code>").append(Html.escape(k)).append("</code></td><td>")
                .append(Html.escape(v)).append("</td></tr>\n"));
        b.append("</table>\n");
        return Html.page("Lineage " + record.path("runId").asText(""), b.toString());
    }

    /** One column of nodes per stage: each step's inputs, the step, and what it produced, linked left to right. */
    private static String graph(JsonNode record) {
        List<String> lines = new ArrayList<>();
        List<String> boxes = new ArrayList<>();
        int x = 10;
        int width = 210;
        int height = 46;
        Map<String, int[]> placed = new LinkedHashMap<>();
        for (JsonNode step : record.path("steps")) {
            int y = 10;
            int[] stepAt = {x + width + 40, 10 + Math.max(0, step.path("inputs").size() - 1) * (height + 14) / 2};
            for (JsonNode input : step.path("inputs")) {
                String key = input.path("sha256").asText(input.path("path").asText());
                int[] at = placed.computeIfAbsent(key, k -> new int[] {-1, -1});
                if (at[0] < 0) {
                    at[0] = x;
                    at[1] = y;
                    boxes.add(box(at[0], at[1], width, height, input.path("role").asText(),
                            shortPath(input.path("path").asText()) + " " + input.path("sha256").asText().substring(0,
                                    Math.min(12, input.path("sha256").asText().length())), "#ddf4ff"));
                    y += height + 14;
                }
                lines.add(line(at[0] + width, at[1] + height / 2, stepAt[0], stepAt[1] + height / 2));
            }
            String status = step.path("status").asText();
            boxes.add(box(stepAt[0], stepAt[1], width, height, step.path("command").asText(), status,
                    "failed".equals(status) ? "#ffebe9" : "#dafbe1"));
            String produced = produced(step);
            int next = stepAt[0] + width + 40;
            if (produced != null) {
                int px = stepAt[0] + width + 40;
                boxes.add(box(px, stepAt[1], width, height, "output", produced, "#fff8c5"));
                lines.add(line(stepAt[0] + width, stepAt[1] + height / 2, px, stepAt[1] + height / 2));
                String sha = step.path("outputs").path("bundle").path("sha256").asText(null);
                if (sha != null) {
                    placed.put(sha, new int[] {px, stepAt[1]});
                }
                next = px + width + 40;
            }
            x = next;
        }
        int totalWidth = x + width + 20;
        return "<div class=\"wide\"><svg width=\"" + totalWidth + "\" height=\"" + 260 + "\">"
                + String.join("", lines) + String.join("", boxes) + "</svg></div>\n";
    }

    private static String produced(JsonNode step) {
        JsonNode o = step.path("outputs");
        if (o.has("bundle")) {
            return "bundle " + o.path("bundle").path("sha256").asText().substring(0, 12)
                    + (o.has("features") ? ", " + o.path("features").size() + " features" : "");
        }
        if (o.has("version")) {
            return o.path("name").asText() + "/" + o.path("version").asText()
                    + (o.hasNonNull("alias") ? " @" + o.path("alias").asText() : "");
        }
        if (o.has("passed")) {
            return o.path("passed").asBoolean() ? "gate passed" : "gate failed";
        }
        if (o.has("errors")) {
            return o.path("errors").asLong() + " errors, " + o.path("warnings").asLong() + " warnings";
        }
        return null;
    }

    private static String shortPath(String path) {
        int slash = path.lastIndexOf('/');
        return slash >= 0 ? path.substring(slash + 1) : path;
    }

    private static String box(int x, int y, int w, int h, String title, String detail, String fill) {
        return String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"6\" fill=\"%s\" "
                + "stroke=\"#8c959f\"/><text x=\"%d\" y=\"%d\" font-size=\"12\" font-weight=\"600\">%s</text>"
                + "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>", x, y, w, h, fill, x + 8, y + 18,
                Html.escape(title), x + 8, y + 36, Html.escape(detail.length() > 34 ? detail.substring(0, 34) + "…"
                        : detail));
    }

    private static String line(int x1, int y1, int x2, int y2) {
        return String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#8c959f\" "
                + "stroke-width=\"1.5\"/>", x1, y1, x2, y2);
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + "[" + i + "]", node.get(i), out);
            }
        } else {
            out.put(prefix, node.isNull() ? "null" : node.asText());
        }
    }
}
