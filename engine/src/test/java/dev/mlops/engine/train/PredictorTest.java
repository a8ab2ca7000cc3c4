package dev.mlops.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.engine.LogSink;
import dev.mlops.engine.data.Columns;
import dev.mlops.engine.data.DatasetLoader;
import dev.mlops.engine.data.LoadedDataset;
import dev.mlops.engine.data.ReadOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PredictorTest {

    /** The batch path of XGBoost and linear models gives what Tribuo's own prediction gives, row by row, to the bit. */
    @ParameterizedTest
    @ValueSource(strings = {"xgboost", "random-forest", "logistic"})
    void batchScoringMatchesTribuosPredictions(String algorithm) {
        ModelBundle bundle = ModelTrainer.train(Path.of("../examples/data/train.csv"), ReadOptions.DEFAULTS,
                new TrainOptions("churned", Algorithm.parse(algorithm).orElseThrow(),
                        algorithm.equals("logistic") ? Map.of() : Map.of("numTrees", "20"), 7,
                        null, null, null, 0, null), LogSink.NONE).bundle();
        List<Map<String, Object>> rows = new ArrayList<>();
        try (LoadedDataset data = DatasetLoader.load(Path.of("../examples/data/holdout.csv"), ReadOptions.DEFAULTS,
                LogSink.NONE)) {
            Columns columns = data.readColumns();
            for (int i = 0; i < columns.rows(); i++) {
                Map<String, Object> row = new HashMap<>();
                for (String c : bundle.pipeline().inputColumns()) {
                    row.put(c, columns.value(c, i));
                }
                rows.add(row);
            }
        }
        Predictor predictor = new Predictor(bundle);
        assertThat(predictor.scoresInBatches()).isTrue();
        List<Predictor.Scored> batch = predictor.predictAll(rows.size(), rows::get);
        assertThat(batch).hasSize(1000);
        for (int i = 0; i < rows.size(); i++) {
            Predictor.Scored one = predictor.predict(rows.get(i));
            assertThat(batch.get(i).label()).as("row " + i).isEqualTo(one.label());
            assertThat(batch.get(i).probabilities()).as("row " + i).containsExactly(one.probabilities());
        }
    }

    /** Regressors too, from columns and from rows: the value Tribuo predicts, to the bit. */
    @ParameterizedTest
    @ValueSource(strings = {"xgboost", "linear"})
    void batchRegressionMatchesTribuosPredictions(String algorithm) {
        ModelBundle bundle = ModelTrainer.train(Path.of("../examples/data/train.csv"), ReadOptions.DEFAULTS,
                new TrainOptions("monthly_charges", Algorithm.parse(algorithm).orElseThrow(),
                        algorithm.equals("linear") ? Map.of("alpha", "0.5") : Map.of("numTrees", "20"), 7,
                        null, null, null, 0, null), LogSink.NONE).bundle();
        Predictor predictor = new Predictor(bundle);
        assertThat(predictor.isClassifier()).isFalse();
        assertThat(predictor.scoresInBatches()).isTrue();
        try (LoadedDataset data = DatasetLoader.load(Path.of("../examples/data/holdout.csv"), ReadOptions.DEFAULTS,
                LogSink.NONE)) {
            Columns columns = data.readColumns();
            int[] rows = java.util.stream.IntStream.range(0, (int) columns.rows()).toArray();
            List<Predictor.Scored> columnar = predictor.predictAll(columns, rows);
            List<Map<String, Object>> byName = new ArrayList<>();
            for (int i : rows) {
                Map<String, Object> row = new HashMap<>();
                for (String c : predictor.inputColumns()) {
                    row.put(c, columns.value(c, i));
                }
                byName.add(row);
            }
            List<Predictor.Scored> batch = predictor.predictAll(byName.size(), byName::get);
            java.util.Set<Double> distinct = new java.util.HashSet<>();
            for (int i : rows) {
                double tribuo = predictor.predict(byName.get(i)).value();
                assertThat(columnar.get(i).value()).as("row " + i).isEqualTo(tribuo);
                assertThat(batch.get(i).value()).as("row " + i).isEqualTo(tribuo);
                assertThat(columnar.get(i).label()).isNull();
                distinct.add(tribuo);
            }
            assertThat(distinct).as("a model that predicts something").hasSizeGreaterThan(100);
        }
    }

    @org.junit.jupiter.api.Test
    void otherModelsScoreThroughTribuo() {
        ModelBundle bundle = ModelTrainer.train(Path.of("../examples/data/train.csv"), ReadOptions.DEFAULTS,
                new TrainOptions("churned", Algorithm.CART, Map.of(), 7, null, null, null, 0, null), LogSink.NONE)
                .bundle();
        assertThat(new Predictor(bundle).scoresInBatches()).isFalse();
    }

    /** Scoring from columns (in parallel, straight into the booster's matrix) gives what row-by-row scoring gives. */
    @ParameterizedTest
    @ValueSource(strings = {"xgboost", "logistic", "cart"})
    void columnarBatchScoringMatchesRowByRow(String algorithm) {
        ModelBundle bundle = ModelTrainer.train(Path.of("../examples/data/train.csv"), ReadOptions.DEFAULTS,
                new TrainOptions("churned", Algorithm.parse(algorithm).orElseThrow(), Map.of(), 7, null, null, null,
                        0, null), LogSink.NONE).bundle();
        Predictor predictor = new Predictor(bundle);
        try (LoadedDataset data = DatasetLoader.load(Path.of("../examples/data/holdout.csv"), ReadOptions.DEFAULTS,
                LogSink.NONE)) {
            Columns columns = data.readColumns();
            int[] rows = java.util.stream.IntStream.range(0, (int) columns.rows()).map(i -> (i * 7) % 1000).toArray();
            List<Predictor.Scored> columnar = predictor.predictAll(columns, rows);
            Map<String, Object> row = new HashMap<>();
            List<Predictor.Scored> byRow = predictor.predictAll(rows.length, k -> {
                for (String c : predictor.inputColumns()) {
                    row.put(c, columns.value(c, rows[k]));
                }
                return row;
            });
            assertThat(columnar).hasSize(rows.length);
            for (int k = 0; k < rows.length; k++) {
                assertThat(columnar.get(k).label()).as("row " + rows[k]).isEqualTo(byRow.get(k).label());
                assertThat(columnar.get(k).probabilities()).as("row " + rows[k])
                        .containsExactly(byRow.get(k).probabilities());
            }
        }
    }

    /** A value the pipeline refuses is reported at its position in the rows asked for, on both paths. */
    @ParameterizedTest
    @ValueSource(strings = {"xgboost", "cart"})
    void columnarBatchScoringNamesTheRefusedRow(String algorithm) {
        ModelBundle bundle = ModelTrainer.train(Path.of("../examples/data/train.csv"), ReadOptions.DEFAULTS,
                new TrainOptions("churned", Algorithm.parse(algorithm).orElseThrow(), Map.of("maxDepth", "2"), 7,
                        null, null, null, 0, null), LogSink.NONE).bundle();
        Predictor predictor = new Predictor(bundle);
        try (LoadedDataset data = DatasetLoader.load(Path.of("../examples/data/holdout.csv"), ReadOptions.DEFAULTS,
                LogSink.NONE)) {
            Columns clean = data.readColumns();
            Map<String, double[]> numbers = new HashMap<>(clean.numbers());
            double[] age = numbers.get("age").clone();
            age[70_000 % 1000] = Double.POSITIVE_INFINITY;
            numbers.put("age", age);
            Columns broken = new Columns(clean.rows(), clean.types(), numbers, clean.texts());
            // row 0 of the file repeated, then (at position 70 000, in the second chunk) the broken row 0 of 1000
            int[] rows = new int[70_001];
            rows[70_000] = 0;
            for (int k = 0; k < 70_000; k++) {
                rows[k] = 1 + k % 999;
            }

            assertThatThrownBy(() -> predictor.predictAll(broken, rows))
                    .isInstanceOfSatisfying(dev.mlops.engine.features.FeatureException.class, e -> {
                        assertThat(e.row()).isEqualTo(70_000);
                        assertThat(e.column()).isEqualTo("age");
                        assertThat(e.problem()).contains("infinite");
                    });
        }
    }
}
