package dev.mlops.engine.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.common.xgboost.XGBoostTrainer;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.rtree.impurity.MeanSquaredError;
import org.tribuo.regression.xgboost.XGBoostRegressionTrainer;

/**
 * The training algorithms, each with its parameters (docs/cli.md lists them). Every trainer gets the run's seed;
 * XGBoost also gets a thread count, which does not change its result.
 */
public enum Algorithm {
    /** scikit-learn's LogisticRegression: L2-regularised, solved by L-BFGS ({@link LogisticTrainer}). */
    LOGISTIC("logistic", List.of(Task.CLASSIFICATION), List.of(
            ParamSpec.real("C", 1, 1e-9, 1e12, "inverse of the L2 regularisation strength, as scikit-learn's C"),
            ParamSpec.integer("maxIterations", 100, 1, 100_000, "L-BFGS iterations at most"),
            ParamSpec.real("tolerance", 1e-4, 0, 1,
                    "stop when no gradient component of the mean loss exceeds this"))),
    /** scikit-learn's LinearRegression (alpha 0) or Ridge(alpha), solved by L-BFGS ({@link LinearRegressionTrainer}). */
    LINEAR("linear", List.of(Task.REGRESSION), List.of(
            ParamSpec.real("alpha", 0, 0, 1e12, "L2 regularisation strength, as scikit-learn's Ridge alpha (0: none)"),
            ParamSpec.integer("maxIterations", 1000, 1, 100_000, "L-BFGS iterations at most"),
            ParamSpec.real("tolerance", 1e-7, 0, 1, "stop when no gradient component of the scaled squared error "
                    + "exceeds this"))),
    XGBOOST("xgboost", List.of(Task.CLASSIFICATION, Task.REGRESSION), List.of(
            ParamSpec.integer("numTrees", 100, 1, 100_000, "boosting rounds"),
            ParamSpec.real("eta", 0.3, 0, 1, "learning rate (shrinkage)"),
            ParamSpec.integer("maxDepth", 6, 1, 64, "maximum tree depth"),
            ParamSpec.real("minChildWeight", 1, 0, 1e9, "minimum hessian weight in a child"),
            ParamSpec.real("subsample", 1, 0.01, 1, "row fraction per tree"),
            ParamSpec.real("colsample", 1, 0.01, 1, "feature fraction per tree"),
            ParamSpec.real("lambda", 1, 0, 1e9, "L2 regularization"),
            ParamSpec.real("alpha", 0, 0, 1e9, "L1 regularization"),
            ParamSpec.real("gamma", 0, 0, 1e9, "minimum loss reduction to split"),
            dropConstantFeatures(),
            ParamSpec.integer("threads", Math.max(1, Runtime.getRuntime().availableProcessors()), 1, 1024,
                    "native threads (default: the machine's cores; does not change the model)"))),
    CART("cart", List.of(Task.CLASSIFICATION, Task.REGRESSION), treeParams()),
    /**
     * A random forest grown by XGBoost's histogram method in one round of parallel trees (its random-forest mode):
     * bagged rows, a feature sample per split, no shrinkage. Tribuo's own forest scans every distinct value of every
     * feature at each split and took minutes at 100k rows (docs/benchmarks.md).
     */
    RANDOM_FOREST("random-forest", List.of(Task.CLASSIFICATION), List.of(
            ParamSpec.integer("numTrees", 100, 1, 10_000, "trees in the forest"),
            ParamSpec.integer("maxDepth", 12, 1, 64, "maximum tree depth"),
            ParamSpec.real("subsample", 0.632, 0.01, 1, "row fraction each tree is grown on (drawn without "
                    + "replacement)"),
            ParamSpec.real("featureFraction", 0.5, 0.01, 1, "feature fraction considered per split"),
            ParamSpec.real("minChildWeight", 1, 0, 1e9, "minimum hessian weight in a child"),
            ParamSpec.real("gamma", 0, 0, 1e9, "minimum loss reduction to split"),
            ParamSpec.real("lambda", 0, 0, 1e9, "L2 regularization of leaf values (0: none, as scikit-learn's "
                    + "trees, whose leaves are class fractions; forests before this parameter used XGBoost's 1)")
                    .addedLater(Algorithm.XGBOOST_LAMBDA),
            dropConstantFeatures(),
            ParamSpec.integer("threads", Math.max(1, Runtime.getRuntime().availableProcessors()), 1, 1024,
                    "native threads (default: the machine's cores; does not change the model)")));

    /**
     * Histogram-based split finding: measured 6x faster than Tribuo's default ("auto", which picks exact splits on
     * small data) on 10k rows x 38 features, and the method xgboost-python defaults to.
     */
    private static final XGBoostTrainer.TreeMethod TREE_METHOD = XGBoostTrainer.TreeMethod.HIST;

    /** XGBoost's default L2 regularization of leaf values, which forests had before they took {@code lambda}. */
    static final double XGBOOST_LAMBDA = 1;

    private final String id;
    private final List<Task> tasks;
    private final List<ParamSpec> params;

    Algorithm(String id, List<Task> tasks, List<ParamSpec> params) {
        this.id = id;
        this.tasks = tasks;
        this.params = params;
    }

    /**
     * Whether the booster learns without the features that have one value in every training row, most often the
     * unseen-category feature of a one-hot column whose categories all made the vocabulary. No tree can split on
     * such a feature, yet XGBoost builds its histogram in every round: 5 of the benchmark's 40 features, 9% of
     * boosting at 1M rows (docs/benchmarks.md). Models before the parameter kept them.
     */
    private static ParamSpec dropConstantFeatures() {
        return ParamSpec.integer("dropConstantFeatures", 1, 0, 1, "1: features with one value in every training row "
                + "are left out of the booster, which could never split on them; 0: kept (models trained before "
                + "this parameter kept them)").addedLater(0);
    }

    /** Whether a model with these parameter values learns without the features that never vary in its rows. */
    boolean dropsConstantFeatures(Map<String, Double> p) {
        return p.containsKey("dropConstantFeatures") && p.get("dropConstantFeatures") == 1;
    }

    private static List<ParamSpec> treeParams() {
        return List.of(
                ParamSpec.integer("maxDepth", 8, 1, 256, "maximum tree depth"),
                ParamSpec.real("minChildWeight", 5, 0, 1e9, "minimum examples in a leaf"),
                ParamSpec.real("minImpurityDecrease", 0, 0, 1e9, "minimum impurity decrease to split"),
                ParamSpec.real("featureFraction", 1, 0.01, 1, "features considered per split"));
    }

    public String id() {
        return id;
    }

    public List<Task> tasks() {
        return tasks;
    }

    public List<ParamSpec> params() {
        return params;
    }

    /** Whether it learns from a {@link FeatureMatrix} (all but CART) rather than Tribuo examples. */
    boolean learnsFromMatrix() {
        return this != CART;
    }

    public static Optional<Algorithm> parse(String id) {
        return Arrays.stream(values()).filter(a -> a.id.equals(id.toLowerCase(Locale.ROOT))).findFirst();
    }

    public static String ids() {
        return Arrays.stream(values()).map(Algorithm::id).collect(Collectors.joining(", "));
    }

    /**
     * Every parameter with its value: the given ones parsed and range-checked, the rest at their defaults.
     *
     * @throws IllegalArgumentException naming an unknown parameter or a bad value
     */
    public Map<String, Double> resolve(Map<String, String> given) {
        for (String name : given.keySet()) {
            if (params.stream().noneMatch(p -> p.name().equals(name))) {
                throw new IllegalArgumentException("unknown parameter '" + name + "' for " + id + "; expected one of "
                        + params.stream().map(ParamSpec::name).collect(Collectors.joining(", ")));
            }
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (ParamSpec p : params) {
            values.put(p.name(), given.containsKey(p.name()) ? p.parse(given.get(p.name())) : p.defaultValue());
        }
        return values;
    }

    ParamSpec param(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown parameter '" + name + "' for " + id));
    }

    /** The Tribuo classification trainer for these parameter values. */
    Trainer<Label> classifier(Map<String, Double> p, long seed) {
        return switch (this) {
            case LOGISTIC -> new LogisticTrainer(p.get("C"), i(p, "maxIterations"), p.get("tolerance"));
            case XGBOOST -> new XGBoostClassificationTrainer(XGBoostTrainer.BoosterType.GBTREE, TREE_METHOD,
                    i(p, "numTrees"), p.get("eta"), p.get("gamma"), i(p, "maxDepth"), p.get("minChildWeight"),
                    p.get("subsample"), p.get("colsample"), p.get("lambda"), p.get("alpha"), i(p, "threads"),
                    XGBoostTrainer.LoggingVerbosity.SILENT, seed);
            case CART -> new CARTClassificationTrainer(i(p, "maxDepth"), f(p, "minChildWeight"),
                    f(p, "minImpurityDecrease"), f(p, "featureFraction"), false, new GiniIndex(), seed);
            case RANDOM_FOREST -> new XGBoostClassificationTrainer(1, forestParameters(p, seed));
            case LINEAR -> throw new IllegalArgumentException(id + " is a regression algorithm");
        };
    }

    /** The Tribuo regression trainer for these parameter values. */
    Trainer<Regressor> regressor(Map<String, Double> p, long seed) {
        return switch (this) {
            case LINEAR -> new LinearRegressionTrainer(p.get("alpha"), i(p, "maxIterations"), p.get("tolerance"));
            case XGBOOST -> new XGBoostRegressionTrainer(XGBoostTrainer.BoosterType.GBTREE, TREE_METHOD,
                    XGBoostRegressionTrainer.RegressionType.LINEAR, i(p, "numTrees"), p.get("eta"), p.get("gamma"),
                    i(p, "maxDepth"), p.get("minChildWeight"), p.get("subsample"), p.get("colsample"),
                    p.get("lambda"), p.get("alpha"), i(p, "threads"), XGBoostTrainer.LoggingVerbosity.SILENT, seed);
            case CART -> new CARTRegressionTrainer(i(p, "maxDepth"), f(p, "minChildWeight"),
                    f(p, "minImpurityDecrease"), f(p, "featureFraction"), false, new MeanSquaredError(), seed);
            case LOGISTIC, RANDOM_FOREST -> throw new IllegalArgumentException(id + " is a classification algorithm");
        };
    }

    /** XGBoost's random-forest mode: one boosting round of {@code numTrees} parallel trees, without shrinkage. */
    private static Map<String, Object> forestParameters(Map<String, Double> p, long seed) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("objective", "multi:softprob"); // as Tribuo trains every XGBoost classifier
        x.put("booster", "gbtree");
        x.put("tree_method", "hist");
        x.put("num_parallel_tree", i(p, "numTrees"));
        x.put("eta", 1.0);
        x.put("max_depth", i(p, "maxDepth"));
        x.put("subsample", p.get("subsample"));
        x.put("colsample_bynode", p.get("featureFraction"));
        x.put("min_child_weight", p.get("minChildWeight"));
        x.put("gamma", p.get("gamma"));
        if (RANDOM_FOREST.param("lambda").recordedAt(p.get("lambda"))) {
            // Written only where recorded: at its former value, XGBoost's own default, forests keep the parameters
            // (and provenance) they had before the parameter existed.
            x.put("lambda", p.get("lambda"));
        }
        x.put("nthread", i(p, "threads"));
        x.put("seed", seed);
        x.put("verbosity", 0);
        return x;
    }

    private static int i(Map<String, Double> p, String name) {
        return p.get(name).intValue();
    }

    private static float f(Map<String, Double> p, String name) {
        return p.get(name).floatValue();
    }
}
