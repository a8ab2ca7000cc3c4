package dev.mlops.engine.features;

/** A value the pipeline cannot turn into features; callers add where it came from (file and row, or request). */
public final class FeatureException extends RuntimeException {

    private final String column;
    private final String problem;

    public FeatureException(String column, String problem) {
        super("column '" + column + "': " + problem);
        this.column = column;
        this.problem = problem;
    }

    public String column() {
        return column;
    }

    /** The message without the column, for callers that name the column themselves. */
    public String problem() {
        return problem;
    }
}
