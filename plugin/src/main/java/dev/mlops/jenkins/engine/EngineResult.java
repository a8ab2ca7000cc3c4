package dev.mlops.jenkins.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.sf.json.JSONArray;
import net.sf.json.JSONException;
import net.sf.json.JSONNull;
import net.sf.json.JSONObject;

/**
 * The engine's JSON result (docs/cli.md: {@code schemaVersion}, {@code command}, {@code status}, {@code exitCode},
 * then the command's fields) as plain Java maps and lists, which is also what a step returns to the Pipeline.
 */
public final class EngineResult {

    /** The CLI's exit codes that are verdicts on the data or model, not failures to run (docs/cli.md). */
    public static final int DATA_INVALID = 10;
    public static final int GATE_FAILED = 11;
    public static final int DRIFT = 12;
    public static final int ROLLED_BACK = 13;
    public static final int AUDIT_FAILED = 14;

    private final String command;
    private final int exitCode;
    private final Map<String, Object> fields;
    private final String json;

    private EngineResult(String command, int exitCode, Map<String, Object> fields, String json) {
        this.command = command;
        this.exitCode = exitCode;
        this.fields = fields;
        this.json = json;
    }

    /** Parses what a run left; a run without a readable result is described by its exit code alone. */
    public static EngineResult of(String command, EngineProcess.Outcome outcome) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (outcome.resultJson() != null) {
            try {
                fields = plainMap(JSONObject.fromObject(outcome.resultJson()));
            } catch (JSONException e) {
                fields.put("status", "error");
                fields.put("error", Map.of("message", "unreadable result " + outcome.resultFile().getRemote() + ": "
                        + e.getMessage()));
            }
        } else {
            fields.put("status", "error");
            fields.put("error", Map.of("message", "the engine exited with " + outcome.exitCode()
                    + " and wrote no result (see the log above)"));
        }
        return new EngineResult(command, outcome.exitCode(), fields, outcome.resultJson());
    }

    public String command() {
        return command;
    }

    public int exitCode() {
        return exitCode;
    }

    /** Everything the result holds, as plain maps and lists (what the step returns under {@code result}). */
    public Map<String, Object> fields() {
        return fields;
    }

    /** The result file's text as the engine wrote it, or null when it wrote none. */
    public String json() {
        return json;
    }

    public String status() {
        return String.valueOf(fields.getOrDefault("status", "error"));
    }

    /** A verdict on data or model (invalid data, failed gate, drift, rollback, broken audit), not a failure to run. */
    public boolean isVerdict() {
        return exitCode >= DATA_INVALID && exitCode <= AUDIT_FAILED;
    }

    /** The value at a slash-separated path such as {@code bundle/sha256}, or null. */
    public Object get(String path) {
        Object node = fields;
        for (String part : path.split("/")) {
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            node = map.get(part);
        }
        return node;
    }

    /** The value at {@code path} as text, or null. */
    public String text(String path) {
        Object value = get(path);
        return value == null ? null : value.toString();
    }

    /** The engine's error message, when it could not run. */
    public String errorMessage() {
        String message = text("error/message");
        return message != null ? message : "exit code " + exitCode;
    }

    private static Map<String, Object> plainMap(JSONObject json) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Object key : json.keySet()) {
            out.put(key.toString(), plain(json.get(key)));
        }
        return out;
    }

    /** json-lib's objects, arrays and null become maps, lists and null: what a sandboxed Pipeline may touch. */
    private static Object plain(Object value) {
        if (value instanceof JSONObject o) {
            return o.isNullObject() ? null : plainMap(o);
        }
        if (value instanceof JSONArray a) {
            List<Object> out = new ArrayList<>();
            for (Object item : a) {
                out.add(plain(item));
            }
            return out;
        }
        if (value instanceof JSONNull) {
            return null;
        }
        return value;
    }
}
