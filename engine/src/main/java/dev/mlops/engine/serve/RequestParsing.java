package dev.mlops.engine.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Turns request bodies into rows (column to value), refusing what does not fit with a message naming the field. */
final class RequestParsing {

    /** Rows per request, so that one request cannot hold a worker for long. */
    static final int MAX_ROWS = 10_000;

    private RequestParsing() {
    }

    private static ModelServer.ClientError bad(String message) {
        return new ModelServer.ClientError(400, "bad_request", message);
    }

    /** Open Inference Protocol v2: one input tensor per column, shape [n] or [n, 1], data flat or nested. */
    static List<Map<String, Object>> v2Rows(JsonNode body) {
        JsonNode inputs = body.get("inputs");
        if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
            throw bad("expected 'inputs': a non-empty array of tensors");
        }
        int n = -1;
        List<Map<String, Object>> rows = null;
        for (JsonNode input : inputs) {
            String name = input.path("name").asText(null);
            if (name == null) {
                throw bad("every input needs a 'name'");
            }
            JsonNode shape = input.get("shape");
            if (shape == null || !shape.isArray() || shape.isEmpty() || shape.size() > 2 || !shape.get(0).canConvertToInt()
                    || (shape.size() == 2 && shape.get(1).asInt() != 1)) {
                throw bad("input '" + name + "': shape must be [n] or [n, 1]");
            }
            int rowsHere = shape.get(0).asInt();
            if (n >= 0 && rowsHere != n) {
                throw bad("input '" + name + "': shape [" + rowsHere + "] differs from the other inputs' [" + n + "]");
            }
            if (rowsHere < 1 || rowsHere > MAX_ROWS) {
                throw bad("input '" + name + "': between 1 and " + MAX_ROWS + " rows per request, got " + rowsHere);
            }
            n = rowsHere;
            if (rows == null) {
                rows = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    rows.add(new HashMap<>());
                }
            }
            String datatype = input.path("datatype").asText("");
            List<JsonNode> data = new ArrayList<>(n);
            flatten(input.get("data"), data);
            if (data.size() != n) {
                throw bad("input '" + name + "': shape says " + n + " values, data has " + data.size());
            }
            for (int i = 0; i < n; i++) {
                rows.get(i).put(name, value(name, datatype, data.get(i)));
            }
        }
        return rows;
    }

    private static void flatten(JsonNode data, List<JsonNode> out) {
        if (data == null) {
            return;
        }
        if (data.isArray()) {
            for (JsonNode d : data) {
                flatten(d, out);
            }
        } else {
            out.add(data);
        }
    }

    private static Object value(String name, String datatype, JsonNode v) {
        if (v.isNull()) {
            return null;
        }
        switch (datatype) {
            case "BOOL" -> {
                if (!v.isBoolean()) {
                    throw bad("input '" + name + "': BOOL data must be true or false, got " + v);
                }
                return Boolean.toString(v.asBoolean());
            }
            case "BYTES" -> {
                if (!v.isTextual()) {
                    throw bad("input '" + name + "': BYTES data must be strings, got " + v);
                }
                return v.asText();
            }
            case "FP16", "FP32", "FP64", "INT8", "INT16", "INT32", "INT64", "UINT8", "UINT16", "UINT32", "UINT64" -> {
                if (!v.isNumber()) {
                    throw bad("input '" + name + "': " + datatype + " data must be numbers, got " + v);
                }
                return v.asDouble();
            }
            default -> throw bad("input '" + name + "': unknown datatype '" + datatype + "'");
        }
    }

    /** The rows endpoint: one object, an array of objects, or {"rows": [...]}. */
    static List<Map<String, Object>> plainRows(JsonNode body) {
        JsonNode rowsNode = body.isArray() ? body : body.has("rows") ? body.get("rows") : null;
        List<Map<String, Object>> rows = new ArrayList<>();
        if (rowsNode == null) {
            rows.add(row(body, 0));
            return rows;
        }
        if (!rowsNode.isArray() || rowsNode.isEmpty() || rowsNode.size() > MAX_ROWS) {
            throw bad("'rows' must be an array of 1 to " + MAX_ROWS + " objects");
        }
        for (int i = 0; i < rowsNode.size(); i++) {
            rows.add(row(rowsNode.get(i), i));
        }
        return rows;
    }

    private static Map<String, Object> row(JsonNode node, int index) {
        if (!node.isObject()) {
            throw bad("row " + index + ": expected an object of column: value");
        }
        Map<String, Object> row = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode v = f.getValue();
            if (v.isContainerNode()) {
                throw bad("row " + index + ", column '" + f.getKey() + "': expected a number, text, boolean or null");
            }
            row.put(f.getKey(), v.isNull() ? null : v.isNumber() ? v.asDouble() : v.isBoolean() ? Boolean.toString(v.asBoolean())
                    : v.asText());
        }
        return row;
    }

    /** Every row must name every input column (null is allowed: the pipeline imputes it). */
    static void requireInputs(List<Map<String, Object>> rows, List<String> inputs) {
        for (int i = 0; i < rows.size(); i++) {
            for (String input : inputs) {
                if (!rows.get(i).containsKey(input)) {
                    throw new ModelServer.ClientError(400, "missing_feature", "row " + i + ": missing feature '"
                            + input + "'");
                }
            }
        }
    }
}
