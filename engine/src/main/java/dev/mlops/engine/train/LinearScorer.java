package dev.mlops.engine.train;

import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.common.sgd.AbstractLinearSGDModel;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.regression.Regressor;

/**
 * Scores a probabilistic linear classifier (the engine's logistic regression, or the SGD logistic of earlier engines)
 * or a linear regressor from a matrix with the arithmetic of Tribuo's {@code LinearSGDModel.predict} for a row with
 * every feature: per output, the products with the weights summed in feature-ID order from 0, the bias last; for a
 * classifier then Tribuo's softmax (subtract the maximum, exponentiate, divide by the sum). The same operations in the
 * same order give the same bits (tested).
 */
final class LinearScorer implements BatchScorer {

    private final ImmutableFeatureMap features;
    /** Rows: Tribuo output IDs; columns: feature IDs, then the bias. */
    private final double[][] weights;
    /** For each class in the bundle's order, its Tribuo output ID; null for a regressor. */
    private final int[] output;

    private LinearScorer(ImmutableFeatureMap features, double[][] weights, int[] output) {
        this.features = features;
        this.weights = weights;
        this.output = output;
    }

    /**
     * A scorer for {@code model}, or null when it is not a linear model with probabilities. Tribuo's linear classifiers
     * give probabilities only with the log-multiclass objective, whose normalizer is the softmax reproduced here.
     */
    static LinearScorer of(Model<Label> model, int[] output) {
        if (!(model instanceof LinearSGDModel linear) || !linear.generatesProbabilities()) {
            return null;
        }
        return new LinearScorer(model.getFeatureIDMap(), weights(linear), output);
    }

    /** A scorer for a linear regressor of one target (the engine's linear regression), or null for another model. */
    static LinearScorer ofRegressor(Model<Regressor> model) {
        if (!(model instanceof org.tribuo.regression.sgd.linear.LinearSGDModel linear)) {
            return null;
        }
        return new LinearScorer(model.getFeatureIDMap(), weights(linear), null);
    }

    private static double[][] weights(AbstractLinearSGDModel<?> linear) {
        DenseMatrix w = linear.getWeightsCopy();
        double[][] weights = new double[w.getDimension1Size()][w.getDimension2Size()];
        for (int k = 0; k < weights.length; k++) {
            for (int j = 0; j < weights[k].length; j++) {
                weights[k][j] = w.get(k, j);
            }
        }
        return weights;
    }

    @Override
    public ImmutableFeatureMap features() {
        return features;
    }

    /** An absent feature contributes nothing to a linear model. */
    @Override
    public double absent() {
        return 0;
    }

    @Override
    public double[][] score(double[] matrix, int rows) {
        int width = features.size();
        if (output == null) {
            double[][] values = new double[rows][];
            for (int r = 0; r < rows; r++) {
                values[r] = new double[] {linear(weights[0], matrix, r * width, width)};
            }
            return values;
        }
        double[] z = new double[weights.length];
        double[][] out = new double[rows][output.length];
        for (int r = 0; r < rows; r++) {
            double max = -Double.MAX_VALUE;
            for (int k = 0; k < z.length; k++) {
                z[k] = linear(weights[k], matrix, r * width, width);
                if (max < z[k]) {
                    max = z[k];
                }
            }
            double total = 0;
            for (int k = 0; k < z.length; k++) {
                z[k] = Math.exp(z[k] - max);
                total += z[k];
            }
            for (int c = 0; c < output.length; c++) {
                out[r][c] = z[output[c]] / total;
            }
        }
        return out;
    }

    /** One output's weights {@code w} times the row at {@code base}, in feature-ID order, then the bias. */
    private static double linear(double[] w, double[] matrix, int base, int width) {
        double sum = 0;
        for (int j = 0; j < width; j++) {
            sum += w[j] * matrix[base + j];
        }
        return sum + w[width]; // the bias feature, whose value is 1
    }
}
