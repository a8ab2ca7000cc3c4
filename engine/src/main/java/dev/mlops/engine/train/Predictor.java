package dev.mlops.engine.train;

import dev.mlops.engine.data.Columns;
import dev.mlops.engine.features.FeatureException;
import dev.mlops.engine.features.FittedPipeline;
import java.util.List;
import java.util.Map;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

/**
 * Scores rows with a bundle's model through the bundle's fitted feature pipeline: the same path at evaluation and
 * serving as at training. Thread-safe: Tribuo models predict concurrently.
 */
public final class Predictor {

    private final FittedPipeline pipeline;
    private final String[] featureNames;
    private final Model<Label> classifier;
    private final Model<Regressor> regressor;
    private final List<String> classes;
    /** The batch path of XGBoost and linear models; null for other models. */
    private final BatchScorer batchScorer;
    /** For each feature in pipeline order, its column in the batch scorer's matrix; -1 when the model never saw it. */
    private final int[] batchColumn;

    public Predictor(ModelBundle bundle) {
        this(bundle.pipeline(), bundle.model(), bundle.metadata().task(), bundle.metadata().classes());
    }

    Predictor(FittedPipeline pipeline, Model<?> model, Task task, List<String> classes) {
        this.pipeline = pipeline;
        this.featureNames = pipeline.featureNames().toArray(String[]::new);
        this.classifier = task == Task.CLASSIFICATION ? model.castModel(Label.class) : null;
        this.regressor = task == Task.REGRESSION ? model.castModel(Regressor.class) : null;
        this.classes = classes == null ? List.of() : List.copyOf(classes);
        this.batchScorer = classifier != null ? BatchScorer.of(classifier, this.classes)
                : BatchScorer.ofRegressor(regressor);
        this.batchColumn = new int[featureNames.length];
        for (int i = 0; i < featureNames.length; i++) {
            batchColumn[i] = batchScorer == null ? -1 : batchScorer.features().getID(featureNames[i]);
        }
    }

    /** A target value as a class label: whole numbers without a decimal point, so 1.0 and 1 are the class "1". */
    public static String labelOf(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d) ? Long.toString(d.longValue())
                : value.toString();
    }

    /** The raw columns a row must provide. */
    public List<String> inputColumns() {
        return pipeline.inputColumns();
    }

    public boolean isClassifier() {
        return classifier != null;
    }

    /** For classification, the classes in the order of {@link Scored#probabilities()}. */
    public List<String> classes() {
        return classes;
    }

    /** Whether batches skip Tribuo's example per row (XGBoost and linear models). */
    boolean scoresInBatches() {
        return batchScorer != null;
    }

    /** Rows are scored in chunks: one native call per chunk for XGBoost instead of one per row. */
    static final int BATCH = 8192;

    /**
     * Scores many rows at once; {@code row(i)} supplies row {@code i} of {@code count}. Much faster than
     * {@link #predict(Map)} in a loop for models with native backends (one XGBoost call per chunk rather than per row).
     */
    public List<Scored> predictAll(int count, java.util.function.IntFunction<Map<String, ?>> row) {
        List<Scored> out = new java.util.ArrayList<>(count);
        for (int start = 0; start < count; start += BATCH) {
            int end = Math.min(count, start + BATCH);
            if (batchScorer != null) {
                int width = batchScorer.features().size();
                double[] matrix = new double[(end - start) * width];
                java.util.Arrays.fill(matrix, batchScorer.absent());
                for (int i = start; i < end; i++) {
                    double[] features = pipeline.transform(row.apply(i));
                    for (int f = 0; f < features.length; f++) {
                        if (batchColumn[f] >= 0) {
                            matrix[(i - start) * width + batchColumn[f]] = features[f];
                        }
                    }
                }
                out.addAll(scored(batchScorer.score(matrix, end - start)));
            } else if (classifier != null) {
                List<org.tribuo.Example<Label>> examples = new java.util.ArrayList<>(end - start);
                for (int i = start; i < end; i++) {
                    examples.add(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, featureNames,
                            pipeline.transform(row.apply(i))));
                }
                for (Prediction<Label> p : classifier.predict(examples)) {
                    out.add(scored(p));
                }
            } else {
                List<org.tribuo.Example<Regressor>> examples = new java.util.ArrayList<>(end - start);
                for (int i = start; i < end; i++) {
                    examples.add(new ArrayExample<>(RegressionFactory.UNKNOWN_REGRESSOR, featureNames,
                            pipeline.transform(row.apply(i))));
                }
                for (Prediction<Regressor> p : regressor.predict(examples)) {
                    out.add(new Scored(null, null, p.getOutput().getValues()[0]));
                }
            }
        }
        return out;
    }

    /** Rows of a batch from columns go to the booster this many at a time: a bounded matrix, few native calls. */
    static final int COLUMNAR_CHUNK = 65_536;

    /**
     * Scores {@code rows} (0-based indexes) of {@code columns}; a column the data lacks is missing in every row.
     * XGBoost and linear models transform column by column, in parallel, straight into the model's matrix;
     * other models go row by row through {@link #predictAll(int, java.util.function.IntFunction)}.
     *
     * @throws FeatureException for the first value the pipeline refuses, its {@link FeatureException#row()} the
     *     position in {@code rows}
     */
    public List<Scored> predictAll(Columns columns, int[] rows) {
        if (batchScorer == null) {
            Map<String, Object> row = new java.util.HashMap<>();
            int[] at = new int[1];
            try {
                return predictAll(rows.length, k -> {
                    at[0] = k;
                    for (String c : pipeline.inputColumns()) {
                        row.put(c, columns.value(c, rows[k]));
                    }
                    return row;
                });
            } catch (FeatureException e) {
                throw e.atRow(at[0]);
            }
        }
        List<Scored> out = new java.util.ArrayList<>(rows.length);
        for (int start = 0; start < rows.length; start += COLUMNAR_CHUNK) {
            int[] chunk = java.util.Arrays.copyOfRange(rows, start, Math.min(rows.length, start + COLUMNAR_CHUNK));
            double[][] scores;
            try {
                scores = batchScorer instanceof NativeXGBoostScorer xgboost
                        ? xgboost.score(FeatureMatrix.forModelAsFloats(pipeline, columns, chunk, xgboost.features(),
                                (float) xgboost.absent()), chunk.length)
                        : batchScorer.score(FeatureMatrix.forModel(pipeline, columns, chunk, batchScorer.features(),
                                batchScorer.absent()), chunk.length);
            } catch (FeatureException e) {
                throw e.atRow(start + e.row());
            }
            out.addAll(scored(scores));
        }
        return out;
    }

    /**
     * Scores the rows of the matrix an XGBoost model was trained on: XGBoost read those floats, so they score as the
     * pipeline's doubles would.
     */
    List<Scored> scoreTrainingMatrix(FeatureMatrix trainedOn) {
        if (!(batchScorer instanceof NativeXGBoostScorer xgboost)) {
            throw new IllegalStateException("only XGBoost models score their float training matrix as they would score"
                    + " the pipeline's values");
        }
        return scored(xgboost.score(trainedOn.valuesFor(xgboost.features()), trainedOn.rows()));
    }

    private List<Scored> scored(double[][] scores) {
        List<Scored> out = new java.util.ArrayList<>(scores.length);
        for (double[] s : scores) {
            out.add(classifier == null ? new Scored(null, null, s[0])
                    : new Scored(classes.get(argmax(s)), s, Double.NaN));
        }
        return out;
    }

    /**
     * Scores one row (column name to value). A value that the pipeline cannot use throws
     * {@link dev.mlops.engine.features.FeatureException} naming the column.
     */
    public Scored predict(Map<String, ?> row) {
        double[] features = pipeline.transform(row);
        if (classifier != null) {
            return scored(classifier.predict(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, featureNames, features)));
        }
        Prediction<Regressor> p = regressor.predict(new ArrayExample<>(RegressionFactory.UNKNOWN_REGRESSOR,
                featureNames, features));
        return new Scored(null, null, p.getOutput().getValues()[0]);
    }

    /** The first class (in the bundle's order) with the highest probability. */
    private static int argmax(double[] probabilities) {
        int best = 0;
        for (int c = 1; c < probabilities.length; c++) {
            if (probabilities[c] > probabilities[best]) {
                best = c;
            }
        }
        return best;
    }

    private Scored scored(Prediction<Label> p) {
        double[] probabilities = new double[classes.size()];
        Map<String, Label> scores = p.getOutputScores();
        for (int c = 0; c < probabilities.length; c++) {
            Label l = scores.get(classes.get(c));
            probabilities[c] = l == null ? 0 : l.getScore();
        }
        if (!p.hasProbabilities()) {
            probabilities = normalize(probabilities, classes.indexOf(p.getOutput().getLabel()));
        }
        return new Scored(p.getOutput().getLabel(), probabilities, Double.NaN);
    }

    /** A model without probabilities (a plain vote) gets a one-hot distribution on its answer. */
    private static double[] normalize(double[] scores, int predicted) {
        double sum = 0;
        boolean usable = true;
        for (double s : scores) {
            usable &= s >= 0;
            sum += s;
        }
        double[] out = new double[scores.length];
        if (usable && sum > 0) {
            for (int c = 0; c < out.length; c++) {
                out[c] = scores[c] / sum;
            }
        } else if (predicted >= 0) {
            out[predicted] = 1;
        }
        return out;
    }

    /** One prediction: a label with class probabilities, or a value. */
    public record Scored(String label, double[] probabilities, double value) {
    }
}
