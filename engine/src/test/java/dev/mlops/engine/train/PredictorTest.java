package dev.mlops.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

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

    /** The native batch path for XGBoost gives what Tribuo's own prediction gives, row by row, to the bit. */
    @ParameterizedTest
    @ValueSource(strings = {"xgboost", "random-forest"})
    void batchScoringOfXGBoostModelsMatchesTribuosPredictions(String algorithm) {
        ModelBundle bundle = ModelTrainer.train(Path.of("../examples/data/train.csv"), ReadOptions.DEFAULTS,
                new TrainOptions("churned", Algorithm.parse(algorithm).orElseThrow(), Map.of("numTrees", "20"), 7,
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
        assertThat(predictor.scoresNatively()).isTrue();
        List<Predictor.Scored> batch = predictor.predictAll(rows.size(), rows::get);
        assertThat(batch).hasSize(1000);
        for (int i = 0; i < rows.size(); i++) {
            Predictor.Scored one = predictor.predict(rows.get(i));
            assertThat(batch.get(i).label()).as("row " + i).isEqualTo(one.label());
            assertThat(batch.get(i).probabilities()).as("row " + i).containsExactly(one.probabilities());
        }
    }

    @org.junit.jupiter.api.Test
    void otherModelsScoreThroughTribuo() {
        ModelBundle bundle = ModelTrainer.train(Path.of("../examples/data/train.csv"), ReadOptions.DEFAULTS,
                new TrainOptions("churned", Algorithm.CART, Map.of(), 7, null, null, null, 0, null), LogSink.NONE)
                .bundle();
        assertThat(new Predictor(bundle).scoresNatively()).isFalse();
    }
}
