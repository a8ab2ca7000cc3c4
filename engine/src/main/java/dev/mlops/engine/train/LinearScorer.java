package dev.mlops.engine.train;

import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.math.la.DenseMatrix;

/**
 * Scores a probabilistic linear classifier (the engine's logistic regression, or the SGD logistic of earlier engines)
 * from a matrix with the arithmetic of Tribuo's {@code LinearSGDModel.predict} for a row with every feature: per class,
 * the products with the weights summed in feature-ID order from 0, the bias last, then Tribuo's softmax (subtract the
 * maximum, exponentiate, divide by the sum). The same operations in the same order give the same bits (tested).
 */
final class LinearScorer implements BatchScorer {

    private final ImmutableFeatureMap features;
    /** Rows: Tribuo output IDs; columns: feature IDs, then the bias. */
    private final double[][] weights;
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
        DenseMatrix w = linear.getWeightsCopy();
        double[][] weights = new double[w.getDimension1Size()][w.getDimension2Size()];
        for (int k = 0; k < weights.length; k++) {
            for (int j = 0; j < weights[k].length; j++) {
                weights[k][j] = w.get(k, j);
            }
        }
        return new LinearScorer(model.getFeatureIDMap(), weights, output);
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
    public double[][] probabilities(double[] matrix, int rows) {
        int width = features.size();
        double[] z = new double[weights.length];
        double[][] out = new double[rows][output.length];
        for (int r = 0; r < rows; r++) {
            int base = r * width;
            double max = -Double.MAX_VALUE;
            for (int k = 0; k < z.length; k++) {
                double[] w = weights[k];
                double sum = 0;
                for (int j = 0; j < width; j++) {
                    sum += w[j] * matrix[base + j];
                }
                sum += w[width]; // the bias feature, whose value is 1
                z[k] = sum;
                if (max < sum) {
                    max = sum;
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
}
