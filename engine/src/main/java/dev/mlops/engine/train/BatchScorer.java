package dev.mlops.engine.train;

import java.util.List;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.regression.Regressor;

/**
 * Scores many rows of a model at once from a row-major matrix in the model's feature order, bypassing Tribuo's
 * example per row; each implementation gives what Tribuo's own prediction gives (tested).
 */
interface BatchScorer {

    /** The model's features: their IDs are the matrix columns. */
    ImmutableFeatureMap features();

    /** The value of a model feature that the pipeline does not produce, as Tribuo would read its absence. */
    double absent();

    /**
     * Per row of the {@code rows} rows of {@code matrix}: a classifier's class probabilities in the bundle's class
     * order, or a regressor's one value.
     */
    double[][] score(double[] matrix, int rows);

    /** A batch scorer for classifier {@code model}, or null when it has none (Tribuo then scores row by row). */
    static BatchScorer of(Model<Label> model, List<String> classes) {
        int[] output = new int[classes.size()];
        for (int c = 0; c < output.length; c++) {
            output[c] = model.getOutputIDInfo().getID(new Label(classes.get(c)));
            if (output[c] < 0) {
                return null;
            }
        }
        BatchScorer xgboost = NativeXGBoostScorer.of(model, output);
        return xgboost != null ? xgboost : LinearScorer.of(model, output);
    }

    /** A batch scorer for a regressor of one target, or null when it has none. */
    static BatchScorer ofRegressor(Model<Regressor> model) {
        if (model.getOutputIDInfo().size() != 1) {
            return null;
        }
        BatchScorer xgboost = NativeXGBoostScorer.of(model, null);
        return xgboost != null ? xgboost : LinearScorer.ofRegressor(model);
    }
}
