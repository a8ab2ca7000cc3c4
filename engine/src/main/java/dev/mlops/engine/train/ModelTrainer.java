package dev.mlops.engine.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.engine.EngineVersion;
import dev.mlops.engine.InputException;
import dev.mlops.engine.InputFiles;
import dev.mlops.engine.Json;
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
import dev.mlops.engine.metrics.ClassificationMetrics;
import dev.mlops.engine.metrics.Metric;
import dev.mlops.engine.metrics.RegressionMetrics;
import dev.mlops.engine.features.FeatureException;
import dev.mlops.engine.features.FeatureFitter;
import dev.mlops.engine.features.FeatureSpec;
import dev.mlops.engine.features.FittedPipeline;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.ONNXExportable;
import org.tribuo.Trainer;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.common.xgboost.XGBoostTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import com.oracle.labs.mlrg.olcut.config.json.JsonProvenanceSerialization;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;

/**
 * Trains a model bundle: loads and profiles the data, fits the feature pipeline, optionally searches hyperparameters
 * with k-fold cross-validation, trains the final model on all rows and packages it.
 */
public final class ModelTrainer {

    static final int MAX_CLASSES_FOR_INTEGER_TARGET = 20;
    static final int DEFAULT_SEARCH_FOLDS = 5;

    /**
     * Tribuo stamps the wall-clock training time and the data source's creation time into a model's provenance; both
     * are set to this instant so that the bundle's bytes depend only on its inputs.
     */
    static final OffsetDateTime FIXED_TIME = OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    /**
     * Training metrics are a sanity check, not an estimate (cross-validation is): beyond this many rows they are
     * computed on an evenly spaced sample, which saved 15 s of 77 at 1M rows (docs/benchmarks.md).
     */
    static final int TRAINING_METRICS_MAX_ROWS = 100_000;

    /** Execution settings that do not change the model and so are not recorded as its parameters. */
    private static final List<String> EXECUTION_PARAMS = List.of("threads");

    private ModelTrainer() {
    }

    /** The trained bundle and what the run reports beyond it. */
    public record Result(ModelBundle bundle, Map<String, Object> summary) {
    }

    public static Result train(Path dataFile, ReadOptions read, TrainOptions options, LogSink log) {
        InputFiles.requireReadable(dataFile);
        Map<String, Double> givenParams = resolveParams(options.algorithm(), options.params());
        CompletableFuture<String> sha256 = Hashing.sha256Async(dataFile);
        try (LoadedDataset data = DatasetLoader.load(dataFile, read, log)) {
            String hash = Hashing.await(sha256, dataFile);
            DatasetProfile profile = Profiler.profile(data, new Fingerprint(dataFile.getFileName().toString(), hash,
                    data.rows(), data.columns()), log);
            Columns columns = data.readColumns();
            log.info("read " + columns.rows() + " rows into memory");
            Target target = target(dataFile, options, profile, columns);
            FeatureSpec spec = options.featureSpec() != null
                    ? FeatureSpec.read(options.featureSpec(), profile, options.target())
                    : defaultSpec(profile, options.target(), log);
            Training training = new Training(dataFile, options, columns, target, spec, hash, log);

            List<Map<String, String>> candidates = candidates(options);
            int folds = options.search() != null && options.folds() == 0 ? DEFAULT_SEARCH_FOLDS : options.folds();
            List<Map<String, Object>> trials = new ArrayList<>();
            int best = 0;
            Map<String, Object> bestCv = null;
            if (folds >= 2) {
                if (folds > columns.rows()) {
                    throw new InputException(dataFile, folds + " folds need at least as many rows; there are "
                            + columns.rows());
                }
                Metric selection = training.selectionMetric();
                double bestScore = Double.NaN;
                for (int t = 0; t < candidates.size(); t++) {
                    Map<String, Double> params = resolveParams(options.algorithm(), candidates.get(t));
                    long foldsBefore = (long) t * folds;
                    long allFolds = (long) candidates.size() * folds;
                    Map<String, Object> cv = training.crossValidate(params, folds,
                            fold -> log.progress("cross-validating", foldsBefore + fold, allFolds));
                    double score = (double) cv.get("mean");
                    log.info(String.format(java.util.Locale.ROOT, "trial %d/%d %s: %s = %.5f", t + 1,
                            candidates.size(), recorded(options.algorithm(), params), selection.id(), score));
                    Map<String, Object> trial = new LinkedHashMap<>();
                    trial.put("params", recorded(options.algorithm(), params));
                    trial.put("cv", cv);
                    trials.add(trial);
                    if (Double.isNaN(bestScore) || selection.improvement(score, bestScore) > 0) {
                        bestScore = score;
                        best = t;
                        bestCv = cv;
                    }
                }
            }
            Map<String, Double> params = folds >= 2 ? resolveParams(options.algorithm(), candidates.get(best))
                    : givenParams;
            log.info("training " + options.algorithm().id() + " on " + columns.rows() + " rows");
            int[] all = java.util.stream.IntStream.range(0, (int) columns.rows()).toArray();
            FittedPipeline pipeline = training.fit(all);
            log.info("fitted " + pipeline.featureNames().size() + " features");
            Training.TrainingRows trainingRows = training.trainingRows(pipeline, all);
            Model<?> model = withFixedTrainingTime(training.train(trainingRows, params));
            List<String> leftOut = pipeline.featureNames().stream()
                    .filter(f -> model.getFeatureIDMap().get(f) == null).toList();
            if (!leftOut.isEmpty()) {
                log.info("the model leaves out " + leftOut.size() + " features with one value in every training row: "
                        + String.join(", ", leftOut.subList(0, Math.min(10, leftOut.size())))
                        + (leftOut.size() > 10 ? ", ..." : ""));
            }
            int[] metricRows = evenlySpaced(all, TRAINING_METRICS_MAX_ROWS);
            log.info("trained; scoring " + metricRows.length + " training rows");
            // The export only reads the model; beside the scoring, its first-use cost (ONNX's classes, about a
            // tenth of a second) is hidden.
            Map<String, Object> onnx = new LinkedHashMap<>();
            CompletableFuture<byte[]> onnxExport = CompletableFuture.supplyAsync(() -> onnx(model, onnx));
            Map<String, Double> metrics = training.score(pipeline, model, metricRows, trainingRows);

            Map<String, Object> search = null;
            if (options.search() != null) {
                search = new LinkedHashMap<>();
                search.put("kind", options.search().grid() ? "grid" : "random");
                search.put("folds", folds);
                search.put("metric", training.selectionMetric().id());
                search.put("trials", trials);
                search.put("best", best);
            }
            byte[] onnxBytes = onnxExport.join(); // onnx() reports a failed export; only the JVM's own errors escape
            Map<String, Object> trainingData = new LinkedHashMap<>();
            trainingData.put("file", dataFile.getFileName().toString());
            trainingData.put("sha256", hash);
            trainingData.put("rows", columns.rows());
            trainingData.put("metricsRows", metricRows.length);
            BundleMetadata metadata = new BundleMetadata(ModelBundle.FORMAT, ModelBundle.VERSION, target.task,
                    options.target(), options.algorithm().id(), recorded(options.algorithm(), params), options.seed(), target.classes,
                    target.positive, pipeline.featureNames(), trainingData, metrics,
                    options.search() == null ? bestCv : null, search, provenanceJson(model), versions(), onnx, null);
            Map<String, String> schema = new LinkedHashMap<>();
            for (String c : data.columns()) {
                schema.put(c, data.type(c).id());
            }
            ModelBundle bundle = new ModelBundle(metadata, pipeline, schema, profile, model, onnxBytes);
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("task", target.task.id());
            summary.put("target", options.target());
            summary.put("algorithm", options.algorithm().id());
            summary.put("params", recorded(options.algorithm(), params));
            summary.put("seed", options.seed());
            summary.put("features", pipeline.featureNames().size());
            summary.put("trainingData", Map.of("path", dataFile.toString(), "sha256", hash, "rows", columns.rows()));
            summary.put("metrics", metrics);
            if (bestCv != null) {
                summary.put("crossValidation", bestCv);
            }
            if (search != null) {
                summary.put("search", search);
            }
            summary.put("onnx", onnx);
            return new Result(bundle, summary);
        } finally {
            sha256.cancel(false);
        }
    }

    /** At most {@code max} of {@code rows}, evenly spaced: deterministic, and covering the whole file. */
    static int[] evenlySpaced(int[] rows, int max) {
        if (rows.length <= max) {
            return rows;
        }
        int[] out = new int[max];
        for (int k = 0; k < max; k++) {
            out[k] = rows[(int) ((long) k * rows.length / max)];
        }
        return out;
    }

    private static Map<String, Double> resolveParams(Algorithm algorithm, Map<String, String> given) {
        try {
            return algorithm.resolve(given);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--param " + e.getMessage());
        }
    }

    /**
     * The parameters that define the model, whole-number ones as integers; a parameter added later is left out at the
     * value used before it existed ({@link ParamSpec#formerValue}).
     */
    private static Map<String, Number> recorded(Algorithm algorithm, Map<String, Double> params) {
        Map<String, Number> r = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : params.entrySet()) {
            ParamSpec spec = algorithm.param(e.getKey());
            if (!EXECUTION_PARAMS.contains(e.getKey()) && spec.recordedAt(e.getValue())) {
                r.put(e.getKey(), spec.integer() ? (Number) e.getValue().longValue() : (Number) e.getValue());
            }
        }
        return r;
    }

    private static List<Map<String, String>> candidates(TrainOptions options) {
        if (options.search() == null) {
            return List.of(options.params());
        }
        SearchSpace space = SearchSpace.read(options.search().space(), options.algorithm());
        List<Map<String, String>> drawn = options.search().grid() ? space.grid(options.search().space())
                : space.random(options.search().trials(), options.seed());
        List<Map<String, String>> merged = new ArrayList<>();
        for (Map<String, String> d : drawn) {
            Map<String, String> m = new LinkedHashMap<>(options.params());
            m.putAll(d);
            merged.add(m);
        }
        return merged;
    }

    private static FeatureSpec defaultSpec(DatasetProfile profile, String target, LogSink log) {
        FeatureSpec spec = FeatureSpec.defaults(profile, target);
        Map<String, List<dev.mlops.engine.features.Step>> kept = new LinkedHashMap<>();
        for (Map.Entry<String, List<dev.mlops.engine.features.Step>> e : spec.columns().entrySet()) {
            if (profile.column(e.getKey()).map(ColumnProfile::count).orElse(0L) == 0) {
                log.info("leaving out column '" + e.getKey() + "': it has no values");
            } else {
                kept.put(e.getKey(), e.getValue());
            }
        }
        List<String> left = profile.columns().stream().map(ColumnProfile::name)
                .filter(c -> !c.equals(target) && !kept.containsKey(c)).toList();
        if (!left.isEmpty()) {
            log.info("default features leave out " + left + " (identifiers, dates, empty columns)");
        }
        return new FeatureSpec(kept);
    }

    /** The target column's values, the task, and for classification the classes. */
    private record Target(Task task, String[] labels, double[] values, List<String> classes, String positive) {
    }

    private static Target target(Path file, TrainOptions options, DatasetProfile profile, Columns columns) {
        String name = options.target();
        ColumnProfile p = profile.column(name).orElseThrow(() -> new InputException(file, null, name,
                "target column is not in the data; columns are " + columns.types().keySet(), null));
        if (p.count() == 0) {
            throw new InputException(file, null, name, "the target column has no values", null);
        }
        long missing = p.nulls() + p.invalid();
        if (missing > 0) {
            int firstRow = firstMissing(columns, name);
            throw new InputException(file, (long) firstRow + 1, name,
                    "the target is missing in " + missing + " rows; drop or fill them first", null);
        }
        Task task = options.task() != null ? options.task()
                : p.type() == ColumnType.DOUBLE
                        || (p.type() == ColumnType.INTEGER && (p.distinct() == null
                        || p.distinct() > MAX_CLASSES_FOR_INTEGER_TARGET)) ? Task.REGRESSION : Task.CLASSIFICATION;
        if (!options.algorithm().tasks().contains(task)) {
            throw new UsageException("--algorithm " + options.algorithm().id() + " does not do "
                    + task.id() + " (target '" + name + "'); use one of " + Arrays.stream(Algorithm.values())
                    .filter(a -> a.tasks().contains(task)).map(Algorithm::id).toList());
        }
        int n = (int) columns.rows();
        if (task == Task.REGRESSION) {
            double[] values = columns.numbers().get(name);
            if (values == null) {
                throw new InputException(file, null, name, "regression needs a numeric target; it is "
                        + p.type().id(), null);
            }
            return new Target(task, null, values.clone(), null, null);
        }
        String[] labels = labels(columns, name);
        List<String> classes = List.copyOf(new TreeSet<>(new HashSet<>(Arrays.asList(labels))));
        if (classes.size() < 2) {
            throw new InputException(file, null, name, "the target has a single class '" + classes.get(0)
                    + "'; classification needs at least two", null);
        }
        String positive = null;
        if (classes.size() == 2) {
            positive = options.positiveClass() != null ? options.positiveClass() : pickPositive(classes);
            if (!classes.contains(positive)) {
                throw new UsageException("--positive-class '" + positive + "' is not a class of '" + name
                        + "'; classes are " + classes);
            }
        }
        return new Target(task, labels, null, classes, positive);
    }

    /**
     * Each row's class label ({@link Predictor#labelOf}), one string per distinct value: a million rows of a 0/1
     * target hold two strings, not a million.
     */
    private static String[] labels(Columns columns, String name) {
        double[] numbers = columns.numbers().get(name);
        if (numbers == null) {
            return columns.texts().get(name); // the text of a value is its label (the labels are only read)
        }
        Map<Double, String> byValue = new HashMap<>();
        String[] labels = new String[numbers.length];
        for (int i = 0; i < numbers.length; i++) {
            labels[i] = Double.isNaN(numbers[i]) ? null
                    : byValue.computeIfAbsent(numbers[i], Predictor::labelOf);
        }
        return labels;
    }

    private static int firstMissing(Columns columns, String name) {
        for (int i = 0; i < columns.rows(); i++) {
            if (columns.value(name, i) == null) {
                return i;
            }
        }
        return 0;
    }

    private static String pickPositive(List<String> classes) {
        for (String candidate : List.of("1", "true", "yes", "y", "positive")) {
            for (String c : classes) {
                if (c.equalsIgnoreCase(candidate)) {
                    return c;
                }
            }
        }
        return classes.get(classes.size() - 1);
    }

    /** One training run's inputs, and the operations cross-validation and the final fit share. */
    private static final class Training {
        private final Path file;
        private final TrainOptions options;
        private final Columns columns;
        private final Target target;
        private final FeatureSpec spec;
        private final String dataHash;
        private final LogSink log;

        Training(Path file, TrainOptions options, Columns columns, Target target, FeatureSpec spec, String dataHash,
                 LogSink log) {
            this.log = log;
            this.file = file;
            this.options = options;
            this.columns = columns;
            this.target = target;
            this.spec = spec;
            this.dataHash = dataHash;
        }

        Metric selectionMetric() {
            if (target.task == Task.REGRESSION) {
                return Metric.RMSE;
            }
            return target.classes.size() == 2 ? Metric.AUC : Metric.ACCURACY;
        }

        FittedPipeline fit(int[] rows) {
            Map<String, double[]> numbers = new HashMap<>();
            Map<String, String[]> texts = new HashMap<>();
            // The fitter only reads its input: for every row, the loaded columns themselves; for a fold, a copy.
            boolean everyRow = isEveryRow(rows);
            for (String c : spec.columns().keySet()) {
                double[] n = columns.numbers().get(c);
                if (n != null) {
                    numbers.put(c, everyRow ? n : Arrays.stream(rows).mapToDouble(i -> n[i]).toArray());
                } else {
                    String[] t = columns.texts().get(c);
                    texts.put(c, everyRow ? t : Arrays.stream(rows).mapToObj(i -> t[i]).toArray(String[]::new));
                }
            }
            try {
                return FeatureFitter.fit(spec, numbers, texts);
            } catch (FeatureException e) {
                throw new InputException(options.featureSpec() != null ? options.featureSpec() : file, null,
                        e.column(), e.problem(), e);
            }
        }

        private boolean isEveryRow(int[] rows) {
            if (rows.length != columns.rows()) {
                return false;
            }
            for (int i = 0; i < rows.length; i++) {
                if (rows[i] != i) {
                    return false;
                }
            }
            return true;
        }

        Map<String, Object> row(FittedPipeline pipeline, int i, Map<String, Object> reuse) {
            for (String c : pipeline.inputColumns()) {
                reuse.put(c, columns.value(c, i));
            }
            return reuse;
        }

        double[] features(FittedPipeline pipeline, int i, Map<String, Object> reuse) {
            try {
                return pipeline.transform(row(pipeline, i, reuse));
            } catch (FeatureException e) {
                throw new InputException(file, (long) i + 1, e.column(), e.problem(), e);
            }
        }

        /**
         * What a trainer learns from: for XGBoost a feature matrix, for Tribuo's other trainers one example per row.
         * Built once; trainers only read it, so one serves every trial of a search.
         */
        record TrainingRows(int[] rows, FeatureMatrix matrix, Dataset<?> examples) {
        }

        TrainingRows trainingRows(FittedPipeline pipeline, int[] rows) {
            if (options.algorithm().learnsFromMatrix()) {
                FeatureMatrix matrix = FeatureMatrix.of(pipeline, columns, rows, file);
                log.info("built a " + rows.length + " x " + matrix.features().size() + " training matrix");
                return new TrainingRows(rows, matrix, null);
            }
            return new TrainingRows(rows, null, dataset(pipeline, rows));
        }

        private Dataset<?> dataset(FittedPipeline pipeline, int[] rows) {
            String[] names = pipeline.featureNames().toArray(String[]::new);
            Map<String, Object> reuse = new HashMap<>();
            if (target.task == Task.CLASSIFICATION) {
                LabelFactory factory = new LabelFactory();
                MutableDataset<Label> dataset = new MutableDataset<>(source(factory), factory);
                for (int i : rows) {
                    dataset.add(new ArrayExample<>(new Label(target.labels[i]), names, features(pipeline, i, reuse)));
                }
                log.info("built " + rows.length + " training examples");
                return dataset;
            }
            RegressionFactory factory = new RegressionFactory();
            MutableDataset<Regressor> dataset = new MutableDataset<>(source(factory), factory);
            for (int i : rows) {
                dataset.add(new ArrayExample<>(new Regressor(options.target(), target.values[i]), names,
                        features(pipeline, i, reuse)));
            }
            return dataset;
        }

        @SuppressWarnings("unchecked")
        Model<?> train(TrainingRows set, Map<String, Double> params) {
            // a copy without the features that never vary: the matrix serves every trial of a search as it is
            FeatureMatrix matrix = set.matrix() != null && options.algorithm().dropsConstantFeatures(params)
                    ? set.matrix().withoutConstantFeatures() : set.matrix();
            if (target.task == Task.CLASSIFICATION) {
                Trainer<Label> trainer = options.algorithm().classifier(params, options.seed());
                if (matrix == null) {
                    return trainer.train((Dataset<Label>) set.examples());
                }
                String[] labels = new String[set.rows().length];
                for (int k = 0; k < labels.length; k++) {
                    labels[k] = target.labels[set.rows()[k]];
                }
                LabelFactory factory = new LabelFactory();
                return trainer instanceof LogisticTrainer logistic
                        ? logistic.train(matrix, labels, factory, source(factory))
                        : XGBoostFromColumns.classifier((XGBoostTrainer<Label>) trainer, matrix, labels, factory,
                                source(factory));
            }
            Trainer<Regressor> trainer = options.algorithm().regressor(params, options.seed());
            if (matrix == null) {
                return trainer.train((Dataset<Regressor>) set.examples());
            }
            double[] values = new double[set.rows().length];
            for (int k = 0; k < values.length; k++) {
                values[k] = target.values[set.rows()[k]];
            }
            RegressionFactory factory = new RegressionFactory();
            return trainer instanceof LinearRegressionTrainer linear
                    ? linear.train(matrix, values, options.target(), factory, source(factory))
                    : XGBoostFromColumns.regressor((XGBoostTrainer<Regressor>) trainer, matrix, values,
                            options.target(), factory, source(factory));
        }

        /** Names the data by content, with a fixed time: the provenance must not vary between identical runs. */
        private <T extends Output<T>> SimpleDataSourceProvenance source(OutputFactory<T> factory) {
            return new SimpleDataSourceProvenance("sha256:" + dataHash, FIXED_TIME, factory);
        }

        /**
         * The metrics of {@code model} on {@code rows}. When those are the rows it was trained on ({@code trainedOn},
         * may be null) and it is an XGBoost classifier, it scores the training matrix instead of building another.
         */
        Map<String, Double> score(FittedPipeline pipeline, Model<?> model, int[] rows, TrainingRows trainedOn) {
            Predictor predictor = new Predictor(pipeline, model, target.task, target.classes);
            List<Predictor.Scored> scored;
            if (trainedOn != null && trainedOn.rows() == rows && trainedOn.matrix() != null
                    && model instanceof org.tribuo.common.xgboost.XGBoostModel) {
                scored = predictor.scoreTrainingMatrix(trainedOn.matrix());
            } else {
                try {
                    scored = predictor.predictAll(columns, rows);
                } catch (FeatureException e) {
                    throw new InputException(file, (long) rows[e.row()] + 1, e.column(), e.problem(), e);
                }
            }
            if (target.task == Task.CLASSIFICATION) {
                List<String> actual = new ArrayList<>(rows.length);
                double[][] probabilities = new double[rows.length][];
                for (int k = 0; k < rows.length; k++) {
                    actual.add(target.labels[rows[k]]);
                    probabilities[k] = scored.get(k).probabilities();
                }
                return ClassificationMetrics.compute(actual, probabilities, target.classes, target.positive)
                        .metrics();
            }
            double[] actual = new double[rows.length];
            double[] predicted = new double[rows.length];
            for (int k = 0; k < rows.length; k++) {
                actual[k] = target.values[rows[k]];
                predicted[k] = scored.get(k).value();
            }
            return RegressionMetrics.compute(actual, predicted);
        }

        /**
         * One fold of k-fold cross-validation: its test rows, the pipeline fitted on its training part, and the
         * training examples. They do not depend on the trial's parameters, so a search computes them once per fold.
         */
        private record Fold(int[] testRows, FittedPipeline pipeline, TrainingRows training) {
        }

        private List<Fold> folds;

        /** The folds of a seeded shuffle, built on first use and kept for the other trials. */
        private List<Fold> folds(int k) {
            if (folds != null && folds.size() == k) {
                return folds;
            }
            int n = (int) columns.rows();
            int[] order = java.util.stream.IntStream.range(0, n).toArray();
            SplittableRandom random = new SplittableRandom(options.seed());
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int tmp = order[i];
                order[i] = order[j];
                order[j] = tmp;
            }
            List<Fold> built = new ArrayList<>();
            for (int f = 0; f < k; f++) {
                List<Integer> train = new ArrayList<>();
                List<Integer> test = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    (i % k == f ? test : train).add(order[i]);
                }
                int[] trainRows = train.stream().mapToInt(Integer::intValue).toArray();
                int[] testRows = test.stream().mapToInt(Integer::intValue).toArray();
                FittedPipeline pipeline = fit(trainRows);
                built.add(new Fold(testRows, pipeline, trainingRows(pipeline, trainRows)));
            }
            folds = built;
            return folds;
        }

        /** k-fold cross-validation with a seeded shuffle; the pipeline is fitted on each fold's training part. */
        Map<String, Object> crossValidate(Map<String, Double> params, int k,
                                          java.util.function.IntConsumer foldDone) {
            Metric metric = selectionMetric();
            List<Double> scores = new ArrayList<>();
            int done = 0;
            for (Fold fold : folds(k)) {
                Model<?> model = train(fold.training(), params);
                Double score = score(fold.pipeline(), model, fold.testRows(), null).get(metric.id());
                scores.add(score == null ? Double.NaN : score);
                foldDone.accept(++done);
            }
            double mean = scores.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double var = scores.stream().mapToDouble(s -> (s - mean) * (s - mean)).sum()
                    / Math.max(1, scores.size() - 1);
            Map<String, Object> cv = new LinkedHashMap<>();
            cv.put("metric", metric.id());
            cv.put("folds", k);
            cv.put("mean", mean);
            cv.put("std", Math.sqrt(var));
            cv.put("scores", scores);
            return cv;
        }
    }

    /**
     * A copy of the model whose provenance has {@link #FIXED_TIME} as training time and no system information (Java
     * version, OS, architecture): what the model learned must not depend on the runtime that trained it, which the
     * bundle's {@code versions} records instead. Tribuo offers no public way to set them, but every model implements
     * the protected {@code copy(name, provenance)} that this calls.
     */
    @SuppressWarnings("unchecked")
    static <T extends Output<T>> Model<T> withFixedTrainingTime(Model<T> model) {
        ModelProvenance p = model.getProvenance();
        Map<String, Provenance> instance = new HashMap<>(p.getInstanceProvenance().getMap());
        ModelProvenance fixed = new ModelProvenance(p.getClassName(), FIXED_TIME, p.getDatasetProvenance(),
                p.getTrainerProvenance(), instance, false);
        try {
            Method copy = Model.class.getDeclaredMethod("copy", String.class, ModelProvenance.class);
            copy.setAccessible(true);
            return (Model<T>) copy.invoke(model, model.getName(), fixed);
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot normalize the provenance of " + model.getClass().getName(), e);
        }
    }

    private static JsonNode provenanceJson(Model<?> model) {
        String json = new JsonProvenanceSerialization(false).marshalAndSerialize(model.getProvenance());
        try {
            return Json.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Tribuo wrote provenance that is not JSON", e);
        }
    }

    private static byte[] onnx(Model<?> model, Map<String, Object> report) {
        if (model instanceof ONNXExportable exportable) {
            try {
                byte[] bytes = exportable.exportONNXModel("dev.mlops", 1).toByteArray();
                report.put("exported", true);
                report.put("entry", "model.onnx");
                return bytes;
            } catch (RuntimeException | LinkageError e) {
                // Ensembles declare the exporter but refuse members without one; the message would print every tree.
                report.put("exported", false);
                report.put("reason", "Tribuo cannot export this " + model.getClass().getSimpleName() + " to ONNX ("
                        + e.getClass().getSimpleName() + ")");
                return null;
            }
        }
        report.put("exported", false);
        report.put("reason", "Tribuo exports ONNX for linear models only; " + model.getClass().getSimpleName()
                + " has no exporter");
        return null;
    }

    private static Map<String, String> versions() {
        Map<String, String> v = new LinkedHashMap<>(EngineVersion.components());
        v.putAll(EngineVersion.runtime());
        return v;
    }
}
