package dev.mlops.engine.data;

/** Which violations fail validation. */
public enum FailOn {
    ERROR,
    WARNING,
    NEVER;

    public boolean fails(ValidationReport report) {
        return switch (this) {
            case ERROR -> report.errors() > 0;
            case WARNING -> !report.violations().isEmpty();
            case NEVER -> false;
        };
    }
}
