package dev.mlops.jenkins.lineage;

import edu.hm.hafner.echarts.ChartModelConfiguration;
import edu.hm.hafner.echarts.line.LineSeries;
import edu.hm.hafner.echarts.line.LinesChartModel;
import hudson.model.Action;
import hudson.model.Job;
import hudson.model.Run;
import io.jenkins.plugins.echarts.AsyncConfigurableTrendChart;
import io.jenkins.plugins.echarts.JenkinsPalette;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.kohsuke.stapler.bind.JavaScriptMethod;
import tools.jackson.databind.ObjectMapper;

/**
 * The job page's trend of model metrics (the last evaluation of each build, else its training metrics), drawn with
 * ECharts as junit-plugin draws its test trend. It reads at most {@link #MAX_BUILDS} builds, whatever is asked.
 */
public final class MlTrendAction implements Action, AsyncConfigurableTrendChart {

    static final int DEFAULT_BUILDS = 50;
    static final int MAX_BUILDS = 200;
    /** At most this many metrics are drawn, the latest build's first ones: a chart, not a table. */
    static final int MAX_SERIES = 6;
    private static final List<JenkinsPalette> COLORS = List.of(JenkinsPalette.BLUE, JenkinsPalette.GREEN,
            JenkinsPalette.RED, JenkinsPalette.YELLOW, JenkinsPalette.CYAN, JenkinsPalette.INDIGO);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Job<?, ?> job;

    MlTrendAction(Job<?, ?> job) {
        this.job = job;
    }

    public Job<?, ?> getJob() {
        return job;
    }

    @Override
    public String getIconFileName() {
        return null; // a chart on the job page, not a link in its side panel
    }

    @Override
    public String getDisplayName() {
        return Messages.MlTrendAction_DisplayName();
    }

    @Override
    public String getUrlName() {
        return "mlops-trend";
    }

    @JavaScriptMethod
    @Override
    public String getConfigurableBuildTrendModel(String configuration) {
        ChartModelConfiguration c = ChartModelConfiguration.fromJson(configuration);
        int builds = c.isBuildCountDefined() ? Math.min(c.getBuildCount(), MAX_BUILDS) : DEFAULT_BUILDS;
        return JSON.writeValueAsString(model(builds));
    }

    @Override
    public boolean isTrendVisible() {
        return history(DEFAULT_BUILDS).size() >= 2;
    }

    /** The chart: one line per metric of the latest build, over the builds that recorded all of them. */
    LinesChartModel model(int builds) {
        List<Point> points = history(builds);
        LinesChartModel model = new LinesChartModel();
        if (points.isEmpty()) {
            return model;
        }
        List<String> metrics = new ArrayList<>(points.get(points.size() - 1).metrics().keySet());
        metrics = metrics.subList(0, Math.min(metrics.size(), MAX_SERIES));
        List<String> labels = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        List<LineSeries> series = new ArrayList<>();
        for (int i = 0; i < metrics.size(); i++) {
            series.add(new LineSeries(metrics.get(i), COLORS.get(i).normal(), LineSeries.StackedMode.SEPARATE_LINES,
                    LineSeries.FilledMode.LINES));
        }
        for (Point p : points) {
            if (!p.metrics().keySet().containsAll(metrics)) {
                continue;
            }
            labels.add("#" + p.build());
            numbers.add(p.build());
            for (int i = 0; i < metrics.size(); i++) {
                series.get(i).add(p.metrics().get(metrics.get(i)));
            }
        }
        model.setDomainAxisLabels(labels);
        model.setBuildNumbers(numbers);
        model.addSeries(series.toArray(new LineSeries[0]));
        model.useContinuousRangeAxis();
        model.computeVisibleRange();
        return model;
    }

    private record Point(int build, Map<String, Double> metrics) {
    }

    /** Whether any of the last {@link #DEFAULT_BUILDS} completed builds of {@code job} recorded ML lineage. */
    static boolean hasLineage(Job<?, ?> job) {
        Run<?, ?> run = job.getLastCompletedBuild();
        for (int seen = 0; run != null && seen < DEFAULT_BUILDS; seen++, run = run.getPreviousCompletedBuild()) {
            if (run.getAction(MlLineageAction.class) != null) {
                return true;
            }
        }
        return false;
    }

    /** Builds with metrics among the last {@code builds} completed ones, oldest first. */
    private List<Point> history(int builds) {
        List<Point> points = new ArrayList<>();
        Run<?, ?> run = job.getLastCompletedBuild();
        for (int seen = 0; run != null && seen < builds; seen++, run = run.getPreviousCompletedBuild()) {
            MlLineageAction action = run.getAction(MlLineageAction.class);
            if (action != null && !action.getTrendMetrics().isEmpty()) {
                points.add(new Point(run.getNumber(), action.getTrendMetrics()));
            }
        }
        Collections.reverse(points);
        return points;
    }
}
