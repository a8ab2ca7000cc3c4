package dev.mlops.engine.data;

import java.util.List;

/** The outcome of validating a dataset: every violation found, and the profile computed on the way. */
public record ValidationReport(Fingerprint dataset, List<Violation> violations, DatasetProfile profile) {

    public ValidationReport {
        violations = List.copyOf(violations);
    }

    public long errors() {
        return violations.stream().filter(v -> v.severity() == Severity.ERROR).count();
    }

    public long warnings() {
        return violations.stream().filter(v -> v.severity() == Severity.WARNING).count();
    }
}
