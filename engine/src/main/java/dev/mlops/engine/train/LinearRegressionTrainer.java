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
import org.tribuo.math.LinearParameters;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.provenance.DataProvenance;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.linear.LinearSGDModel;

/**
 * Least-squares linear regression with scikit-learn's semantics: {@code alpha} 0 is {@code LinearRegression}, a
 * positive {@code alpha} is {@code Ridge(alpha)}, minimising {@code ||y - Xw - b||^2 + alpha ||w||^2} (the intercept
 * not penalised). Solved by {@link Lbfgs} from zero weights: its steps stay in the span of the data, so where the
 * least-squares solution is not unique (one-hot columns with an intercept) it converges to the smallest one, as
 * scikit-learn's {@code lstsq} does. The objective is divided by {@code n} times the target's variance so that the
 * tolerance does not depend on the target's units. Sums run in fixed blocks, so the model does not depend on the
 * thread count. The result is Tribuo's regression {@link LinearSGDModel}, made by reflection (its constructor is
 * package-private).
 */
public final class LinearRegressionTrainer extends LbfgsTrainer<Regressor> {

    @Config(description = "L2 regularisation strength, as scikit-learn's Ridge alpha (0: ordinary least squares)")
    private double alpha = 0;

    /** For OLCUT's configuration system. */
    private LinearRegressionTrainer() {
    }

    LinearRegressionTrainer(double alpha, int maxIterations, double tolerance) {
        super(maxIterations, tolerance);
        this.alpha = alpha;
    }

    /** Trains on Tribuo examples with one target dimension; the engine trains on a {@link FeatureMatrix} instead. */
    @Override
    public LinearSGDModel train(Dataset<Regressor> examples, Map<String, Provenance> runProvenance) {
        ImmutableFeatureMap features = examples.getFeatureIDMap();
        ImmutableOutputInfo<Regressor> info = examples.getOutputIDInfo();
        if (info.size() != 1) {
            throw new IllegalArgumentException("one target dimension expected, got " + info.size());
        }
        double[] targets = new double[examples.size()];
        int r = 0;
        for (Example<Regressor> e : examples) {
            targets[r++] = e.getOutput().getValues()[0];
        }
        TrainerProvenance trainer = startRun();
        return model(new ModelProvenance(LinearSGDModel.class.getName(), OffsetDateTime.now(),
                examples.getProvenance(), trainer, runProvenance), features, info,
                fit(FeatureMatrix.valuesOf(examples), examples.size(), features.size(), targets));
    }

    /** Trains on a feature matrix with {@code targets} (one per row) named {@code target}. */
    LinearSGDModel train(FeatureMatrix x, double[] targets, String target,
                                      OutputFactory<Regressor> factory, DataProvenance source) {
        ImmutableOutputInfo<Regressor> info = FeatureMatrix.outputs(factory, x.rows(),
                i -> new Regressor(target, targets[i]));
        TrainerProvenance trainer = startRun();
        return model(new ModelProvenance(LinearSGDModel.class.getName(), ModelTrainer.FIXED_TIME,
                x.provenance(source, info.size()), trainer, Map.of(), false), x.features(), info,
                fit(x.values(), x.rows(), x.features().size(), targets));
    }

    /** The weights, then the intercept, fitted to {@code rows} rows of {@code width} features. */
    double[] fit(float[] values, int rows, int width, double[] targets) {
        double mean = 0;
        for (double t : targets) {
            mean += t;
        }
        mean /= rows;
        double variance = 0;
        for (double t : targets) {
            variance += (t - mean) * (t - mean);
        }
        double scale = 1 / (rows * (variance > 0 ? variance / rows : 1));
        Lbfgs.Objective objective = (theta, gradient) -> {
            double squares = sumInBlocks(rows, (from, to) -> blockSums(theta, values, width, targets, from,
                    to), gradient);
            double penalty = 0;
            for (int j = 0; j < width; j++) {
                penalty += theta[j] * theta[j];
                gradient[j] += alpha * theta[j];
            }
            for (int j = 0; j < gradient.length; j++) {
                gradient[j] *= scale;
            }
            return scale * (squares + alpha * penalty) / 2;
        };
        return Lbfgs.minimize(objective, new double[width + 1], maxIterations, tolerance).x();
    }

    /** The summed squared residuals of rows {@code from} to {@code to} and their gradient, the loss last. */
    private static double[] blockSums(double[] theta, float[] values, int width, double[] targets, int from, int to) {
        double[] out = new double[width + 2];
        double squares = 0;
        for (int r = from; r < to; r++) {
            int base = r * width;
            double prediction = theta[width];
            for (int j = 0; j < width; j++) {
                prediction += theta[j] * values[base + j];
            }
            double residual = prediction - targets[r];
            squares += residual * residual;
            for (int j = 0; j < width; j++) {
                out[j] += residual * values[base + j];
            }
            out[width] += residual;
        }
        out[width + 1] = squares;
        return out;
    }

    private static LinearSGDModel model(ModelProvenance provenance, ImmutableFeatureMap features,
                                        ImmutableOutputInfo<Regressor> info, double[] theta) {
        DenseMatrix weights = DenseMatrix.createDenseMatrix(new double[][] {theta});
        String[] dimensions = {info.getDomain().iterator().next().getNames()[0]};
        try {
            Constructor<LinearSGDModel> create = LinearSGDModel.class.getDeclaredConstructor(String.class,
                    String[].class, ModelProvenance.class, ImmutableFeatureMap.class, ImmutableOutputInfo.class,
                    LinearParameters.class);
            create.setAccessible(true);
            return create.newInstance("linear-lbfgs-model", dimensions, provenance, features, info,
                    new LinearParameters(weights));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create Tribuo's linear regression model", e);
        }
    }

    @Override
    public String toString() {
        return "LinearRegressionTrainer(alpha=" + alpha + ",maxIterations=" + maxIterations + ",tolerance="
                + tolerance + ")";
    }
}
