package dev.mlops.engine.train;

import java.util.List;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.common.xgboost.XGBoostModel;

/**
 * Scores a chunk of rows with an XGBoost classifier's booster directly: one dense float matrix in the model's feature
 * order and one native call, instead of a Tribuo example per row converted to the same matrix. The values are the ones
 * Tribuo would pass (every feature present, as a float; zeros are values, not missing), so the probabilities are the
 * same (tested against Tribuo's own predictions).
 */
final class NativeXGBoostScorer {

    private final Booster booster;
    /** For each feature in pipeline order, its column in the model's matrix; -1 when the model never saw it. */
    private final int[] column;
    private final int width;
    /** For each class in the bundle's order, its row in the booster's output. */
    private final int[] output;

    private NativeXGBoostScorer(Booster booster, int[] column, int width, int[] output) {
        this.booster = booster;
        this.column = column;
        this.width = width;
        this.output = output;
    }

    /** A scorer for {@code model}, or null when it is not an XGBoost classifier with one booster. */
    static NativeXGBoostScorer of(Model<Label> model, String[] featureNames, List<String> classes) {
        if (!(model instanceof XGBoostModel<Label> xgboost)) {
            return null;
        }
        List<Booster> boosters = xgboost.getInnerModels(); // copies: taken once
        if (boosters.size() != 1) {
            return null;
        }
        ImmutableFeatureMap features = model.getFeatureIDMap();
        int[] column = new int[featureNames.length];
        for (int i = 0; i < featureNames.length; i++) {
            column[i] = features.getID(featureNames[i]);
        }
        int[] output = new int[classes.size()];
        for (int c = 0; c < output.length; c++) {
            output[c] = model.getOutputIDInfo().getID(new Label(classes.get(c)));
            if (output[c] < 0) {
                return null;
            }
        }
        return new NativeXGBoostScorer(boosters.get(0), column, features.size(), output);
    }

    /**
     * Class probabilities, in the bundle's class order, of {@code rows} feature vectors (pipeline order). Calls on one
     * booster take turns: the model server scores from several threads.
     */
    double[][] probabilities(double[][] rows) {
        float[] matrix = new float[rows.length * width];
        java.util.Arrays.fill(matrix, Float.NaN);
        for (int r = 0; r < rows.length; r++) {
            for (int i = 0; i < column.length; i++) {
                if (column[i] >= 0) {
                    matrix[r * width + column[i]] = (float) rows[r][i];
                }
            }
        }
        float[][] predicted;
        try {
            DMatrix data = new DMatrix(matrix, rows.length, width, Float.NaN);
            try {
                synchronized (booster) {
                    predicted = booster.predict(data);
                }
            } finally {
                data.dispose();
            }
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost could not score " + rows.length + " rows: " + e.getMessage(), e);
        }
        double[][] out = new double[rows.length][output.length];
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < output.length; c++) {
                out[r][c] = predicted[r][output[c]];
            }
        }
        return out;
    }
}
