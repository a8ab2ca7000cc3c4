package dev.mlops.engine.train;

/**
 * One hyperparameter of an algorithm: its name, whether it is a whole number, its default and its valid range.
 *
 * @param formerValue for a parameter added after models of its algorithm were first recorded, the value the engine
 *                    used before it could be set; null for the others. A model with that value records no such
 *                    parameter, so it is the same bundle an earlier engine made, and {@code reproduce} gives a run
 *                    recorded without the parameter that value.
 */
public record ParamSpec(String name, boolean integer, double defaultValue, double min, double max, String description,
                        Double formerValue) {

    static ParamSpec integer(String name, int defaultValue, int min, int max, String description) {
        return new ParamSpec(name, true, defaultValue, min, max, description, null);
    }

    static ParamSpec real(String name, double defaultValue, double min, double max, String description) {
        return new ParamSpec(name, false, defaultValue, min, max, description, null);
    }

    /** This parameter, added to an algorithm that used {@code value} before it could be set. */
    ParamSpec addedLater(double value) {
        return new ParamSpec(name, integer, defaultValue, min, max, description, value);
    }

    /** Whether a model with this value records the parameter: not when it is the value used before it existed. */
    boolean recordedAt(double value) {
        return formerValue == null || value != formerValue;
    }

    /** Parses and range-checks a value given on the command line or drawn by a search. */
    double parse(String text) {
        double value;
        try {
            value = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": expected a number, got '" + text + "'");
        }
        return check(value);
    }

    double check(double value) {
        if (integer && value != Math.rint(value)) {
            throw new IllegalArgumentException(name + ": expected a whole number, got " + value);
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + ": " + format(value) + " is outside [" + format(min) + ", "
                    + format(max) + "]");
        }
        return value;
    }

    String format(double value) {
        return integer || value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : Double.toString(value);
    }
}
