package dev.mlops.engine.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Compares a dataset's profile with a reference profile: mean and spread shift and quantile shift for numeric
 * columns, values never seen in the reference for categorical ones. These are cheap sanity checks at validation
 * time; the drift monitor runs the statistical tests.
 */
final class DistributionChecks {

    private static final List<String> CHECKED_QUANTILES = List.of("p05", "p25", "p50", "p75", "p95");

    private DistributionChecks() {
    }

    static List<Violation> check(LoadedDataset data, DatasetProfile current, DatasetProfile reference,
                                 DistributionOptions options) {
        List<Violation> found = new ArrayList<>();
        Severity severity = options.severity();
        for (ColumnProfile ref : reference.columns()) {
            var cur = current.column(ref.name());
            if (cur.isEmpty()) {
                found.add(new Violation("distribution.missingColumn", ref.name(), severity, null, null, null, null,
                        "column of the reference profile is missing", List.of()));
                continue;
            }
            ColumnProfile c = cur.get();
            if (c.type() != ref.type()) {
                found.add(new Violation("distribution.type", ref.name(), severity, null, null, null, null,
                        "type is " + c.type().id() + " but " + ref.type().id() + " in the reference", List.of()));
                continue;
            }
            if (c.type().isNumeric()) {
                numeric(c, ref, options, found);
            }
            if (options.newCategories() && Boolean.TRUE.equals(ref.topKComplete()) && c.topK() != null) {
                newCategories(data, c, ref, severity).ifPresent(found::add);
            }
        }
        return found;
    }

    private static void numeric(ColumnProfile c, ColumnProfile ref, DistributionOptions options, List<Violation> found) {
        if (c.mean() == null || ref.mean() == null || ref.std() == null) {
            return;
        }
        double scale = Math.max(ref.std(), DistributionOptions.MIN_SCALE);
        double meanShift = Math.abs(c.mean() - ref.mean()) / scale;
        if (meanShift > options.meanShift()) {
            found.add(Validator.threshold("distribution.mean", c.name(), options.severity(), meanShift,
                    options.meanShift(), String.format(Locale.ROOT,
                            "mean moved from %.6g to %.6g: %.3f reference standard deviations", ref.mean(), c.mean(),
                            meanShift)));
        }
        if (c.std() != null && c.std() > 0 && ref.std() > 0) {
            double ratio = Math.max(c.std() / ref.std(), ref.std() / c.std());
            if (ratio > options.stdRatio()) {
                found.add(Validator.threshold("distribution.std", c.name(), options.severity(), ratio,
                        options.stdRatio(), String.format(Locale.ROOT,
                                "standard deviation changed from %.6g to %.6g (ratio %.3f)", ref.std(), c.std(),
                                ratio)));
            }
        }
        if (c.quantiles() != null && ref.quantiles() != null) {
            String worst = null;
            double worstShift = 0;
            for (String q : CHECKED_QUANTILES) {
                Double a = c.quantiles().get(q);
                Double b = ref.quantiles().get(q);
                if (a != null && b != null && Math.abs(a - b) / scale > worstShift) {
                    worstShift = Math.abs(a - b) / scale;
                    worst = q;
                }
            }
            if (worst != null && worstShift > options.quantileShift()) {
                found.add(Validator.threshold("distribution.quantile", c.name(), options.severity(), worstShift,
                        options.quantileShift(), String.format(Locale.ROOT,
                                "quantile %s moved from %.6g to %.6g: %.3f reference standard deviations", worst,
                                ref.quantiles().get(worst), c.quantiles().get(worst), worstShift)));
            }
        }
    }

    private static java.util.Optional<Violation> newCategories(LoadedDataset data, ColumnProfile c, ColumnProfile ref,
                                                               Severity severity) {
        String t = data.typed(c.name());
        String known = ref.topK().stream().map(v -> Sql.literal(v.value())).collect(Collectors.joining(", "));
        String predicate = t + " IS NOT NULL AND CAST(" + t + " AS VARCHAR) NOT IN (" + (known.isEmpty() ? "NULL"
                : known) + ")";
        long count = data.count("SELECT count_if(" + predicate + ") FROM " + LoadedDataset.VIEW);
        if (count == 0) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Violation("distribution.newCategories", c.name(), severity, count,
                (double) count / data.rows(), null, null, count + " values are categories unseen in the reference",
                Validator.examples(data, predicate, data.display(c.name()))));
    }
}
