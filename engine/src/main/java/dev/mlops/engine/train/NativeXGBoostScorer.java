package dev.mlops.engine.train;

import java.util.List;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.common.xgboost.XGBoostModel;

/**
 * Scores a chunk of rows with an XGBoost model's booster directly: one dense float matrix in the model's feature
 * order and one native call, instead of a Tribuo example per row converted to the same matrix. The values are the ones
 * Tribuo would pass (every feature present, as a float; zeros are values, not missing), so the probabilities of a
 * classifier and the value of a regressor are the same (tested against Tribuo's own predictions).
 */
final class NativeXGBoostScorer implements BatchScorer {

    private final Booster booster;
    private final ImmutableFeatureMap features;
    /** For each class in the bundle's order, its row in the booster's output; null for a regressor. */
    private final int[] output;

    private NativeXGBoostScorer(Booster booster, ImmutableFeatureMap features, int[] output) {
        this.booster = booster;
        this.features = features;
        this.output = output;
    }

    /**
     * A scorer for {@code model} with {@code output[c]} the Tribuo ID of the bundle's class {@code c} (null for a
     * regressor), or null when it is not an XGBoost model with one booster (Tribuo trains one per regression target).
     */
    static NativeXGBoostScorer of(Model<?> model, int[] output) {
        if (!(model instanceof XGBoostModel<?> xgboost)) {
            return null;
        }
        List<Booster> boosters = xgboost.getInnerModels(); // copies: taken once
        if (boosters.size() != 1) {
            return null;
        }
        return new NativeXGBoostScorer(boosters.get(0), model.getFeatureIDMap(), output);
    }

    @Override
    public ImmutableFeatureMap features() {
        return features;
    }

    /** XGBoost's missing value: what the sparse matrix Tribuo builds leaves out. */
    @Override
    public double absent() {
        return Double.NaN;
    }

    /** XGBoost reads floats, as Tribuo's conversion gives it. */
    @Override
    public double[][] score(double[] matrix, int rows) {
        float[] values = new float[matrix.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) matrix[i];
        }
        return score(values, rows);
    }

    /**
     * {@link #score(double[], int)} of the floats XGBoost reads, without a copy. Calls on one booster take turns: the
     * model server scores from several threads.
     */
    double[][] score(float[] values, int rows) {
        float[][] predicted;
        try {
            synchronized (booster) {
                // straight from the array: no DMatrix to build (a third of the time at 50k rows)
                predicted = booster.inplace_predict(values, rows, features.size(), Float.NaN);
            }
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost could not score " + rows + " rows: " + e.getMessage(), e);
        }
        if (output == null) {
            double[][] regressed = new double[rows][];
            for (int r = 0; r < rows; r++) {
                regressed[r] = new double[] {predicted[r][0]}; // Tribuo's regression converter widens the float
            }
            return regressed;
        }
        double[][] out = new double[rows][output.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < output.length; c++) {
                // binary:logistic gives one number per row; multi:softprob one per class
                out[r][c] = predicted[r].length == 1 ? XGBoostBinaryConverter.probability(predicted[r][0], output[c])
                        : predicted[r][output[c]];
            }
        }
        return out;
    }
}
