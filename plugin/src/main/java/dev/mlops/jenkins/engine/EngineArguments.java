package dev.mlops.jenkins.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An engine command line built from a step's arguments: options with values, skipping those not given. */
public final class EngineArguments {

    private final List<String> list = new ArrayList<>();

    public EngineArguments(String... command) {
        list.addAll(List.of(command));
    }

    /** {@code option value}. */
    public EngineArguments add(String option, Object value) {
        list.add(option);
        list.add(String.valueOf(value));
        return this;
    }

    /** {@code option value}, only when the value was given (not null). */
    public EngineArguments optional(String option, Object value) {
        return value == null ? this : add(option, value);
    }

    /** {@code option KEY=VALUE} for each entry, e.g. {@code --param numTrees=100}. */
    public EngineArguments pairs(String option, Map<String, Object> values) {
        values.forEach((key, value) -> add(option, key + "=" + value));
        return this;
    }

    public List<String> list() {
        return List.copyOf(list);
    }
}
