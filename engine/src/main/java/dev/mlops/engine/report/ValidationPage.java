package dev.mlops.engine.report;

import dev.mlops.engine.data.CategoryCount;
import dev.mlops.engine.data.ColumnProfile;
import dev.mlops.engine.data.Histogram;
import dev.mlops.engine.data.Severity;
import dev.mlops.engine.data.ValidationReport;
import dev.mlops.engine.data.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The HTML page of a validation: verdict, violations with examples, and every column's profile with a chart. */
public final class ValidationPage {

    private ValidationPage() {
    }

    public static String render(ValidationReport report, String status) {
        StringBuilder body = new StringBuilder();
        body.append("<h1>Data validation <span class=\"status ").append(Html.escape(status)).append("\">")
                .append(Html.escape(status)).append("</span></h1>\n");
        body.append("<p class=\"meta\">").append(Html.escape(report.dataset().path())).append(" &middot; ")
                .append(Html.number(report.dataset().rows())).append(" rows &middot; ")
                .append(report.dataset().columns().size()).append(" columns &middot; sha256 <code>")
                .append(Html.escape(report.dataset().sha256())).append("</code></p>\n");
        body.append("<h2>Violations (").append(report.errors()).append(" errors, ").append(report.warnings())
                .append(" warnings)</h2>\n");
        if (report.violations().isEmpty()) {
            body.append("<p>None: every rule holds.</p>\n");
        } else {
            body.append("<table><tr><th>Severity</th><th>Rule</th><th>Column</th><th>Rows</th><th>Fraction</th>"
                    + "<th>Finding</th><th>Examples (row: value)</th></tr>\n");
            for (Violation v : report.violations()) {
                body.append("<tr class=\"sev-").append(v.severity().id()).append("\"><td><span class=\"badge ")
                        .append(v.severity().id()).append("\">").append(v.severity().id()).append("</span></td><td>")
                        .append(Html.escape(v.rule())).append("</td><td>").append(Html.escape(v.column()))
                        .append("</td><td class=\"num\">").append(Html.number(v.count()))
                        .append("</td><td class=\"num\">").append(Html.number(v.fraction())).append("</td><td>")
                        .append(Html.escape(v.message())).append("</td><td>")
                        .append(v.examples().stream()
                                .map(e -> e.row() + ": " + (e.value() == null ? "(null)" : "<code>"
                                        + Html.escape(e.value()) + "</code>"))
                                .collect(Collectors.joining("<br>")))
                        .append("</td></tr>\n");
            }
            body.append("</table>\n");
        }
        body.append("<h2>Columns</h2>\n<table><tr><th>Column</th><th>Type</th><th>Values</th><th>Nulls</th>"
                + "<th>Invalid</th><th>Distinct</th><th>Mean</th><th>Std</th><th>Min</th><th>Median</th><th>Max</th>"
                + "<th>Distribution</th></tr>\n");
        for (ColumnProfile c : report.profile().columns()) {
            Severity worst = worstSeverity(report, c.name());
            body.append("<tr").append(worst == null ? "" : " class=\"sev-" + worst.id() + "\"").append("><td>")
                    .append(Html.escape(c.name())).append("</td><td>").append(c.type().id())
                    .append("</td><td class=\"num\">").append(Html.number(c.count()))
                    .append("</td><td class=\"num\">").append(Html.number(c.nulls()))
                    .append("</td><td class=\"num\">").append(Html.number(c.invalid()))
                    .append("</td><td class=\"num\">").append(Html.number(c.distinct()))
                    .append("</td><td class=\"num\">").append(Html.number(c.mean()))
                    .append("</td><td class=\"num\">").append(Html.number(c.std()))
                    .append("</td><td class=\"num\">").append(c.min() != null ? Html.number(c.min())
                            : Html.escape(c.earliest()))
                    .append("</td><td class=\"num\">").append(c.quantiles() == null ? ""
                            : Html.number(c.quantiles().get("p50")))
                    .append("</td><td class=\"num\">").append(c.max() != null ? Html.number(c.max())
                            : Html.escape(c.latest()))
                    .append("</td><td>").append(chart(c)).append("</td></tr>\n");
        }
        body.append("</table>\n");
        return Html.page("Data validation: " + report.dataset().path(), body.toString());
    }

    private static Severity worstSeverity(ValidationReport report, String column) {
        Severity worst = null;
        for (Violation v : report.violations()) {
            if (column.equals(v.column()) && (worst == null || v.severity() == Severity.ERROR)) {
                worst = v.severity();
            }
        }
        return worst;
    }

    private static String chart(ColumnProfile c) {
        if (c.topK() != null && !c.topK().isEmpty()) {
            List<Long> counts = new ArrayList<>();
            List<String> titles = new ArrayList<>();
            for (CategoryCount cc : c.topK()) {
                counts.add(cc.count());
                titles.add(cc.value() + ": " + cc.count());
            }
            return Svg.bars(counts, titles, 160, 36, "#8250df");
        }
        Histogram h = c.histogram();
        if (h == null) {
            return "";
        }
        List<String> titles = new ArrayList<>();
        for (int i = 0; i < h.counts().size(); i++) {
            titles.add(String.format(Locale.ROOT, "[%.4g, %.4g): %d", h.edges().get(i), h.edges().get(i + 1),
                    h.counts().get(i)));
        }
        return Svg.bars(h.counts(), titles, 160, 36, "#0969da");
    }

}
