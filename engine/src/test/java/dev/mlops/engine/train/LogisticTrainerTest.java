package dev.mlops.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.engine.data.Columns;
import dev.mlops.engine.features.FittedPipeline;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The logistic trainer reaches scikit-learn's optimum: the gradient of C · Σ logloss + ½‖W‖² (written out here on
 * its own, in doubles) vanishes at the weights it returns; and Tribuo's model built from them predicts that model.
 */
class LogisticTrainerTest {

    private static final Path TRAIN = ChurnData.TRAIN;
    private static Columns columns;
    private static int[] rows;

    @BeforeAll
    static void load() {
        columns = ChurnData.columns();
        rows = IntStream.range(0, (int) columns.rows()).toArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {"churned", "plan"})
    void weightsAreTheRegularisedOptimum(String target) {
        FittedPipeline pipeline = ChurnData.pipelineFor(target);
        FeatureMatrix x = FeatureMatrix.of(pipeline, columns, rows, TRAIN);
        LabelFactory factory = new LabelFactory();
        double c = 0.5;
        LinearSGDModel model = new LogisticTrainer(c, 1000, 1e-8).train(x, ChurnData.labels(columns, target, rows),
                factory,
                new SimpleDataSourceProvenance("test", ModelTrainer.FIXED_TIME, factory));

        DenseMatrix w = model.getWeightsCopy();
        int classes = w.getDimension1Size();
        int width = x.features().size();
        int[] ids = new int[rows.length];
        String[] labels = ChurnData.labels(columns, target, rows);
        for (int r = 0; r < rows.length; r++) {
            ids[r] = model.getOutputIDInfo().getID(new Label(labels[r]));
        }
        double[][] gradient = new double[classes][width + 1];
        for (int r = 0; r < rows.length; r++) {
            double[] z = new double[classes];
            for (int k = 0; k < classes; k++) {
                z[k] = w.get(k, width);
                for (int j = 0; j < width; j++) {
                    z[k] += w.get(k, j) * x.values()[r * width + j];
                }
            }
            double max = java.util.Arrays.stream(z).max().orElseThrow();
            double sum = java.util.Arrays.stream(z).map(v -> Math.exp(v - max)).sum();
            for (int k = 0; k < classes; k++) {
                double residual = Math.exp(z[k] - max) / sum - (k == ids[r] ? 1 : 0);
                for (int j = 0; j < width; j++) {
                    gradient[k][j] += c * residual * x.values()[r * width + j];
                }
                gradient[k][width] += c * residual;
            }
        }
        double largest = 0;
        for (int k = 0; k < classes; k++) {
            for (int j = 0; j <= width; j++) {
                // two classes share one vector stored as -w/2, w/2: the penalty on w is ½‖w‖² = ‖w_k‖² per row
                double penalty = j == width ? 0 : classes == 2 ? 2 * w.get(k, j) : w.get(k, j);
                largest = Math.max(largest, Math.abs(gradient[k][j] + penalty));
            }
        }
        assertThat(classes).isEqualTo(target.equals("plan") ? 3 : 2);
        assertThat(largest).as("largest gradient component at the returned weights").isLessThan(1e-3);
        assertThat(norm(w)).isGreaterThan(0.1);
    }

    @Test
    void strongerRegularisationGivesSmallerWeights() {
        FeatureMatrix x = FeatureMatrix.of(ChurnData.pipelineFor("churned"), columns, rows, TRAIN);
        LabelFactory factory = new LabelFactory();
        SimpleDataSourceProvenance source = new SimpleDataSourceProvenance("test", ModelTrainer.FIXED_TIME, factory);
        String[] labels = ChurnData.labels(columns, "churned", rows);
        double loose = norm(new LogisticTrainer(10, 200, 1e-6).train(x, labels, factory, source)
                .getWeightsCopy());
        double tight = norm(new LogisticTrainer(1e-5, 200, 1e-6).train(x, labels, factory, source)
                .getWeightsCopy());
        assertThat(tight).isLessThan(loose / 5);
    }

    /** Tribuo's prediction with the stored -w/2, w/2 rows is the sigmoid of w·x + b. */
    @Test
    void twoClassModelPredictsTheSigmoid() {
        FittedPipeline pipeline = ChurnData.pipelineFor("churned");
        FeatureMatrix x = FeatureMatrix.of(pipeline, columns, rows, TRAIN);
        LabelFactory factory = new LabelFactory();
        LinearSGDModel model = new LogisticTrainer(1, 100, 1e-4).train(x, ChurnData.labels(columns, "churned", rows),
                factory,
                new SimpleDataSourceProvenance("test", ModelTrainer.FIXED_TIME, factory));
        DenseMatrix w = model.getWeightsCopy();
        String[] names = pipeline.featureNames().toArray(String[]::new);
        int one = model.getOutputIDInfo().getID(new Label("1"));
        for (int r = 0; r < 50; r++) {
            Map<String, Object> row = new HashMap<>();
            for (String c : pipeline.inputColumns()) {
                row.put(c, columns.value(c, r));
            }
            double[] features = pipeline.transform(row);
            Prediction<Label> p = model.predict(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, names, features));
            double z = 2 * w.get(one, names.length);
            for (int i = 0; i < names.length; i++) {
                z += 2 * w.get(one, x.features().getID(names[i])) * features[i];
            }
            assertThat(p.getOutputScores().get("1").getScore()).isCloseTo(1 / (1 + Math.exp(-z)), within(1e-12));
        }
    }

    /** Tribuo's own entry point, a dataset of examples, learns the same weights as the engine's feature matrix. */
    @Test
    void trainingOnTribuoExamplesLearnsTheSameWeights() {
        FittedPipeline pipeline = ChurnData.pipelineFor("plan");
        String[] labels = ChurnData.labels(columns, "plan", rows);
        LabelFactory factory = new LabelFactory();
        SimpleDataSourceProvenance source = new SimpleDataSourceProvenance("test", ModelTrainer.FIXED_TIME, factory);
        org.tribuo.MutableDataset<Label> examples = new org.tribuo.MutableDataset<>(source, factory);
        String[] names = pipeline.featureNames().toArray(String[]::new);
        for (int r = 0; r < rows.length; r++) {
            Map<String, Object> row = new HashMap<>();
            for (String c : pipeline.inputColumns()) {
                row.put(c, columns.value(c, r));
            }
            examples.add(new ArrayExample<>(new Label(labels[r]), names, pipeline.transform(row)));
        }
        FeatureMatrix x = FeatureMatrix.of(pipeline, columns, rows, TRAIN);

        DenseMatrix fromExamples = new LogisticTrainer(1, 100, 1e-4).train(examples, Map.of()).getWeightsCopy();
        DenseMatrix fromMatrix = new LogisticTrainer(1, 100, 1e-4).train(x, labels, factory, source).getWeightsCopy();
        assertThat(fromExamples.getDimension1Size()).isEqualTo(3);
        for (int k = 0; k < 3; k++) {
            for (int j = 0; j < fromExamples.getDimension2Size(); j++) {
                assertThat(fromExamples.get(k, j)).as("weight %d,%d", k, j).isEqualTo(fromMatrix.get(k, j));
            }
        }
    }

    @Test
    void theWeightsDoNotDependOnTheThreadCount() throws Exception {
        // more rows than one block, so that blocks are summed from several threads
        int[] many = IntStream.range(0, 5 * LbfgsTrainer.BLOCK).map(i -> i % (int) columns.rows()).toArray();
        FeatureMatrix x = FeatureMatrix.of(ChurnData.pipelineFor("plan"), columns, many, TRAIN);
        String[] labels = new String[many.length];
        for (int k = 0; k < many.length; k++) {
            labels[k] = columns.value("plan", many[k]).toString();
        }
        LabelFactory factory = new LabelFactory();
        SimpleDataSourceProvenance source = new SimpleDataSourceProvenance("test", ModelTrainer.FIXED_TIME, factory);
        ForkJoinPool one = new ForkJoinPool(1);
        ForkJoinPool four = new ForkJoinPool(4);
        try {
            byte[] single = one.submit(() -> new LogisticTrainer(1, 100, 1e-4).train(x, labels, factory, source)
                    .serialize().toByteArray()).get();
            byte[] parallel = four.submit(() -> new LogisticTrainer(1, 100, 1e-4).train(x, labels, factory, source)
                    .serialize().toByteArray()).get();
            assertThat(parallel).isEqualTo(single);
        } finally {
            one.shutdown();
            four.shutdown();
        }
    }

    private static double norm(DenseMatrix w) {
        double sum = 0;
        for (int k = 0; k < w.getDimension1Size(); k++) {
            for (int j = 0; j < w.getDimension2Size() - 1; j++) {
                sum += w.get(k, j) * w.get(k, j);
            }
        }
        return Math.sqrt(sum);
    }
}
