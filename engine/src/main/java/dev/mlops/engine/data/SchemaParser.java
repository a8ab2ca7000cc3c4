package dev.mlops.engine.data;


import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.engine.InputException;
import dev.mlops.engine.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a schema file (YAML or JSON, see docs/schema.md). Strict: an unknown key, rule or type is an error naming the
 * file and the field path, so that a typo never silently disables a check.
 */
public final class SchemaParser {

    static final Set<String> TOP_KEYS = Set.of("version", "dataset", "columns", "distribution");
    static final Set<String> DATASET_KEYS = Set.of("minRows", "maxRows", "allowUnknownColumns");
    static final Set<String> COLUMN_KEYS = Set.of("type", "severity", "required", "nullable", "maxNullFraction", "min",
            "max", "allowedValues", "regex", "unique", "allowNonFinite");
    static final Set<String> DISTRIBUTION_KEYS = Set.of("meanShift", "stdRatio", "quantileShift", "newCategories",
            "severity");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

    private final Path file;

    private SchemaParser(Path file) {
        this.file = file;
    }

    public static Schema parse(Path file) {
        JsonNode root = Json.readConfig(file);
        if (root == null || root.isMissingNode() || root.isNull() || root.isEmpty()) {
            throw new InputException(file, "schema file is empty");
        }
        return new SchemaParser(file).schema(root);
    }

    private Schema schema(JsonNode root) {
        requireObject(root, "the schema");
        checkKeys(root, "", TOP_KEYS, "key");
        int version = root.has("version") ? (int) integer(root.get("version"), "version") : Schema.VERSION;
        if (version != Schema.VERSION) {
            throw error("version", "unsupported schema version " + version + "; this engine reads version "
                    + Schema.VERSION);
        }
        Long minRows = null;
        Long maxRows = null;
        boolean allowUnknown = false;
        Map<String, Severity> severities = new HashMap<>();
        JsonNode dataset = root.get("dataset");
        if (dataset != null) {
            requireObject(dataset, "dataset");
            checkKeys(dataset, "dataset.", DATASET_KEYS, "rule");
            if (dataset.has("minRows")) {
                minRows = integer(value(dataset.get("minRows"), "dataset.minRows", severities, "minRows"),
                        "dataset.minRows");
            }
            if (dataset.has("maxRows")) {
                maxRows = integer(value(dataset.get("maxRows"), "dataset.maxRows", severities, "maxRows"),
                        "dataset.maxRows");
            }
            if (dataset.has("allowUnknownColumns")) {
                allowUnknown = bool(value(dataset.get("allowUnknownColumns"), "dataset.allowUnknownColumns",
                        severities, "unknownColumns"), "dataset.allowUnknownColumns");
            }
        }
        JsonNode columnsNode = root.get("columns");
        if (columnsNode == null || !columnsNode.isObject() || columnsNode.isEmpty()) {
            throw error("columns", "the schema declares no columns; expected a map of column name to rules");
        }
        List<ColumnSchema> columns = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = columnsNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            columns.add(column(entry.getKey(), entry.getValue()));
        }
        return new Schema(version, file, minRows, maxRows, allowUnknown, severities, columns,
                distribution(root.get("distribution")));
    }

    private ColumnSchema column(String name, JsonNode node) {
        String at = "columns." + name;
        if (node == null || node.isNull()) {
            node = Json.mapper().createObjectNode();
        }
        requireObject(node, at);
        checkKeys(node, at + ".", COLUMN_KEYS, "rule");
        ColumnType type = null;
        if (node.has("type")) {
            String id = text(node.get("type"), at + ".type");
            type = ColumnType.parse(id).orElseThrow(() -> error(at + ".type",
                    "unknown type '" + id + "'; expected one of " + ColumnType.names()));
        }
        Severity severity = node.has("severity") ? severity(node.get("severity"), at + ".severity") : Severity.ERROR;
        Map<String, Severity> severities = new HashMap<>();
        boolean required = !node.has("required")
                || bool(value(node.get("required"), at + ".required", severities, "required"), at + ".required");
        Boolean nullable = node.has("nullable")
                ? bool(value(node.get("nullable"), at + ".nullable", severities, "nullable"), at + ".nullable")
                : null;
        Double maxNullFraction = null;
        if (node.has("maxNullFraction")) {
            maxNullFraction = number(value(node.get("maxNullFraction"), at + ".maxNullFraction", severities,
                    "maxNullFraction"), at + ".maxNullFraction");
            if (maxNullFraction < 0 || maxNullFraction > 1) {
                throw error(at + ".maxNullFraction", "must be between 0 and 1, got " + maxNullFraction);
            }
        }
        String min = node.has("min") ? bound(value(node.get("min"), at + ".min", severities, "min"), type, at + ".min")
                : null;
        String max = node.has("max") ? bound(value(node.get("max"), at + ".max", severities, "max"), type, at + ".max")
                : null;
        List<String> allowed = null;
        if (node.has("allowedValues")) {
            JsonNode list = value(node.get("allowedValues"), at + ".allowedValues", severities, "allowedValues");
            if (!list.isArray() || list.isEmpty()) {
                throw error(at + ".allowedValues", "expected a non-empty list of values");
            }
            allowed = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                allowed.add(bound(list.get(i), type, at + ".allowedValues[" + i + "]"));
            }
        }
        String regex = node.has("regex") ? text(value(node.get("regex"), at + ".regex", severities, "regex"),
                at + ".regex") : null;
        boolean unique = node.has("unique")
                && bool(value(node.get("unique"), at + ".unique", severities, "unique"), at + ".unique");
        boolean allowNonFinite = node.has("allowNonFinite")
                && bool(node.get("allowNonFinite"), at + ".allowNonFinite");
        return new ColumnSchema(name, type, severity, required, nullable, maxNullFraction, min, max, allowed, regex,
                unique, allowNonFinite, severities);
    }

    private DistributionOptions distribution(JsonNode node) {
        DistributionOptions d = DistributionOptions.DEFAULTS;
        if (node == null) {
            return d;
        }
        requireObject(node, "distribution");
        checkKeys(node, "distribution.", DISTRIBUTION_KEYS, "key");
        return new DistributionOptions(
                node.has("meanShift") ? positive(node.get("meanShift"), "distribution.meanShift") : d.meanShift(),
                node.has("stdRatio") ? positive(node.get("stdRatio"), "distribution.stdRatio") : d.stdRatio(),
                node.has("quantileShift") ? positive(node.get("quantileShift"), "distribution.quantileShift")
                        : d.quantileShift(),
                node.has("newCategories") ? bool(node.get("newCategories"), "distribution.newCategories")
                        : d.newCategories(),
                node.has("severity") ? severity(node.get("severity"), "distribution.severity") : d.severity());
    }

    /** A rule's value, written either plainly or as {@code {value: ..., severity: warning}}. */
    private JsonNode value(JsonNode node, String at, Map<String, Severity> severities, String rule) {
        if (node.isObject()) {
            checkKeys(node, at + ".", Set.of("value", "severity"), "key");
            if (!node.has("value")) {
                throw error(at, "expected a value, or {value: ..., severity: error|warning}");
            }
            if (node.has("severity")) {
                severities.put(rule, severity(node.get("severity"), at + ".severity"));
            }
            return node.get("value");
        }
        return node;
    }

    private String bound(JsonNode node, ColumnType type, String at) {
        if (!node.isValueNode() || node.isNull()) {
            throw error(at, "expected a single value");
        }
        String text = node.asText();
        if (type != null && type.isNumeric() && !NUMBER.matcher(text).matches()) {
            throw error(at, "expected a number for a " + type.id() + " column, got '" + text + "'");
        }
        if (type == ColumnType.INTEGER && at.contains(".allowedValues") && !INTEGER.matcher(text).matches()) {
            throw error(at, "expected a whole number for an integer column, got '" + text + "'");
        }
        return text;
    }

    private Severity severity(JsonNode node, String at) {
        String id = text(node, at);
        try {
            return Severity.valueOf(id.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw error(at, "unknown severity '" + id + "'; expected error or warning");
        }
    }

    private void checkKeys(JsonNode node, String prefix, Set<String> known, String what) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw error(prefix + key, "unknown " + what + " '" + key + "'; expected one of "
                        + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    private void requireObject(JsonNode node, String at) {
        if (!node.isObject()) {
            throw error(at, "expected a map of keys to values");
        }
    }

    private String text(JsonNode node, String at) {
        if (!node.isTextual()) {
            throw error(at, "expected text, got " + node);
        }
        return node.asText();
    }

    private boolean bool(JsonNode node, String at) {
        if (!node.isBoolean()) {
            throw error(at, "expected true or false, got " + node);
        }
        return node.asBoolean();
    }

    private long integer(JsonNode node, String at) {
        if (!node.canConvertToLong() || !node.isIntegralNumber()) {
            throw error(at, "expected a whole number, got " + node);
        }
        return node.asLong();
    }

    private double number(JsonNode node, String at) {
        if (!node.isNumber()) {
            throw error(at, "expected a number, got " + node);
        }
        return node.asDouble();
    }

    private double positive(JsonNode node, String at) {
        double v = number(node, at);
        if (!(v > 0)) {
            throw error(at, "must be greater than 0, got " + v);
        }
        return v;
    }

    private InputException error(String at, String problem) {
        return new InputException(file, at + ": " + problem);
    }
}
