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

    /** {@code option value} for a value the command needs: a missing (null or blank) one is the user's error. */
    public EngineArguments add(String option, Object value) {
        if (!given(value)) {
            throw new IllegalArgumentException(Messages.Engine_MissingArgument(option));
        }
        list.add(option);
        list.add(String.valueOf(value).strip());
        return this;
    }

    /** {@code option value}, only when the value was given: null or blank means the engine's default. */
    public EngineArguments optional(String option, Object value) {
        return given(value) ? add(option, value) : this;
    }

    private static boolean given(Object value) {
        return value != null && !String.valueOf(value).isBlank();
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
