package dev.mlops.engine.train;

import dev.mlops.engine.LogSink;
import dev.mlops.engine.data.Columns;
import dev.mlops.engine.data.DatasetLoader;
import dev.mlops.engine.data.LoadedDataset;
import dev.mlops.engine.data.ReadOptions;
import dev.mlops.engine.features.FittedPipeline;
import java.nio.file.Path;
import java.util.Map;

/** The bundled churn training data in memory, and the default feature pipelines fitted on it, for training tests. */
final class ChurnData {

    static final Path TRAIN = Path.of("../examples/data/train.csv");

    private ChurnData() {
    }

    static Columns columns() {
        try (LoadedDataset data = DatasetLoader.load(TRAIN, ReadOptions.DEFAULTS, LogSink.NONE)) {
            return data.readColumns();
        }
    }

    /** The default pipeline for predicting {@code target} (from a one-split tree's bundle: quick to train). */
    static FittedPipeline pipelineFor(String target) {
        return ModelTrainer.train(TRAIN, ReadOptions.DEFAULTS, new TrainOptions(target, Algorithm.CART,
                Map.of("maxDepth", "1"), 7, null, null, null, 0, null), LogSink.NONE).bundle().pipeline();
    }

    /** {@code target}'s class label in each of {@code rows}. */
    static String[] labels(Columns columns, String target, int[] rows) {
        String[] labels = new String[rows.length];
        for (int k = 0; k < rows.length; k++) {
            labels[k] = Predictor.labelOf(columns.value(target, rows[k]));
        }
        return labels;
    }
}
