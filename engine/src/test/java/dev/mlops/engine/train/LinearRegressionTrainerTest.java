package dev.mlops.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.engine.data.Columns;
import dev.mlops.engine.features.FittedPipeline;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.MutableDataset;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.linear.LinearSGDModel;

/** The linear trainer reaches scikit-learn's least-squares and ridge solutions, checked by solving them directly. */
class LinearRegressionTrainerTest {

    private static Columns columns;
    private static FeatureMatrix x;
    private static double[] y;

    @BeforeAll
    static void load() {
        columns = ChurnData.columns();
        int[] rows = IntStream.range(0, (int) columns.rows()).toArray();
        x = FeatureMatrix.of(ChurnData.pipelineFor("tenure_months"), columns, rows, ChurnData.TRAIN);
        y = columns.numbers().get("tenure_months").clone();
    }

    /** Ridge has one solution: (XᵀX + αI)θ = Xᵀy with the intercept unpenalised, solved here by elimination. */
    @Test
    void ridgeWeightsAreTheDirectSolution() {
        double alpha = 2.5;
        double[] direct = solveRidge(alpha);
        double[] fitted = theta(train(alpha));
        for (int j = 0; j < direct.length; j++) {
            assertThat(fitted[j]).as("weight " + j).isCloseTo(direct[j], within(1e-4 * Math.max(1, Math.abs(direct[j]))));
        }
    }

    /** Least squares: the residual is orthogonal to every feature and to the intercept (the normal equations). */
    @Test
    void ordinaryLeastSquaresSatisfiesTheNormalEquations() {
        double[] theta = theta(train(0));
        int width = x.features().size();
        double[] gradient = new double[width + 1];
        double total = 0;
        for (int r = 0; r < x.rows(); r++) {
            double residual = theta[width] - y[r];
            for (int j = 0; j < width; j++) {
                residual += theta[j] * x.values()[r * width + j];
            }
            for (int j = 0; j < width; j++) {
                gradient[j] += residual * x.values()[r * width + j];
            }
            gradient[width] += residual;
            total += y[r] * y[r];
        }
        double largest = java.util.Arrays.stream(gradient).map(Math::abs).max().orElseThrow();
        assertThat(largest / Math.sqrt(total * x.rows())).as("scaled largest normal-equation residual")
                .isLessThan(1e-5);
        double spread = java.util.Arrays.stream(theta).limit(width).map(Math::abs).max().orElseThrow();
        assertThat(spread).isGreaterThan(0.1);
    }

    /** Tribuo's own entry point, a dataset of examples, learns the same weights as the engine's feature matrix. */
    @Test
    void trainingOnTribuoExamplesLearnsTheSameWeights() {
        FittedPipeline pipeline = ChurnData.pipelineFor("tenure_months");
        RegressionFactory factory = new RegressionFactory();
        SimpleDataSourceProvenance source = new SimpleDataSourceProvenance("test", ModelTrainer.FIXED_TIME, factory);
        MutableDataset<Regressor> examples = new MutableDataset<>(source, factory);
        String[] names = pipeline.featureNames().toArray(String[]::new);
        for (int r = 0; r < x.rows(); r++) {
            Map<String, Object> row = new HashMap<>();
            for (String c : pipeline.inputColumns()) {
                row.put(c, columns.value(c, r));
            }
            examples.add(new ArrayExample<>(new Regressor("tenure_months", y[r]), names, pipeline.transform(row)));
        }

        double[] fromExamples = theta(new LinearRegressionTrainer(1, 5000, 1e-8).train(examples, Map.of()));
        assertThat(fromExamples).containsExactly(theta(train(1)));
    }

    private static LinearSGDModel train(double alpha) {
        RegressionFactory factory = new RegressionFactory();
        return new LinearRegressionTrainer(alpha, 5000, 1e-8).train(x, y, "tenure_months", factory,
                new SimpleDataSourceProvenance("test", ModelTrainer.FIXED_TIME, factory));
    }

    private static double[] theta(LinearSGDModel model) {
        DenseMatrix w = model.getWeightsCopy();
        double[] theta = new double[w.getDimension2Size()];
        for (int j = 0; j < theta.length; j++) {
            theta[j] = w.get(0, j);
        }
        return theta;
    }

    private static double[] solveRidge(double alpha) {
        int width = x.features().size();
        int n = width + 1;
        double[][] a = new double[n][n + 1];
        for (int r = 0; r < x.rows(); r++) {
            double[] row = new double[n];
            for (int j = 0; j < width; j++) {
                row[j] = x.values()[r * width + j];
            }
            row[width] = 1;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    a[i][j] += row[i] * row[j];
                }
                a[i][n] += row[i] * y[r];
            }
        }
        for (int j = 0; j < width; j++) {
            a[j][j] += alpha;
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int i = col + 1; i < n; i++) {
                if (Math.abs(a[i][col]) > Math.abs(a[pivot][col])) {
                    pivot = i;
                }
            }
            double[] swap = a[col];
            a[col] = a[pivot];
            a[pivot] = swap;
            for (int i = 0; i < n; i++) {
                if (i != col) {
                    double factor = a[i][col] / a[col][col];
                    for (int j = col; j <= n; j++) {
                        a[i][j] -= factor * a[col][j];
                    }
                }
            }
        }
        double[] theta = new double[n];
        for (int i = 0; i < n; i++) {
            theta[i] = a[i][n] / a[i][i];
        }
        return theta;
    }
}
