package dev.mlops.engine.evaluate;

import dev.mlops.engine.InputException;
import dev.mlops.engine.InputFiles;
import dev.mlops.engine.LogSink;
import dev.mlops.engine.UsageException;
import dev.mlops.engine.data.ColumnProfile;
import dev.mlops.engine.data.ColumnType;
import dev.mlops.engine.data.Columns;
import dev.mlops.engine.data.DatasetLoader;
import dev.mlops.engine.data.DatasetProfile;
import dev.mlops.engine.data.Fingerprint;
import dev.mlops.engine.data.Hashing;
import dev.mlops.engine.data.LoadedDataset;
import dev.mlops.engine.data.Profiler;
import dev.mlops.engine.data.ReadOptions;
import dev.mlops.engine.features.FeatureException;
import dev.mlops.engine.features.FittedColumn;
import dev.mlops.engine.features.FittedStep;
import dev.mlops.engine.metrics.ClassificationMetrics;
import dev.mlops.engine.metrics.Metric;
import dev.mlops.engine.metrics.RegressionMetrics;
import dev.mlops.engine.train.ModelBundle;
import dev.mlops.engine.train.Predictor;
import dev.mlops.engine.train.Task;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores a model bundle on labelled data and runs the gate: thresholds, comparison with a champion, and per-slice
 * thresholds. A first model (no champion) passes the comparisons with a note rather than failing them.
 */
public final class Evaluator {

    static final int CALIBRATION_BINS = 10;
    static final int MAX_CURVE_POINTS = 200;

    private Evaluator() {
    }

    public static EvaluationReport evaluate(Path modelFile, Path dataFile, ReadOptions read, GateOptions gate,
                                            LogSink log) {
        ModelBundle challenger = ModelBundle.read(modelFile);
        ModelBundle champion = gate.baseline() == null ? null : ModelBundle.read(gate.baseline());
        if (champion != null && (champion.metadata().task() != challenger.metadata().task()
                || !champion.metadata().target().equals(challenger.metadata().target()))) {
            throw new InputException(gate.baseline(), "the baseline predicts " + champion.metadata().task().id()
                    + " of '" + champion.metadata().target() + "', the model " + challenger.metadata().task().id()
                    + " of '" + challenger.metadata().target() + "': they cannot be compared");
        }
        InputFiles.requireReadable(dataFile);
        String target = challenger.metadata().target();
        Map<String, ColumnType> declared = new HashMap<>();
        challenger.schema().forEach((c, t) -> declared.put(c, ColumnType.fromId(t)));
        try (LoadedDataset data = DatasetLoader.load(dataFile, read, declared, log)) {
            DatasetProfile profile = Profiler.profile(data, new Fingerprint(dataFile.toString(),
                    Hashing.sha256Of(dataFile), data.rows(), data.columns()), log);
            requireColumns(dataFile, profile, challenger, target);
            if (champion != null) {
                requireColumns(dataFile, profile, champion, target);
            }
            Columns columns = data.readColumns();
            List<String> notes = new ArrayList<>();
            Scores scores = score(dataFile, challenger, columns, target);
            notes.addAll(unseenCategories(challenger, columns));
            Map<String, Double> metrics = scores.metrics(challenger, null);
            Scores championScores = champion == null ? null : score(dataFile, champion, columns, target);
            Map<String, Double> championMetrics = championScores == null ? null
                    : championScores.metrics(champion, null);

            List<GateCheck> checks = new ArrayList<>();
            for (Threshold t : gate.thresholds()) {
                checks.add(threshold("threshold", t, metrics, null));
            }
            comparisons(gate, metrics, championMetrics, checks);
            List<Map<String, Object>> slices = slices(dataFile, gate, challenger, columns, scores, checks, notes);
            boolean passed = checks.stream().noneMatch(GateCheck::failed);
            log.info("evaluated " + columns.rows() + " rows: " + (passed ? "passed" : "failed"));

            Map<String, Object> model = new LinkedHashMap<>();
            model.put("path", modelFile.toString());
            model.put("sha256", Hashing.sha256Of(modelFile));
            model.put("algorithm", challenger.metadata().algorithm());
            model.put("target", target);
            Map<String, Object> championInfo = null;
            if (champion != null) {
                championInfo = new LinkedHashMap<>();
                championInfo.put("path", gate.baseline().toString());
                championInfo.put("sha256", Hashing.sha256Of(gate.baseline()));
                championInfo.put("algorithm", champion.metadata().algorithm());
                championInfo.put("metrics", championMetrics);
            } else if (!gate.minImprovement().isEmpty() || !gate.maxRegression().isEmpty()) {
                notes.add("no champion yet: comparisons were skipped and the first model passes them");
            }
            ClassificationMetrics.Result classification = scores.classification(challenger);
            Map<String, List<double[]>> curves = new LinkedHashMap<>(scores.curves(challenger));
            if (championScores != null && !curves.isEmpty()) {
                Map<String, List<double[]>> theirs = championScores.curves(champion);
                curves.put("championRoc", theirs.get("roc"));
                curves.put("championPr", theirs.get("pr"));
            }
            return new EvaluationReport(model, profile.dataset(), challenger.metadata().task().id(),
                    challenger.metadata().classes(), metrics,
                    classification == null ? null : classification.perClass(),
                    classification == null ? null : classification.confusion(),
                    curves, slices, championInfo, checks, notes, passed);
        }
    }

    /** The data must have the target and every column the model reads, of the types it was trained on. */
    private static void requireColumns(Path dataFile, DatasetProfile profile, ModelBundle bundle, String target) {
        List<String> needed = new ArrayList<>(bundle.pipeline().inputColumns());
        needed.add(target);
        List<String> missing = needed.stream().filter(c -> profile.column(c).isEmpty()).toList();
        if (!missing.isEmpty()) {
            throw new InputException(dataFile, "columns the model needs are missing: " + missing
                    + "; the data has " + profile.dataset().columns());
        }
        List<String> mistyped = new ArrayList<>();
        for (String c : needed) {
            ColumnProfile p = profile.column(c).orElseThrow();
            if (p.invalid() > 0) {
                mistyped.add(c + " (" + p.invalid() + " values are not " + bundle.schema().get(c) + ")");
            }
        }
        if (!mistyped.isEmpty()) {
            throw new InputException(dataFile, "columns do not match the types the model was trained on: "
                    + String.join(", ", mistyped));
        }
        ColumnProfile t = profile.column(target).orElseThrow();
        if (t.nulls() > 0) {
            throw new InputException(dataFile, null, target, "the target is missing in " + t.nulls()
                    + " rows; labelled data is needed to evaluate", null);
        }
    }

    /** A model's predictions on every row, and the actual values. */
    private record Scores(List<String> actualLabels, double[][] probabilities, double[] actualValues,
                          double[] predicted) {

        Map<String, Double> metrics(ModelBundle bundle, int[] rows) {
            if (bundle.metadata().task() == Task.REGRESSION) {
                return RegressionMetrics.compute(select(actualValues, rows), select(predicted, rows));
            }
            return classification(bundle, rows).metrics();
        }

        ClassificationMetrics.Result classification(ModelBundle bundle) {
            return bundle.metadata().task() == Task.CLASSIFICATION ? classification(bundle, null) : null;
        }

        ClassificationMetrics.Result classification(ModelBundle bundle, int[] rows) {
            List<String> actual = actualLabels;
            double[][] p = probabilities;
            if (rows != null) {
                actual = new ArrayList<>();
                p = new double[rows.length][];
                for (int k = 0; k < rows.length; k++) {
                    actual.add(actualLabels.get(rows[k]));
                    p[k] = probabilities[rows[k]];
                }
            }
            return ClassificationMetrics.compute(actual, p, bundle.metadata().classes(),
                    bundle.metadata().positiveClass());
        }

        Map<String, List<double[]>> curves(ModelBundle bundle) {
            String positive = bundle.metadata().positiveClass();
            if (bundle.metadata().task() != Task.CLASSIFICATION || positive == null) {
                return Map.of();
            }
            int pos = bundle.metadata().classes().indexOf(positive);
            double[] s = new double[probabilities.length];
            boolean[] y = new boolean[probabilities.length];
            for (int i = 0; i < s.length; i++) {
                s[i] = probabilities[i][pos];
                y[i] = actualLabels.get(i).equals(positive);
            }
            Map<String, List<double[]>> curves = new LinkedHashMap<>();
            curves.put("roc", thin(ClassificationMetrics.rocCurve(s, y)));
            curves.put("pr", thin(ClassificationMetrics.prCurve(s, y)));
            curves.put("calibration", calibration(s, y));
            return curves;
        }

        private static double[] select(double[] values, int[] rows) {
            if (rows == null) {
                return values;
            }
            double[] out = new double[rows.length];
            for (int k = 0; k < rows.length; k++) {
                out[k] = values[rows[k]];
            }
            return out;
        }
    }

    private static Scores score(Path dataFile, ModelBundle bundle, Columns columns, String target) {
        Predictor predictor = new Predictor(bundle);
        int n = (int) columns.rows();
        boolean classification = bundle.metadata().task() == Task.CLASSIFICATION;
        List<String> labels = classification ? new ArrayList<>(n) : null;
        double[][] probabilities = classification ? new double[n][] : null;
        double[] actual = classification ? null : new double[n];
        double[] predicted = classification ? null : new double[n];
        List<Predictor.Scored> all;
        try {
            all = predictor.predictAll(columns, java.util.stream.IntStream.range(0, n).toArray());
        } catch (FeatureException e) {
            throw new InputException(dataFile, (long) e.row() + 1, e.column(), e.problem(), e);
        }
        for (int i = 0; i < n; i++) {
            Predictor.Scored s = all.get(i);
            if (classification) {
                labels.add(Predictor.labelOf(columns.value(target, i)));
                probabilities[i] = s.probabilities();
            } else {
                actual[i] = ((Number) columns.value(target, i)).doubleValue();
                predicted[i] = s.value();
            }
        }
        return new Scores(labels, probabilities, actual, predicted);
    }

    /** Values of one-hot columns that training never saw: they all land in the column's unknown bucket. */
    private static List<String> unseenCategories(ModelBundle bundle, Columns columns) {
        List<String> notes = new ArrayList<>();
        for (FittedColumn c : bundle.pipeline().columns()) {
            FittedStep last = c.steps().isEmpty() ? null : c.steps().get(c.steps().size() - 1);
            if (!(last instanceof FittedStep.OneHot oneHot)) {
                continue;
            }
            java.util.Set<String> known = new java.util.HashSet<>(oneHot.categories());
            Map<String, Integer> unseen = new TreeMap<>();
            for (int i = 0; i < columns.rows(); i++) {
                Object v = columns.value(c.name(), i);
                if (v != null && !known.contains(v.toString())) {
                    unseen.merge(v.toString(), 1, Integer::sum);
                }
            }
            if (!unseen.isEmpty()) {
                int total = unseen.values().stream().mapToInt(Integer::intValue).sum();
                notes.add(String.format(Locale.ROOT, "column '%s': %d rows (%.1f%%) hold categories unseen in "
                        + "training %s; they were encoded as %s=__unknown__", c.name(), total,
                        100.0 * total / columns.rows(), unseen.keySet(), c.name()));
            }
        }
        return notes;
    }

    private static GateCheck threshold(String kind, Threshold t, Map<String, Double> metrics, String slice) {
        Double observed = metrics.get(t.metric().id());
        if (observed == null) {
            if (slice == null) {
                throw new UsageException("--threshold " + t + ": the model's metrics have no " + t.metric().id()
                        + "; they are " + metrics.keySet());
            }
            return new GateCheck(kind, t.metric().id(), slice, null, t.value(), null, "skipped",
                    t.metric().id() + " is undefined on this slice (one class only?)");
        }
        boolean holds = t.holds(observed);
        return new GateCheck(kind, t.metric().id(), slice, observed, t.value(), null, holds ? "passed" : "failed",
                String.format(Locale.ROOT, "%s = %.4f, required %s %s", t.metric().id(), observed, t.operator(),
                        t.value()));
    }

    private static void comparisons(GateOptions gate, Map<String, Double> metrics, Map<String, Double> champion,
                                    List<GateCheck> checks) {
        for (Map.Entry<Metric, Double> e : gate.minImprovement().entrySet()) {
            checks.add(compare("min-improvement", e.getKey(), e.getValue(), metrics, champion));
        }
        for (Map.Entry<Metric, Double> e : gate.maxRegression().entrySet()) {
            checks.add(compare("max-regression", e.getKey(), -e.getValue(), metrics, champion));
        }
    }

    /** The improvement over the champion must be at least {@code least} (negative: a regression allowed). */
    private static GateCheck compare(String kind, Metric metric, double least, Map<String, Double> metrics,
                                     Map<String, Double> champion) {
        Double mine = metrics.get(metric.id());
        if (mine == null) {
            throw new UsageException("--" + kind + " " + metric.id() + ": the model's metrics have no "
                    + metric.id() + "; they are " + metrics.keySet());
        }
        if (champion == null) {
            return new GateCheck(kind, metric.id(), null, null, least, null, "skipped",
                    "no champion to compare with (first model)");
        }
        double theirs = champion.get(metric.id());
        double improvement = metric.improvement(mine, theirs);
        boolean holds = improvement >= least;
        return new GateCheck(kind, metric.id(), null, improvement, least, theirs, holds ? "passed" : "failed",
                String.format(Locale.ROOT, "%s %.4f vs champion %.4f: improvement %+.4f, required >= %+.4f",
                        metric.id(), mine, theirs, improvement, least));
    }

    private static List<Map<String, Object>> slices(Path dataFile, GateOptions gate, ModelBundle bundle,
                                                    Columns columns, Scores scores, List<GateCheck> checks,
                                                    List<String> notes) {
        List<Map<String, Object>> result = new ArrayList<>();
        for (String column : gate.slices()) {
            if (!columns.types().containsKey(column)) {
                throw new InputException(dataFile, null, column, "--slice column is not in the data", null);
            }
            Map<String, List<Integer>> groups = new TreeMap<>();
            for (int i = 0; i < columns.rows(); i++) {
                Object v = columns.value(column, i);
                groups.computeIfAbsent(v == null ? "(missing)" : Predictor.labelOf(v), k -> new ArrayList<>()).add(i);
            }
            for (Map.Entry<String, List<Integer>> g : groups.entrySet()) {
                int[] rows = g.getValue().stream().mapToInt(Integer::intValue).toArray();
                String slice = column + "=" + g.getKey();
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("column", column);
                entry.put("value", g.getKey());
                entry.put("rows", rows.length);
                Map<String, Double> metrics = scores.metrics(bundle, rows);
                entry.put("metrics", metrics);
                if (rows.length < gate.minSliceRows()) {
                    entry.put("note", "fewer than " + gate.minSliceRows() + " rows: not checked");
                } else {
                    for (Threshold t : gate.sliceThresholds()) {
                        checks.add(threshold("slice-threshold", t, metrics, slice));
                    }
                }
                result.add(entry);
            }
        }
        if (!gate.sliceThresholds().isEmpty() && gate.slices().isEmpty()) {
            notes.add("--slice-threshold given without --slice: nothing to check");
        }
        return result;
    }

    /** Ten equal-width bins of predicted probability: mean prediction, observed positive rate, rows. */
    private static List<double[]> calibration(double[] s, boolean[] y) {
        double[] sum = new double[CALIBRATION_BINS];
        double[] positives = new double[CALIBRATION_BINS];
        int[] count = new int[CALIBRATION_BINS];
        for (int i = 0; i < s.length; i++) {
            int b = Math.min(CALIBRATION_BINS - 1, (int) (s[i] * CALIBRATION_BINS));
            sum[b] += s[i];
            positives[b] += y[i] ? 1 : 0;
            count[b]++;
        }
        List<double[]> out = new ArrayList<>();
        for (int b = 0; b < CALIBRATION_BINS; b++) {
            if (count[b] > 0) {
                out.add(new double[] {sum[b] / count[b], positives[b] / count[b], count[b]});
            }
        }
        return out;
    }

    /** At most {@link #MAX_CURVE_POINTS} points, keeping the first and last, for reports and results. */
    private static List<double[]> thin(List<double[]> points) {
        if (points.size() <= MAX_CURVE_POINTS) {
            return points;
        }
        LinkedHashSet<Integer> keep = new LinkedHashSet<>();
        for (int k = 0; k < MAX_CURVE_POINTS; k++) {
            keep.add((int) Math.round((double) k * (points.size() - 1) / (MAX_CURVE_POINTS - 1)));
        }
        return keep.stream().map(points::get).toList();
    }
}
