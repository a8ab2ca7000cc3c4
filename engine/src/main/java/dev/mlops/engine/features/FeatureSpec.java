package dev.mlops.engine.features;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.engine.InputException;
import dev.mlops.engine.Json;
import dev.mlops.engine.data.ColumnProfile;
import dev.mlops.engine.data.ColumnType;
import dev.mlops.engine.data.DatasetProfile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which features to build from which columns (docs/features.md): for each used column, its chain of steps. Columns
 * not listed are not used, except with {@code others: default}, which gives every unlisted column its default chain.
 */
public record FeatureSpec(Map<String, List<Step>> columns) {

    /** Categorical columns with more distinct values than this are hashed rather than one-hot encoded by default. */
    public static final int DEFAULT_MAX_ONEHOT = 50;
    public static final int DEFAULT_HASH_BUCKETS = 32;

    /**
     * A text column whose values are mostly distinct is an identifier, not a feature. The distinct count is a
     * HyperLogLog estimate, a little off either way, so "all distinct" cannot be tested exactly.
     */
    static final double IDENTIFIER_DISTINCT_FRACTION = 0.5;

    private static final Set<String> STEP_NAMES = Set.of("impute", "standardize", "minmax", "log1p", "clip",
            "bucketize", "onehot", "hash");

    public FeatureSpec {
        columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    /**
     * The default chain for every column but the target: numbers are median-imputed and standardized; booleans and
     * small categories one-hot encoded; larger categories hashed; identifiers (every value distinct), dates and
     * timestamps left out.
     */
    public static FeatureSpec defaults(DatasetProfile profile, String target) {
        Map<String, List<Step>> columns = new LinkedHashMap<>();
        for (ColumnProfile c : profile.columns()) {
            if (!c.name().equals(target)) {
                defaultSteps(c, profile.dataset().rows()).ifPresent(steps -> columns.put(c.name(), steps));
            }
        }
        return new FeatureSpec(columns);
    }

    static java.util.Optional<List<Step>> defaultSteps(ColumnProfile c, long rows) {
        ColumnType type = c.type();
        if (type.isNumeric()) {
            return java.util.Optional.of(List.of(new Step.Impute("median", null), new Step.Standardize()));
        }
        if (type == ColumnType.BOOLEAN || type == ColumnType.STRING) {
            long distinct = c.distinct() == null ? rows : c.distinct();
            if (type == ColumnType.STRING && c.count() > DEFAULT_MAX_ONEHOT
                    && distinct > IDENTIFIER_DISTINCT_FRACTION * c.count()) {
                return java.util.Optional.empty();
            }
            Step encode = distinct <= DEFAULT_MAX_ONEHOT ? new Step.OneHot(DEFAULT_MAX_ONEHOT)
                    : new Step.Hash(DEFAULT_HASH_BUCKETS);
            return java.util.Optional.of(List.of(new Step.Impute("most-frequent", null), encode));
        }
        return java.util.Optional.empty();
    }

    /** Reads a spec file; {@code profile} supplies the default chains for {@code others: default}. */
    public static FeatureSpec read(Path file, DatasetProfile profile, String target) {
        JsonNode root = Json.readConfig(file);
        if (root == null || !root.isObject() || !root.has("columns")) {
            throw new InputException(file, "expected a 'columns' map of column name to steps");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!Set.of("version", "columns", "others").contains(key)) {
                throw new InputException(file, key + ": unknown key; expected version, columns, others");
            }
        }
        Map<String, List<Step>> columns = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("columns").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String column = e.getKey();
            if (profile.column(column).isEmpty()) {
                throw new InputException(file, "columns." + column + ": no such column in the training data");
            }
            if (column.equals(target)) {
                throw new InputException(file, "columns." + column + ": the target cannot be a feature");
            }
            JsonNode node = e.getValue();
            if (node.isTextual() && node.asText().equals("drop")) {
                continue;
            }
            List<Step> steps = new ArrayList<>();
            JsonNode list = node.isArray() ? node : Json.mapper().createArrayNode().add(node);
            for (int i = 0; i < list.size(); i++) {
                steps.add(step(file, "columns." + column + "[" + i + "]", list.get(i)));
            }
            columns.put(column, steps);
        }
        JsonNode others = root.get("others");
        if (others != null) {
            if (!others.isTextual() || !Set.of("default", "drop").contains(others.asText())) {
                throw new InputException(file, "others: expected 'default' or 'drop'");
            }
            if (others.asText().equals("default")) {
                for (ColumnProfile c : profile.columns()) {
                    if (!c.name().equals(target) && !root.get("columns").has(c.name())) {
                        defaultSteps(c, profile.dataset().rows()).ifPresent(s -> columns.put(c.name(), s));
                    }
                }
            }
        }
        if (columns.isEmpty()) {
            throw new InputException(file, "uses no column as a feature");
        }
        return new FeatureSpec(columns);
    }

    private static Step step(Path file, String at, JsonNode node) {
        String name;
        JsonNode arg = null;
        if (node.isTextual()) {
            name = node.asText();
        } else if (node.isObject() && node.size() == 1) {
            name = node.fieldNames().next();
            arg = node.get(name);
        } else {
            throw new InputException(file, at + ": expected a step name or {step: argument}");
        }
        if (!STEP_NAMES.contains(name)) {
            throw new InputException(file, at + ": unknown step '" + name + "'; expected one of "
                    + String.join(", ", STEP_NAMES.stream().sorted().toList()));
        }
        try {
            return switch (name) {
                case "impute" -> impute(arg);
                case "standardize" -> new Step.Standardize();
                case "minmax" -> new Step.MinMax();
                case "log1p" -> new Step.Log1p();
                case "clip" -> new Step.Clip(bound(arg, 0), bound(arg, 1));
                case "bucketize" -> bucketize(arg);
                case "onehot" -> new Step.OneHot(arg != null && arg.has("maxCategories")
                        ? positive(arg.get("maxCategories")) : DEFAULT_MAX_ONEHOT);
                case "hash" -> new Step.Hash(arg != null && arg.has("buckets") ? positive(arg.get("buckets"))
                        : DEFAULT_HASH_BUCKETS);
                default -> throw new IllegalStateException(name);
            };
        } catch (IllegalArgumentException e) {
            throw new InputException(file, at + "." + name + ": " + e.getMessage());
        }
    }

    private static Step impute(JsonNode arg) {
        if (arg == null) {
            return new Step.Impute("median", null);
        }
        if (arg.isTextual()) {
            String s = arg.asText();
            if (!Set.of("mean", "median", "most-frequent").contains(s)) {
                throw new IllegalArgumentException("expected mean, median, most-frequent or {constant: value}");
            }
            return new Step.Impute(s, null);
        }
        if (arg.isObject() && arg.has("constant") && arg.get("constant").isValueNode()) {
            return new Step.Impute("constant", arg.get("constant").asText());
        }
        throw new IllegalArgumentException("expected mean, median, most-frequent or {constant: value}");
    }

    private static Double bound(JsonNode arg, int i) {
        if (arg == null || !arg.isArray() || arg.size() != 2) {
            throw new IllegalArgumentException("expected [min, max] (null for no bound)");
        }
        JsonNode v = arg.get(i);
        if (v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException("expected a number or null, got " + v);
        }
        return v.asDouble();
    }

    private static Step bucketize(JsonNode arg) {
        if (arg != null && arg.has("edges") && arg.get("edges").isArray() && arg.get("edges").size() > 0) {
            List<Double> edges = new ArrayList<>();
            for (JsonNode e : arg.get("edges")) {
                if (!e.isNumber()) {
                    throw new IllegalArgumentException("edges must be numbers");
                }
                if (!edges.isEmpty() && e.asDouble() <= edges.get(edges.size() - 1)) {
                    throw new IllegalArgumentException("edges must increase");
                }
                edges.add(e.asDouble());
            }
            return new Step.Bucketize(edges, null);
        }
        if (arg != null && arg.has("bins")) {
            return new Step.Bucketize(null, positive(arg.get("bins")));
        }
        throw new IllegalArgumentException("expected {edges: [...]} or {bins: N}");
    }

    private static int positive(JsonNode v) {
        if (!v.canConvertToInt() || v.asInt() < 1) {
            throw new IllegalArgumentException("expected a positive whole number, got " + v);
        }
        return v.asInt();
    }
}
