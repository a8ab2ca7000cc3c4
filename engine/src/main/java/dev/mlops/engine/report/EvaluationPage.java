package dev.mlops.engine.report;

import dev.mlops.engine.evaluate.EvaluationReport;
import dev.mlops.engine.evaluate.GateCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The HTML page of an evaluation: verdict, checks, model vs champion, curves, confusion matrix, slices. */
public final class EvaluationPage {

    private static final String MODEL_COLOR = "#0969da";
    private static final String CHAMPION_COLOR = "#8250df";

    private EvaluationPage() {
    }

    public static String render(EvaluationReport r) {
        String status = r.passed() ? "passed" : "failed";
        StringBuilder b = new StringBuilder();
        b.append("<h1>Evaluation gate <span class=\"status ").append(status).append("\">").append(status)
                .append("</span></h1>\n<p class=\"meta\">model ").append(Html.escape(str(r.model().get("path"))))
                .append(" (").append(Html.escape(str(r.model().get("algorithm")))).append(", sha256 <code>")
                .append(Html.escape(str(r.model().get("sha256")))).append("</code>) on ")
                .append(Html.escape(r.dataset().path())).append(" &middot; ").append(Html.number(r.dataset().rows()))
                .append(" rows &middot; target <code>").append(Html.escape(str(r.model().get("target"))))
                .append("</code></p>\n");
        for (String note : r.notes()) {
            b.append("<p class=\"meta\">&#9432; ").append(Html.escape(note)).append("</p>\n");
        }
        b.append("<h2>Checks</h2>\n");
        if (r.checks().isEmpty()) {
            b.append("<p>No checks were requested.</p>\n");
        } else {
            b.append("<table><tr><th>Verdict</th><th>Check</th><th>Metric</th><th>Slice</th><th>Finding</th></tr>\n");
            for (GateCheck c : r.checks()) {
                String cls = c.failed() ? "sev-error" : "skipped".equals(c.verdict()) ? "sev-warning" : "";
                b.append("<tr class=\"").append(cls).append("\"><td>").append(Html.escape(c.verdict()))
                        .append("</td><td>").append(Html.escape(c.kind())).append("</td><td>")
                        .append(Html.escape(c.metric())).append("</td><td>").append(Html.escape(c.slice()))
                        .append("</td><td>").append(Html.escape(c.message())).append("</td></tr>\n");
            }
            b.append("</table>\n");
        }
        b.append("<h2>Metrics</h2>\n<table><tr><th>Metric</th><th>Model</th>");
        @SuppressWarnings("unchecked")
        Map<String, Double> champion = r.champion() == null ? null : (Map<String, Double>) r.champion().get("metrics");
        if (champion != null) {
            b.append("<th>Champion (").append(Html.escape(str(r.champion().get("algorithm"))))
                    .append(")</th><th>Difference</th>");
        }
        b.append("</tr>\n");
        for (Map.Entry<String, Double> m : r.metrics().entrySet()) {
            b.append("<tr><td>").append(Html.escape(m.getKey())).append("</td><td class=\"num\">")
                    .append(Html.number(m.getValue())).append("</td>");
            if (champion != null) {
                Double theirs = champion.get(m.getKey());
                b.append("<td class=\"num\">").append(Html.number(theirs)).append("</td><td class=\"num\">")
                        .append(theirs == null ? "" : Html.number(m.getValue() - theirs)).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</table>\n");
        if (!r.curves().isEmpty()) {
            boolean withChampion = r.curves().containsKey("championRoc");
            List<String> colors = withChampion ? List.of(CHAMPION_COLOR, MODEL_COLOR) : List.of(MODEL_COLOR);
            b.append("<h2>Curves</h2>\n");
            if (withChampion) {
                b.append(Html.legend("model", MODEL_COLOR, "champion", CHAMPION_COLOR));
            }
            b.append("<table class=\"compact\"><tr><th>ROC</th><th>Precision-recall</th>"
                    + "<th>Calibration</th></tr><tr><td>")
                    .append(Svg.lines(series(r, "championRoc", "roc"), colors, "false positive rate",
                            "true positive rate", true, false))
                    .append("</td><td>")
                    .append(Svg.lines(series(r, "championPr", "pr"), colors, "recall", "precision", false, false))
                    .append("</td><td>")
                    .append(Svg.lines(List.of(r.curves().get("calibration")), List.of(MODEL_COLOR),
                            "mean predicted probability", "observed positive rate", true, true))
                    .append("</td></tr></table>\n");
        }
        if (r.confusion() != null) {
            b.append("<h2>Confusion matrix</h2>\n<table class=\"compact\"><tr><th>actual \\ predicted</th>");
            for (String c : r.classes()) {
                b.append("<th>").append(Html.escape(c)).append("</th>");
            }
            b.append("</tr>\n");
            for (int i = 0; i < r.classes().size(); i++) {
                b.append("<tr><th>").append(Html.escape(r.classes().get(i))).append("</th>");
                for (int j = 0; j < r.classes().size(); j++) {
                    b.append("<td class=\"num").append(i == j ? " diagonal" : "").append("\">")
                            .append(Html.number(r.confusion()[i][j])).append("</td>");
                }
                b.append("</tr>\n");
            }
            b.append("</table>\n");
        }
        if (!r.slices().isEmpty()) {
            TreeSet<String> names = new TreeSet<>();
            for (Map<String, Object> s : r.slices()) {
                @SuppressWarnings("unchecked")
                Map<String, Double> m = (Map<String, Double>) s.get("metrics");
                names.addAll(m.keySet());
            }
            List<String> metricNames = new ArrayList<>(names);
            b.append("<h2>Slices</h2>\n<table><tr><th>Slice</th><th>Rows</th>");
            metricNames.forEach(n -> b.append("<th>").append(Html.escape(n)).append("</th>"));
            b.append("<th>Note</th></tr>\n");
            for (Map<String, Object> s : r.slices()) {
                @SuppressWarnings("unchecked")
                Map<String, Double> m = (Map<String, Double>) s.get("metrics");
                String slice = s.get("column") + "=" + s.get("value");
                boolean failed = r.checks().stream().anyMatch(c -> c.failed() && slice.equals(c.slice()));
                b.append("<tr").append(failed ? " class=\"sev-error\"" : "").append("><td>")
                        .append(Html.escape(slice)).append("</td><td class=\"num\">")
                        .append(Html.number((Number) s.get("rows"))).append("</td>");
                metricNames.forEach(n -> b.append("<td class=\"num\">").append(Html.number(m.get(n))).append("</td>"));
                b.append("<td>").append(Html.escape(str(s.get("note")))).append("</td></tr>\n");
            }
            b.append("</table>\n");
        }
        return Html.page("Evaluation: " + str(r.model().get("path")), b.toString());
    }

    /** The champion's curve first (drawn underneath), then the model's. */
    private static List<List<double[]>> series(EvaluationReport r, String championKey, String modelKey) {
        return r.curves().containsKey(championKey) ? List.of(r.curves().get(championKey), r.curves().get(modelKey))
                : List.of(r.curves().get(modelKey));
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }
}
