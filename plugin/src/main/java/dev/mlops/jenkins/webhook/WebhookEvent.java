package dev.mlops.jenkins.webhook;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import net.sf.json.JSONObject;

/**
 * An event as the webhook received it: its type, the model and dataset it concerns, and its scalar fields, which
 * become the started build's parameters ({@code MLOPS_EVENT}, {@code MLOPS_MODEL}, {@code MLOPS_VERSION},
 * {@code MLOPS_DATASET}, ... one {@code MLOPS_<FIELD>} per field).
 *
 * <p>Two shapes are understood: MLflow's ({@code {"entity": "model_version", "action": "created", "data": {"name":
 * ..., "version": ...}}}, type {@code model_version.created}) and mlops' own ({@code {"event": "drift" |
 * "data.arrived" | ..., "model": ..., "dataset": ..., ...}}, as {@code mlops monitor --trigger webhook:} sends).
 */
record WebhookEvent(String type, String model, String dataset, Map<String, String> fields) {

    static WebhookEvent parse(JSONObject json) {
        Map<String, String> fields = new LinkedHashMap<>();
        String type;
        JSONObject data;
        if (json.has("entity") && json.has("action")) {
            type = json.optString("entity") + "." + json.optString("action");
            data = json.optJSONObject("data");
        } else {
            type = json.optString("event", "");
            data = json;
        }
        if (data != null && !data.isNullObject()) {
            scalars(data, "", fields);
            JSONObject parameters = data.optJSONObject("parameters");
            if (parameters != null && !parameters.isNullObject()) {
                scalars(parameters, "", fields);
            }
        }
        String model = first(fields, "name", "model", "MODEL");
        String dataset = first(fields, "dataset", "path", "DATASET");
        fields.put("event", type);
        return new WebhookEvent(type, model, dataset, fields);
    }

    private static void scalars(JSONObject object, String prefix, Map<String, String> out) {
        for (Object key : object.keySet()) {
            Object value = object.get(key);
            if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                out.put(prefix + key, value.toString());
            }
        }
    }

    private static String first(Map<String, String> fields, String... keys) {
        for (String key : keys) {
            if (fields.get(key) != null) {
                return fields.get(key);
            }
        }
        return null;
    }

    /** The field's build parameter name: {@code run_id} becomes {@code MLOPS_RUN_ID}. */
    static String parameterName(String field) {
        String upper = field.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
        return upper.startsWith("MLOPS_") ? upper : "MLOPS_" + upper;
    }
}
