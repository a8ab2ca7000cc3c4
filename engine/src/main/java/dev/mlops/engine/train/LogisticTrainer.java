package dev.mlops.engine.train;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import java.lang.reflect.Constructor;
import java.time.OffsetDateTime;
import java.util.Map;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.OutputFactory;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.LinearParameters;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.util.VectorNormalizer;
import org.tribuo.provenance.DataProvenance;
import org.tribuo.provenance.DatasetProvenance;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.TrainerProvenance;

/**
 * Logistic regression with scikit-learn's {@code LogisticRegression} objective and solver: minimise the mean log loss
 * plus {@code ||W||^2 / (2 C n)} (intercepts not penalised) by {@link Lbfgs}, stopping when no gradient component
 * exceeds the tolerance. Two classes get one weight vector (a sigmoid), more get one per class (a softmax), as
 * scikit-learn does. It starts from zero and sums in fixed blocks of rows ({@link LbfgsTrainer#sumInBlocks}), so
 * the model does not depend on the thread count.
 *
 * <p>The result is Tribuo's {@link LinearSGDModel} (softmax over a weight matrix with the bias last), which keeps
 * Tribuo's persistence, prediction and ONNX export; a two-class weight vector {@code w} is stored as the rows
 * {@code -w/2} and {@code w/2}, whose softmax is the sigmoid of {@code w}. That model's constructor is package-private
 * in Tribuo and is called by reflection.
 */
public final class LogisticTrainer extends LbfgsTrainer<Label> {

    @Config(description = "Inverse of the L2 regularisation strength, as scikit-learn's C")
    private double c = 1.0;

    /** For OLCUT's configuration system. */
    private LogisticTrainer() {
    }

    LogisticTrainer(double c, int maxIterations, double tolerance) {
        super(maxIterations, tolerance);
        this.c = c;
    }

    /** Trains on Tribuo examples; the engine trains on a {@link FeatureMatrix} instead. */
    @Override
    public LinearSGDModel train(Dataset<Label> examples, Map<String, Provenance> runProvenance) {
        ImmutableFeatureMap features = examples.getFeatureIDMap();
        ImmutableOutputInfo<Label> info = examples.getOutputIDInfo();
        int[] classes = new int[examples.size()];
        int r = 0;
        for (Example<Label> e : examples) {
            classes[r++] = info.getID(e.getOutput());
        }
        TrainerProvenance trainer = startRun();
        return model(new ModelProvenance(LinearSGDModel.class.getName(), OffsetDateTime.now(),
                examples.getProvenance(), trainer, runProvenance), features, info,
                fit(FeatureMatrix.valuesOf(examples), examples.size(), features.size(), classes, info.size()));
    }

    /** Trains on a feature matrix with {@code labels} (one per row), the data source named by {@code source}. */
    LinearSGDModel train(FeatureMatrix x, String[] labels, OutputFactory<Label> factory,
                                      DataProvenance source) {
        FeatureMatrix.Classes classes = FeatureMatrix.classes(labels, factory);
        ImmutableOutputInfo<Label> info = classes.info();
        TrainerProvenance trainer = startRun();
        DatasetProvenance data = x.provenance(source, info.size());
        return model(new ModelProvenance(LinearSGDModel.class.getName(), ModelTrainer.FIXED_TIME, data, trainer,
                Map.of(), false), x.features(), info, fit(x.values(), x.rows(), x.features().size(),
                classes.ids(), info.size()));
    }

    /** The weight matrix (classes x features + bias) fitted to {@code rows} rows of {@code width} features. */
    double[][] fit(float[] values, int rows, int width, int[] classes, int classCount) {
        boolean binary = classCount == 2;
        int outputs = binary ? 1 : classCount;
        int stride = width + 1;
        double penalty = 1 / (c * rows);
        Lbfgs.Objective objective = (theta, gradient) -> {
            double loss = sumInBlocks(rows, (from, to) -> blockLossAndGradient(theta, values, width, classes,
                    outputs, from, to), gradient);
            loss /= rows;
            double regularisation = 0;
            for (int k = 0; k < outputs; k++) {
                for (int j = 0; j < width; j++) {
                    double w = theta[k * stride + j];
                    regularisation += w * w;
                }
            }
            for (int i = 0; i < gradient.length; i++) {
                gradient[i] /= rows;
                if (i % stride != width) {
                    gradient[i] += penalty * theta[i];
                }
            }
            return loss + penalty * regularisation / 2;
        };
        double[] theta = Lbfgs.minimize(objective, new double[outputs * stride], maxIterations, tolerance).x();
        double[][] weights = new double[classCount][stride];
        for (int j = 0; j < stride; j++) {
            if (binary) {
                weights[0][j] = -theta[j] / 2;
                weights[1][j] = theta[j] / 2;
            } else {
                for (int k = 0; k < classCount; k++) {
                    weights[k][j] = theta[k * stride + j];
                }
            }
        }
        return weights;
    }

    /** The summed loss and gradient of rows {@code from} to {@code to}; the loss is the last element. */
    private static double[] blockLossAndGradient(double[] theta, float[] values, int width, int[] classes,
                                                 int outputs, int from, int to) {
        int stride = width + 1;
        double[] out = new double[outputs * stride + 1];
        double[] z = new double[outputs];
        double loss = 0;
        for (int r = from; r < to; r++) {
            int base = r * width;
            for (int k = 0; k < outputs; k++) {
                double sum = theta[k * stride + width];
                for (int j = 0; j < width; j++) {
                    sum += theta[k * stride + j] * values[base + j];
                }
                z[k] = sum;
            }
            if (outputs == 1) {
                double y = classes[r];
                double t = z[0];
                loss += (t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t))) - y * t;
                z[0] = 1 / (1 + Math.exp(-t)) - y; // now the residual
            } else {
                double max = Double.NEGATIVE_INFINITY;
                for (double v : z) {
                    max = Math.max(max, v);
                }
                double sum = 0;
                for (double v : z) {
                    sum += Math.exp(v - max);
                }
                double logSum = max + Math.log(sum);
                loss += logSum - z[classes[r]];
                for (int k = 0; k < outputs; k++) {
                    z[k] = Math.exp(z[k] - logSum) - (k == classes[r] ? 1 : 0);
                }
            }
            for (int k = 0; k < outputs; k++) {
                double residual = z[k];
                for (int j = 0; j < width; j++) {
                    out[k * stride + j] += residual * values[base + j];
                }
                out[k * stride + width] += residual;
            }
        }
        out[outputs * stride] = loss;
        return out;
    }

    private static LinearSGDModel model(ModelProvenance provenance, ImmutableFeatureMap features,
                                        ImmutableOutputInfo<Label> info, double[][] weights) {
        DenseMatrix matrix = DenseMatrix.createDenseMatrix(weights);
        try {
            Constructor<LinearSGDModel> create = LinearSGDModel.class.getDeclaredConstructor(String.class,
                    ModelProvenance.class, ImmutableFeatureMap.class, ImmutableOutputInfo.class,
                    LinearParameters.class, VectorNormalizer.class, boolean.class);
            create.setAccessible(true);
            return create.newInstance("logistic-lbfgs-model", provenance, features, info,
                    new LinearParameters(matrix), new LogMulticlass().getNormalizer(), true);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create Tribuo's linear model", e);
        }
    }

    @Override
    public String toString() {
        return "LogisticTrainer(c=" + c + ",maxIterations=" + maxIterations + ",tolerance=" + tolerance + ")";
    }
}
