package dev.mlops.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.engine.InputException;
import dev.mlops.engine.LogSink;
import dev.mlops.engine.UsageException;
import dev.mlops.engine.data.Hashing;
import dev.mlops.engine.data.ReadOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelTrainerTest {

    static final Path TRAIN = Path.of("../examples/data/train.csv");

    @TempDir
    Path dir;

    static TrainOptions options(String target, Algorithm algorithm, Map<String, String> params, long seed) {
        return new TrainOptions(target, algorithm, params, seed, null, null, null, 0, null);
    }

    static ModelTrainer.Result train(Path data, TrainOptions options) {
        return ModelTrainer.train(data, ReadOptions.DEFAULTS, options, LogSink.NONE);
    }

    /** Small parameters keep the suite fast; determinism does not depend on size. */
    private static Map<String, String> smallParams(Algorithm algorithm) {
        return switch (algorithm) {
            case XGBOOST -> Map.of("numTrees", "20", "subsample", "0.8");
            case RANDOM_FOREST -> Map.of("numTrees", "5");
            case LOGISTIC -> Map.of("maxIterations", "30");
            case LINEAR -> Map.of("maxIterations", "50");
            case CART -> Map.of();
        };
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"logistic, churned", "xgboost, churned", "cart, churned", "random-forest, churned",
            "linear, monthly_charges", "xgboost, monthly_charges", "cart, monthly_charges"})
    void sameInputsGiveAByteIdenticalBundleThatReadsBackToTheSamePredictions(String algorithmId, String target)
            throws IOException {
        Algorithm algorithm = Algorithm.parse(algorithmId).orElseThrow();
        TrainOptions o = options(target, algorithm, smallParams(algorithm), 42);
        ModelBundle first = train(TRAIN, o).bundle();
        ModelBundle second = train(TRAIN, o).bundle();
        assertThat(Hashing.sha256(second.toBytes())).isEqualTo(Hashing.sha256(first.toBytes()));

        Path file = dir.resolve(algorithmId + ".zip");
        first.write(file);
        ModelBundle read = ModelBundle.read(file);
        assertThat(read.metadata().contentSha256()).as("recorded when written").hasSize(64);
        assertThat(dev.mlops.engine.Json.write(read.metadata())).isEqualTo(dev.mlops.engine.Json.write(
                first.metadata().withContentSha256(read.metadata().contentSha256())));
        assertThat(read.pipeline()).isEqualTo(first.pipeline());
        Predictor before = new Predictor(first);
        Predictor after = new Predictor(read);
        Map<String, Object> row = Map.of("age", 40L, "tenure_months", 3L, "plan", "basic",
                "monthly_charges", 61.5, "support_calls", 4L, "region", "west", "churned", 1L);
        Predictor.Scored a = before.predict(row);
        Predictor.Scored b = after.predict(row);
        assertThat(b.label()).isEqualTo(a.label());
        assertThat(b.probabilities()).isEqualTo(a.probabilities());
        assertThat(Double.compare(b.value(), a.value())).as("regression value").isZero();
    }

    @Test
    void aDifferentSeedGivesADifferentModel() {
        Map<String, String> params = smallParams(Algorithm.XGBOOST);
        byte[] a = train(TRAIN, options("churned", Algorithm.XGBOOST, params, 1)).bundle().toBytes();
        byte[] b = train(TRAIN, options("churned", Algorithm.XGBOOST, params, 2)).bundle().toBytes();
        assertThat(Hashing.sha256(a)).isNotEqualTo(Hashing.sha256(b));
    }

    @Test
    void metadataRecordsWhatReproductionNeeds() {
        ModelTrainer.Result r = train(TRAIN, options("churned", Algorithm.LOGISTIC, Map.of("maxIterations", "30"), 7));
        BundleMetadata m = r.bundle().metadata();
        assertThat(m.format()).isEqualTo(ModelBundle.FORMAT);
        assertThat(m.task()).isEqualTo(Task.CLASSIFICATION);
        assertThat(m.classes()).containsExactly("0", "1");
        assertThat(m.positiveClass()).isEqualTo("1");
        assertThat(m.seed()).isEqualTo(7);
        assertThat(m.params()).containsEntry("maxIterations", 30L).containsEntry("C", 1.0);
        assertThat(m.trainingData()).containsEntry("file", "train.csv").containsEntry("rows", 4000L);
        assertThat((String) m.trainingData().get("sha256")).isEqualTo(r.bundle().profile().dataset().sha256());
        assertThat(m.versions()).containsKeys("engine", "tribuo", "java", "os", "arch");
        assertThat(m.provenance().toString()).contains("LogisticTrainer").contains("2000-01-01T00:00Z");
        assertThat(m.metrics()).containsKeys("auc", "logloss", "accuracy");
        assertThat(m.onnx()).containsEntry("exported", true);
        assertThat(r.bundle().onnx()).isNotEmpty();
        assertThat(m.features()).contains("age", "plan=basic", "plan=__unknown__").doesNotContain("customer_id");
    }

    /**
     * XGBoost models learn without the features that never vary (here each one-hot column's unseen-category feature
     * and a constant column), which no tree could split on, record {@code dropConstantFeatures}, and at 0 are the
     * model of engines before it. Boosting without feature sampling grows the same trees over the other features, so
     * it scores as the model that kept them; a forest samples features at each split, so it draws among the others.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"xgboost, true", "random-forest, false"})
    void xgboostLeavesOutFeaturesThatNeverVary(String algorithmId, boolean sameTrees) throws IOException {
        List<String> lines = Files.readAllLines(TRAIN);
        List<String> withConstant = new ArrayList<>();
        withConstant.add(lines.get(0) + ",batch");
        lines.stream().skip(1).map(l -> l + ",7").forEach(withConstant::add);
        Path data = Files.write(dir.resolve("constant.csv"), withConstant);
        Algorithm algorithm = Algorithm.parse(algorithmId).orElseThrow();
        Map<String, String> kept = new HashMap<>(smallParams(algorithm));
        kept.put("dropConstantFeatures", "0");
        List<String> logged = new ArrayList<>();

        ModelBundle lean = ModelTrainer.train(data, ReadOptions.DEFAULTS,
                options("churned", algorithm, smallParams(algorithm), 42), logged::add).bundle();
        ModelBundle full = train(data, options("churned", algorithm, kept, 42)).bundle();

        org.tribuo.ImmutableFeatureMap features = lean.model().getFeatureIDMap();
        assertThat(lean.metadata().features()).contains("batch", "plan=__unknown__", "region=__unknown__");
        assertThat(features.get("batch")).isNull();
        assertThat(features.get("plan=__unknown__")).isNull();
        assertThat(features.get("region=__unknown__")).isNull();
        assertThat(features.get("plan=basic")).isNotNull();
        assertThat(full.model().getFeatureIDMap().size()).isEqualTo(lean.metadata().features().size());
        assertThat(lean.metadata().features().size() - features.size()).isEqualTo(3);
        assertThat(logged).contains("the model leaves out 3 features with one value in every training row: "
                + "plan=__unknown__, region=__unknown__, batch");
        assertThat(lean.metadata().params()).containsEntry("dropConstantFeatures", 1L);
        assertThat(full.metadata().params()).as("at the former value, recorded as before").doesNotContainKey(
                "dropConstantFeatures");
        if (!sameTrees) {
            assertThat(lean.metadata().metrics().get("auc")).isGreaterThan(0.8);
            return;
        }
        assertThat(lean.metadata().metrics()).isEqualTo(full.metadata().metrics());

        try (dev.mlops.engine.data.LoadedDataset loaded = dev.mlops.engine.data.DatasetLoader.load(data,
                ReadOptions.DEFAULTS, LogSink.NONE)) {
            dev.mlops.engine.data.Columns columns = loaded.readColumns();
            int[] rows = java.util.stream.IntStream.range(0, (int) columns.rows()).toArray();
            List<Predictor.Scored> a = new Predictor(lean).predictAll(columns, rows);
            List<Predictor.Scored> b = new Predictor(full).predictAll(columns, rows);
            for (int i = 0; i < rows.length; i++) {
                assertThat(a.get(i).probabilities()).as("row %d", i).isEqualTo(b.get(i).probabilities());
            }
        }
        Map<String, Object> unseen = Map.of("age", 40L, "tenure_months", 3L, "plan", "platinum",
                "monthly_charges", 61.5, "support_calls", 4L, "region", "mars", "batch", 9L);
        assertThat(new Predictor(lean).predict(unseen).probabilities())
                .isEqualTo(new Predictor(full).predict(unseen).probabilities());
    }

    @Test
    void randomForestIsXGBoostsForestModeAndPredictsProbabilities() {
        TrainOptions o = options("churned", Algorithm.RANDOM_FOREST, Map.of("numTrees", "20"), 3);
        ModelTrainer.Result r = train(TRAIN, o);
        assertThat(r.bundle().model()).isInstanceOf(org.tribuo.common.xgboost.XGBoostModel.class);
        assertThat(r.bundle().model().getProvenance().getTrainingTime()).isEqualTo(ModelTrainer.FIXED_TIME);
        assertThat(r.bundle().metadata().params()).containsEntry("numTrees", 20L).containsEntry("subsample", 0.632);
        assertThat(r.bundle().metadata().metrics().get("auc")).isGreaterThan(0.7);
        Predictor p = new Predictor(r.bundle());
        Map<String, Object> row = Map.of("age", 60L, "tenure_months", 1L, "plan", "basic", "monthly_charges", 90.0,
                "support_calls", 6L, "region", "north");
        double[] probabilities = p.predict(row).probabilities();
        assertThat(probabilities[0] + probabilities[1]).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-6));
        // One round of parallel trees: more trees average more, they do not boost.
        TrainOptions other = options("churned", Algorithm.RANDOM_FOREST, Map.of("numTrees", "20"), 4);
        assertThat(Hashing.sha256(train(TRAIN, other).bundle().toBytes()))
                .as("the seed draws the rows and features").isNotEqualTo(Hashing.sha256(r.bundle().toBytes()));
    }

    @Test
    void searchRecordsEveryTrialAndIsReproducible() throws IOException {
        Path space = dir.resolve("space.yaml");
        Files.writeString(space, "maxDepth: [2, 3]\nnumTrees: [5, 10]\n");
        TrainOptions grid = new TrainOptions("churned", Algorithm.XGBOOST, Map.of(), 42, null, null,
                new TrainOptions.Search(true, 0, space), 3, null);
        List<String> log = new java.util.ArrayList<>();
        ModelTrainer.Result r = ModelTrainer.train(TRAIN, ReadOptions.DEFAULTS, grid, log::add);
        // 4 trials x 3 folds train 12 times on 3 sets of examples, built once per fold, and once more the winner.
        assertThat(log.stream().filter(l -> l.startsWith("built ")).count()).isEqualTo(3 + 1);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> trials = (List<Map<String, Object>>) r.bundle().metadata().search().get("trials");
        assertThat(trials).hasSize(4);
        int best = (Integer) r.bundle().metadata().search().get("best");
        double bestAuc = cvMean(trials.get(best));
        for (Map<String, Object> t : trials) {
            assertThat(cvMean(t)).isLessThanOrEqualTo(bestAuc);
        }
        assertThat(r.bundle().metadata().params()).isEqualTo(trials.get(best).get("params"));

        Path ranges = dir.resolve("ranges.yaml");
        Files.writeString(ranges, "eta: {min: 0.01, max: 0.5, log: true}\nnumTrees: [5, 8]\n");
        TrainOptions random = new TrainOptions("churned", Algorithm.XGBOOST, Map.of(), 42, null, null,
                new TrainOptions.Search(false, 3, ranges), 2, null);
        assertThat(Hashing.sha256(train(TRAIN, random).bundle().toBytes()))
                .isEqualTo(Hashing.sha256(train(TRAIN, random).bundle().toBytes()));
    }

    private static double cvMean(Map<String, Object> trial) {
        @SuppressWarnings("unchecked")
        Map<String, Object> cv = (Map<String, Object>) trial.get("cv");
        return (Double) cv.get("mean");
    }

    @Test
    void searchSpaceErrorsNameTheFileAndParameter() throws IOException {
        Path space = dir.resolve("space.yaml");
        Files.writeString(space, "depth: [2, 3]\n");
        assertThatThrownBy(() -> SearchSpace.read(space, Algorithm.XGBOOST)).isInstanceOf(InputException.class)
                .hasMessageStartingWith(space + ": depth: unknown parameter 'depth' for xgboost");
        Files.writeString(space, "eta: [2.0]\n");
        assertThatThrownBy(() -> SearchSpace.read(space, Algorithm.XGBOOST))
                .hasMessage(space + ": eta: 2 is outside [0, 1]");
        Files.writeString(space, "eta: {min: 0.1, max: 0.2}\n");
        assertThatThrownBy(() -> SearchSpace.read(space, Algorithm.XGBOOST).grid(space))
                .hasMessage(space + ": eta: grid search needs a list of values, not a range");
    }

    private Path csv(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void missingTargetColumnIsNamed() {
        assertThatThrownBy(() -> train(TRAIN, options("churn", Algorithm.LOGISTIC, Map.of(), 1)))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith(TRAIN + ", column 'churn': target column is not in the data");
    }

    @Test
    void singleClassTargetIsRefused() throws IOException {
        Path f = csv("one.csv", "x,y\n1,a\n2,a\n3,a\n");
        assertThatThrownBy(() -> train(f, options("y", Algorithm.LOGISTIC, Map.of(), 1)))
                .isInstanceOf(InputException.class)
                .hasMessage(f + ", column 'y': the target has a single class 'a'; classification needs at least two");
    }

    @Test
    void targetWithMissingValuesNamesTheFirstRow() throws IOException {
        Path f = csv("gap.csv", "x,y\n1,a\n2,\n3,b\n");
        assertThatThrownBy(() -> train(f, options("y", Algorithm.LOGISTIC, Map.of(), 1)))
                .isInstanceOf(InputException.class)
                .hasMessage(f + ", row 2, column 'y': the target is missing in 1 rows; drop or fill them first");
    }

    @Test
    void allNullFeatureIsLeftOutByDefaultAndRefusedWhenRequested() throws IOException {
        StringBuilder text = new StringBuilder("x,empty,y\n");
        for (int i = 0; i < 40; i++) {
            text.append(i).append(",,").append(i % 2 == 0 ? "a" : "b").append('\n');
        }
        Path f = csv("nulls.csv", text.toString());
        List<String> log = new ArrayList<>();
        ModelTrainer.Result r = ModelTrainer.train(f, ReadOptions.DEFAULTS,
                options("y", Algorithm.LOGISTIC, Map.of(), 1), log::add);
        assertThat(r.bundle().pipeline().inputColumns()).containsExactly("x");
        assertThat(log).contains("leaving out column 'empty': it has no values");

        Path spec = csv("spec.yaml", "columns:\n  empty: [standardize]\n  x: [standardize]\n");
        TrainOptions withSpec = new TrainOptions("y", Algorithm.LOGISTIC, Map.of(), 1, null, spec, null, 0, null);
        assertThatThrownBy(() -> train(f, withSpec)).isInstanceOf(InputException.class)
                .hasMessage(spec + ", column 'empty': standardize needs a numeric column");
    }

    @Test
    void unknownParameterAndWrongTaskAreUsageErrors() {
        assertThatThrownBy(() -> train(TRAIN, options("churned", Algorithm.XGBOOST, Map.of("trees", "5"), 1)))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--param unknown parameter 'trees' for xgboost; expected one of numTrees");
        assertThatThrownBy(() -> train(TRAIN, options("churned", Algorithm.XGBOOST, Map.of("eta", "fast"), 1)))
                .isInstanceOf(UsageException.class).hasMessage("--param eta: expected a number, got 'fast'");
        assertThatThrownBy(() -> train(TRAIN, options("monthly_charges", Algorithm.LOGISTIC, Map.of(), 1)))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--algorithm logistic does not do regression");
    }

    @Test
    void multiClassTargetsTrainWithMacroMetrics() {
        ModelTrainer.Result r = train(TRAIN, options("plan", Algorithm.XGBOOST, Map.of("numTrees", "10"), 1));
        assertThat(r.bundle().metadata().classes()).containsExactly("basic", "plus", "pro");
        assertThat(r.bundle().metadata().positiveClass()).isNull();
        assertThat(r.bundle().metadata().metrics()).containsKeys("accuracy", "macro_f1", "auc", "logloss");
        Map<String, Object> row = new HashMap<>(Map.of("age", 40L, "tenure_months", 3L, "monthly_charges", 82.0,
                "support_calls", 1L, "region", "west", "churned", 0L));
        assertThat(new Predictor(r.bundle()).predict(row).label()).isEqualTo("pro");
    }
}
