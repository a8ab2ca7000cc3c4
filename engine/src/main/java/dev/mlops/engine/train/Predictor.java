package dev.mlops.engine.train;

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
    /** The batch path for XGBoost classifiers; null for other models. */
    private final NativeXGBoostScorer nativeScorer;

    public Predictor(ModelBundle bundle) {
        this(bundle.pipeline(), bundle.model(), bundle.metadata().task(), bundle.metadata().classes());
    }

    Predictor(FittedPipeline pipeline, Model<?> model, Task task, List<String> classes) {
        this.pipeline = pipeline;
        this.featureNames = pipeline.featureNames().toArray(String[]::new);
        this.classifier = task == Task.CLASSIFICATION ? model.castModel(Label.class) : null;
        this.regressor = task == Task.REGRESSION ? model.castModel(Regressor.class) : null;
        this.classes = classes == null ? List.of() : List.copyOf(classes);
        this.nativeScorer = classifier == null ? null : NativeXGBoostScorer.of(classifier, featureNames, this.classes);
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

    /** Whether batches go to the model's native booster directly (XGBoost classifiers). */
    boolean scoresNatively() {
        return nativeScorer != null;
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
            if (nativeScorer != null) {
                double[][] features = new double[end - start][];
                for (int i = start; i < end; i++) {
                    features[i - start] = pipeline.transform(row.apply(i));
                }
                for (double[] probabilities : nativeScorer.probabilities(features)) {
                    out.add(new Scored(classes.get(argmax(probabilities)), probabilities, Double.NaN));
                }
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
