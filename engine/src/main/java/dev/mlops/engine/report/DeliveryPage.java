package dev.mlops.engine.report;

import dev.mlops.engine.delivery.DeliveryReport;
import dev.mlops.engine.delivery.DeliveryReport.Figures;
import dev.mlops.engine.delivery.DeliveryReport.Week;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The HTML page of {@code mlops delivery}: the four figures overall and per model, their weekly trends, and the
 * promotions, attempts and drift recoveries they come from.
 */
public final class DeliveryPage {

    private static final String COLOR = "#0969da";
    private static final String FAILURE_COLOR = "#d1242f";

    private DeliveryPage() {
    }

    public static String render(DeliveryReport report) {
        StringBuilder b = new StringBuilder("<h1>ML delivery</h1>\n<p class=\"meta\">")
                .append(Html.escape(report.since())).append(" to ").append(Html.escape(report.until()))
                .append("</p>\n");
        b.append("<h2>Figures</h2>\n<table><tr><th>Model</th><th>Deployments</th><th>per day</th><th>per week</th>"
                + "<th>Lead time median (h)</th><th>Lead time p90 (h)</th><th>Change failure rate</th>"
                + "<th>Attempts</th><th>Drift recovery median (h)</th><th>worst (h)</th><th>Open drifts</th></tr>\n");
        row(b, "all models", report.overall());
        for (Map.Entry<String, Figures> m : report.models().entrySet()) {
            row(b, m.getKey(), m.getValue());
        }
        b.append("</table>\n");

        List<Week> weeks = report.weeks();
        b.append("<h2>By week</h2>\n<div class=\"charts\">");
        chart(b, "Deployments", weeks, w -> (double) w.figures().promotions(), "", COLOR);
        chart(b, "Lead time, median", weeks, w -> w.figures().leadTimeHours().median(), " h", COLOR);
        chart(b, "Change failure rate", weeks, w -> w.figures().changeFailureRate(), "", FAILURE_COLOR);
        chart(b, "Time to recover from drift, median", weeks, w -> w.figures().recoveryHours().median(), " h",
                COLOR);
        b.append("</div>\n<table><tr><th>Week</th><th>Deployments</th><th>Lead time median (h)</th>"
                + "<th>Change failure rate</th><th>Recovery median (h)</th><th>Open drifts</th></tr>\n");
        for (Week w : weeks) {
            Figures f = w.figures();
            b.append("<tr><td>").append(Html.escape(w.week())).append("</td><td>").append(f.promotions())
                    .append("</td><td>").append(Html.number(f.leadTimeHours().median())).append("</td><td>")
                    .append(Html.number(f.changeFailureRate())).append("</td><td>")
                    .append(Html.number(f.recoveryHours().median())).append("</td><td>").append(f.openDrifts())
                    .append("</td></tr>\n");
        }
        b.append("</table>\n");

        b.append("<h2>Promotions to production</h2>\n<table><tr><th>Model</th><th>Version</th><th>Promoted</th>"
                + "<th>Started</th><th>From</th><th>Lead time (h)</th><th>Rolled back</th></tr>\n");
        for (DeliveryReport.Change c : report.changes()) {
            b.append("<tr><td>").append(Html.escape(c.model())).append("</td><td>").append(c.version())
                    .append("</td><td>").append(Html.escape(c.promotedAt())).append("</td><td>")
                    .append(Html.escape(c.startedAt())).append("</td><td>").append(Html.escape(c.startSource()))
                    .append("</td><td>").append(Html.number(c.leadTimeHours())).append("</td><td>")
                    .append(c.rolledBack() ? "<span class=\"status failed\">yes</span>" : "no").append("</td></tr>\n");
        }
        b.append("</table>\n<h2>Attempts</h2>\n<table><tr><th>Model</th><th>Version</th><th>At</th><th>Outcome</th>"
                + "</tr>\n");
        for (DeliveryReport.Attempt a : report.attempts()) {
            b.append("<tr><td>").append(Html.escape(a.model())).append("</td><td>")
                    .append(a.version() == null ? "(unregistered)" : a.version().toString()).append("</td><td>")
                    .append(Html.escape(a.at())).append("</td><td><span class=\"status ")
                    .append(a.failed() ? "failed" : "passed").append("\">").append(Html.escape(a.outcome()))
                    .append("</span></td></tr>\n");
        }
        b.append("</table>\n<h2>Drift recoveries</h2>\n<table><tr><th>Model</th><th>Detected</th><th>Answered by"
                + "</th><th>Promoted</th><th>Hours</th></tr>\n");
        for (DeliveryReport.Recovery r : report.recoveries()) {
            b.append("<tr><td>").append(Html.escape(r.model())).append("</td><td>").append(Html.escape(r.detectedAt()))
                    .append("</td><td>").append(r.version() == null ? "<span class=\"status failed\">open</span>"
                            : "v" + r.version()).append("</td><td>").append(Html.escape(r.recoveredAt()))
                    .append("</td><td>").append(Html.number(r.hours())).append("</td></tr>\n");
        }
        b.append("</table>\n");
        if (!report.notes().isEmpty()) {
            b.append("<h2>Notes</h2>\n<ul>");
            report.notes().forEach(n -> b.append("<li>").append(Html.escape(n)).append("</li>"));
            b.append("</ul>\n");
        }
        return Html.page("ML delivery", b.toString());
    }

    private static void row(StringBuilder b, String name, Figures f) {
        b.append("<tr><td>").append(Html.escape(name)).append("</td><td>").append(f.promotions())
                .append("</td><td>").append(Html.number(f.perDay())).append("</td><td>")
                .append(Html.number(f.perWeek())).append("</td><td>")
                .append(Html.number(f.leadTimeHours().median())).append("</td><td>")
                .append(Html.number(f.leadTimeHours().p90())).append("</td><td>")
                .append(Html.number(f.changeFailureRate())).append("</td><td>").append(f.attempts())
                .append("</td><td>").append(Html.number(f.recoveryHours().median())).append("</td><td>")
                .append(Html.number(f.recoveryHours().worst())).append("</td><td>").append(f.openDrifts())
                .append("</td></tr>\n");
    }

    /** One weekly trend as bars scaled to its largest week; a week without a value has no bar. */
    private static void chart(StringBuilder b, String title, List<Week> weeks, Function<Week, Double> value,
                              String unit, String color) {
        List<Long> scaled = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        for (Week week : weeks) {
            Double v = value.apply(week);
            // bars take whole numbers: thousandths keep rates and fractional hours visible
            scaled.add(v == null ? 0 : Math.round(v * 1000));
            titles.add(week.week() + ": " + (v == null ? "none" : String.format(Locale.ROOT, "%.3g", v) + unit));
        }
        b.append("<figure><figcaption>").append(Html.escape(title)).append("</figcaption>")
                .append(Svg.bars(scaled, titles, Math.max(120, 24 * weeks.size()), 80, color))
                .append("</figure>");
    }
}
