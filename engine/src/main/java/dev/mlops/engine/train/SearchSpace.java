package dev.mlops.engine.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.engine.InputException;
import dev.mlops.engine.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A hyperparameter search space (YAML or JSON): each parameter takes a list of values (grid or random choice) or, for
 * random search only, a range {@code {min: a, max: b, log: true|false}}. Values are checked against the algorithm's
 * parameter ranges when the file is read.
 */
public final class SearchSpace {

    /** One parameter's domain: listed values, or a continuous range. */
    private record Domain(List<Double> values, Double min, Double max, boolean log) {
    }

    private final Algorithm algorithm;
    private final Map<String, Domain> domains;

    private SearchSpace(Algorithm algorithm, Map<String, Domain> domains) {
        this.algorithm = algorithm;
        this.domains = domains;
    }

    public static SearchSpace read(Path file, Algorithm algorithm) {
        JsonNode root = Json.readConfig(file);
        if (root == null || !root.isObject() || root.isEmpty()) {
            throw new InputException(file, "expected a map of parameter name to values or {min, max}");
        }
        Map<String, Domain> domains = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            ParamSpec spec;
            try {
                spec = algorithm.param(e.getKey());
            } catch (IllegalArgumentException ex) {
                throw new InputException(file, e.getKey() + ": " + ex.getMessage());
            }
            domains.put(e.getKey(), domain(file, spec, e.getValue()));
        }
        return new SearchSpace(algorithm, domains);
    }

    private static Domain domain(Path file, ParamSpec spec, JsonNode node) {
        try {
            if (node.isArray() && !node.isEmpty()) {
                List<Double> values = new ArrayList<>();
                for (JsonNode v : node) {
                    if (!v.isNumber()) {
                        throw new IllegalArgumentException(spec.name() + ": expected numbers, got " + v);
                    }
                    values.add(spec.check(v.asDouble()));
                }
                return new Domain(values, null, null, false);
            }
            if (node.isObject() && node.has("min") && node.has("max")) {
                double min = spec.check(node.get("min").asDouble());
                double max = spec.check(node.get("max").asDouble());
                boolean log = node.path("log").asBoolean(false);
                if (min > max || (log && min <= 0)) {
                    throw new IllegalArgumentException(spec.name() + ": need min <= max, and min > 0 with log");
                }
                return new Domain(null, min, max, log);
            }
        } catch (IllegalArgumentException e) {
            throw new InputException(file, e.getMessage());
        }
        throw new InputException(file, spec.name() + ": expected a list of values or {min: a, max: b, log: false}");
    }

    /** Every combination of the listed values, in file order (the last parameter varies fastest). */
    public List<Map<String, String>> grid(Path file) {
        List<Map<String, String>> combinations = new ArrayList<>();
        combinations.add(new LinkedHashMap<>());
        for (Map.Entry<String, Domain> e : domains.entrySet()) {
            if (e.getValue().values() == null) {
                throw new InputException(file, e.getKey() + ": grid search needs a list of values, not a range");
            }
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> base : combinations) {
                for (double v : e.getValue().values()) {
                    Map<String, String> c = new LinkedHashMap<>(base);
                    c.put(e.getKey(), algorithm.param(e.getKey()).format(v));
                    next.add(c);
                }
            }
            combinations = next;
        }
        return combinations;
    }

    /** {@code trials} draws from the space with a generator seeded by {@code seed}. */
    public List<Map<String, String>> random(int trials, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Map<String, String>> draws = new ArrayList<>();
        for (int t = 0; t < trials; t++) {
            Map<String, String> draw = new LinkedHashMap<>();
            for (Map.Entry<String, Domain> e : domains.entrySet()) {
                Domain d = e.getValue();
                ParamSpec spec = algorithm.param(e.getKey());
                double v;
                if (d.values() != null) {
                    v = d.values().get(random.nextInt(d.values().size()));
                } else if (d.log()) {
                    v = Math.exp(Math.log(d.min()) + random.nextDouble() * (Math.log(d.max()) - Math.log(d.min())));
                } else {
                    v = d.min() + random.nextDouble() * (d.max() - d.min());
                }
                draw.put(e.getKey(), spec.format(spec.integer() ? Math.round(v) : v));
            }
            draws.add(draw);
        }
        return draws;
    }
}
