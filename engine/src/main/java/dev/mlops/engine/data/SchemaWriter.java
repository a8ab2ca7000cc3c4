package dev.mlops.engine.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mlops.engine.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Writes a {@link Schema} in the YAML form {@link SchemaParser} reads. */
public final class SchemaWriter {

    private static final Pattern NUMBER = Pattern.compile("[+-]?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");

    private SchemaWriter() {
    }

    public static String toYaml(Schema schema, String headerComment) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", schema.version());
        Map<String, Object> dataset = new LinkedHashMap<>();
        putRule(dataset, "minRows", schema.minRows(), schema.severities().get("minRows"));
        putRule(dataset, "maxRows", schema.maxRows(), schema.severities().get("maxRows"));
        putRule(dataset, "allowUnknownColumns", schema.allowUnknownColumns(), schema.severities().get("unknownColumns"));
        root.put("dataset", dataset);
        Map<String, Object> columns = new LinkedHashMap<>();
        for (ColumnSchema c : schema.columns()) {
            Map<String, Object> rules = new LinkedHashMap<>();
            if (c.type() != null) {
                rules.put("type", c.type().id());
            }
            if (c.severity() != Severity.ERROR) {
                rules.put("severity", c.severity().id());
            }
            if (!c.required()) {
                putRule(rules, "required", false, c.severities().get("required"));
            }
            putRule(rules, "nullable", c.nullable(), c.severities().get("nullable"));
            putRule(rules, "maxNullFraction", c.maxNullFraction(), c.severities().get("maxNullFraction"));
            putRule(rules, "min", scalar(c.min()), c.severities().get("min"));
            putRule(rules, "max", scalar(c.max()), c.severities().get("max"));
            putRule(rules, "allowedValues", c.allowedValues() == null ? null
                    : c.allowedValues().stream().map(SchemaWriter::scalar).toList(), c.severities().get("allowedValues"));
            putRule(rules, "regex", c.regex(), c.severities().get("regex"));
            if (c.unique()) {
                putRule(rules, "unique", true, c.severities().get("unique"));
            }
            if (c.allowNonFinite()) {
                rules.put("allowNonFinite", true);
            }
            columns.put(c.name(), rules);
        }
        root.put("columns", columns);
        DistributionOptions d = schema.distribution();
        Map<String, Object> distribution = new LinkedHashMap<>();
        distribution.put("meanShift", d.meanShift());
        distribution.put("stdRatio", d.stdRatio());
        distribution.put("quantileShift", d.quantileShift());
        distribution.put("newCategories", d.newCategories());
        distribution.put("severity", d.severity().id());
        root.put("distribution", distribution);
        try {
            StringBuilder out = new StringBuilder();
            for (String line : headerComment.split("\n")) {
                out.append("# ").append(line).append('\n');
            }
            String yaml = Json.yaml().writeValueAsString(root);
            return out.append(yaml).append(yaml.endsWith("\n") ? "" : "\n").toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a schema always serialises", e);
        }
    }

    private static void putRule(Map<String, Object> rules, String name, Object value, Severity severity) {
        if (value == null) {
            return;
        }
        if (severity == null) {
            rules.put(name, value);
            return;
        }
        Map<String, Object> withSeverity = new LinkedHashMap<>();
        withSeverity.put("value", value);
        withSeverity.put("severity", severity.id());
        rules.put(name, withSeverity);
    }

    /** Numbers are written as numbers so that the file reads naturally; everything else as text. */
    private static Object scalar(String text) {
        if (text == null || !NUMBER.matcher(text).matches()) {
            return text;
        }
        return text.contains(".") || text.contains("e") || text.contains("E") ? (Object) Double.valueOf(text)
                : (Object) Long.valueOf(text);
    }

}
