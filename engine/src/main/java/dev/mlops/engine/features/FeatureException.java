package dev.mlops.engine.features;

/** A value the pipeline cannot turn into features; callers add where it came from (file and row, or request). */
public final class FeatureException extends RuntimeException {

    private final String column;
    private final String problem;
    private final int row;

    public FeatureException(String column, String problem) {
        this(column, problem, -1);
    }

    private FeatureException(String column, String problem, int row) {
        super("column '" + column + "': " + problem);
        this.column = column;
        this.problem = problem;
        this.row = row;
    }

    /** The same problem at row {@code row} (0-based) of the rows a batch was given. */
    public FeatureException atRow(int row) {
        FeatureException e = new FeatureException(column, problem, row);
        e.initCause(this);
        return e;
    }

    /** The 0-based row of a batch the value was in, or -1 when the exception came from a single row. */
    public int row() {
        return row;
    }

    public String column() {
        return column;
    }

    /** The message without the column, for callers that name the column themselves. */
    public String problem() {
        return problem;
    }
}
