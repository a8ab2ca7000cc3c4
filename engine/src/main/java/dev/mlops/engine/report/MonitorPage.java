package dev.mlops.engine.report;

import dev.mlops.engine.monitor.ColumnDrift;
import dev.mlops.engine.monitor.ConceptDrift;
import dev.mlops.engine.monitor.Monitor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The HTML page of a monitoring run: the verdict and its reasons, per column the reference and current
 * distributions overlaid with the test, statistic, threshold and verdict, prediction and concept drift, and the drift
 * share over earlier runs when a history is given.
 */
public final class MonitorPage {

    static final String REFERENCE_COLOR = "#0969da";
    static final String CURRENT_COLOR = "#d1242f";

    private MonitorPage() {
    }

    /** @param shareHistory drift shares of earlier runs, oldest first (the current run is appended) */
    public static String render(Monitor.Result result, List<Double> shareHistory) {
        StringBuilder body = new StringBuilder();
        String status = result.drift() ? "drift" : "passed";
        body.append("<h1>Drift monitor <span class=\"status ").append(result.drift() ? "failed" : "passed")
                .append("\">").append(status).append("</span></h1>\n<p class=\"meta\">reference ")
                .append(Html.escape(result.referenceKind())).append(": <code>")
                .append(Html.escape(result.reference().path())).append("</code> (")
                .append(Html.number(result.data().referenceRows())).append(" rows) &middot; current: ")
                .append(Html.escape(String.join(", ", result.current().stream().map(f -> f.path()).toList())))
                .append(" (").append(Html.number(result.data().currentRows())).append(" rows)")
                .append(result.model() == null ? "" : " &middot; model <code>" + Html.escape(result.model()) + "</code>")
                .append("</p>\n");
        body.append("<ul>");
        for (String reason : result.reasons()) {
            body.append("<li>").append(Html.escape(reason)).append("</li>");
        }
        if (result.reasons().isEmpty()) {
            body.append(String.format(Locale.ROOT, "<li>no drift: %d of %d columns drifted (share %.2f &lt; %.2f)</li>",
                    result.data().driftedColumns().size(), result.data().columns().size(), result.data().share(),
                    result.data().driftShareThreshold()));
        }
        body.append("</ul>\n").append(Html.legend("reference", REFERENCE_COLOR, "current", CURRENT_COLOR));
        if (shareHistory != null && !shareHistory.isEmpty()) {
            List<Double> shares = new ArrayList<>(shareHistory);
            shares.add(result.data().share());
            List<double[]> points = new ArrayList<>();
            for (int i = 0; i < shares.size(); i++) {
                points.add(new double[] {shares.size() == 1 ? 0 : (double) i / (shares.size() - 1), shares.get(i)});
            }
            List<double[]> threshold = List.of(new double[] {0, result.data().driftShareThreshold()},
                    new double[] {1, result.data().driftShareThreshold()});
            body.append("<h2>Drift share over the last ").append(shares.size()).append(" runs</h2>\n")
                    .append(Svg.lines(List.of(points, threshold), List.of(CURRENT_COLOR, "#8c959f"), "run",
                            "share of drifted columns", false, true));
        }
        body.append("<h2>Columns</h2>\n<table><tr><th>Column</th><th>Kind</th><th>Test</th><th>Statistic</th>"
                + "<th>p-value</th><th>Threshold</th><th>Verdict</th><th>Reference vs current</th></tr>\n");
        for (ColumnDrift c : result.data().columns()) {
            row(body, c);
        }
        if (result.prediction() != null) {
            row(body, result.prediction());
        }
        body.append("</table>\n");
        for (String s : result.data().skipped()) {
            body.append("<p class=\"meta\">skipped ").append(Html.escape(s)).append("</p>\n");
        }
        ConceptDrift.Result concept = result.concept();
        if (concept != null) {
            body.append("<h2>Concept drift (").append(Html.escape(concept.metric())).append(")</h2>\n<p>overall ")
                    .append(Html.number(concept.overall())).append(concept.recorded() == null ? ""
                            : ", recorded at training " + Html.number(concept.recorded()))
                    .append(concept.alarmRow() == null ? "; Page-Hinkley: no alarm"
                            : "; Page-Hinkley alarm at row " + concept.alarmRow()).append("</p>\n");
            List<double[]> points = new ArrayList<>();
            for (int i = 0; i < concept.windows().size(); i++) {
                points.add(new double[] {concept.windows().size() == 1 ? 0 : (double) i / (concept.windows().size() - 1),
                    concept.windows().get(i).value()});
            }
            List<List<double[]>> series = new ArrayList<>(List.of(points));
            List<String> colors = new ArrayList<>(List.of(CURRENT_COLOR));
            if (concept.recorded() != null) {
                series.add(List.of(new double[] {0, concept.recorded()}, new double[] {1, concept.recorded()}));
                colors.add(REFERENCE_COLOR);
            }
            body.append(Svg.lines(series, colors, "window", concept.metric(), false, true));
            body.append("<table><tr><th>Rows</th><th>").append(Html.escape(concept.metric()))
                    .append("</th><th>Verdict</th></tr>\n");
            for (ConceptDrift.Window w : concept.windows()) {
                body.append("<tr").append(w.drifted() ? " class=\"sev-error\"" : "").append("><td>").append(w.fromRow())
                        .append("–").append(w.toRow()).append("</td><td class=\"num\">").append(Html.number(w.value()))
                        .append("</td><td>").append(w.drifted() ? "worse" : "ok").append("</td></tr>\n");
            }
            body.append("</table>\n");
        }
        return Html.page("Drift monitor", body.toString());
    }

    private static void row(StringBuilder body, ColumnDrift c) {
        body.append("<tr").append(c.drifted() ? " class=\"sev-error\"" : "").append("><td>")
                .append(Html.escape(c.column())).append("</td><td>").append(c.kind()).append("</td><td>")
                .append(c.test().id()).append("</td><td class=\"num\">").append(Html.number(c.statistic()))
                .append("</td><td class=\"num\">").append(c.pValue() == null ? "" : Html.number(c.pValue()))
                .append("</td><td class=\"num\">").append(Html.number(c.threshold())).append("</td><td>")
                .append(c.drifted() ? "<span class=\"badge error\">drift</span>" : "ok").append("</td><td>")
                .append(Svg.overlaidBars(c.referenceShare(), c.currentShare(), c.bins(), 240, 48, REFERENCE_COLOR,
                        CURRENT_COLOR)).append("</td></tr>\n");
    }
}
