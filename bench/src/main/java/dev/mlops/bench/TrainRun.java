package dev.mlops.bench;

import dev.mlops.engine.LogSink;
import dev.mlops.engine.data.Columns;
import dev.mlops.engine.data.DatasetLoader;
import dev.mlops.engine.data.LoadedDataset;
import dev.mlops.engine.data.ReadOptions;
import dev.mlops.engine.metrics.ClassificationMetrics;
import dev.mlops.engine.metrics.RegressionMetrics;
import dev.mlops.engine.train.Algorithm;
import dev.mlops.engine.train.ModelBundle;
import dev.mlops.engine.train.ModelTrainer;
import dev.mlops.engine.train.Predictor;
import dev.mlops.engine.train.Task;
import dev.mlops.engine.train.TrainOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * One training run as {@code mlops train} does it (load, profile, fit features, train), then holdout AUC and batch
 * scoring throughput through the bundle's pipeline. Usage: {@code TrainRun TRAIN HOLDOUT ALGORITHM [NAME=VALUE...]}.
 * Prints {@code train_s=... auc=... score_rows_per_s=...} ({@code rmse=} instead of {@code auc=} for {@code linear},
 * which regresses the 0/1 label); with {@code BENCH_LOG=1}, the training's log lines go
 * to standard error with the seconds since the start, to see where the time goes. The seed is 42, or
 * {@code BENCH_SEED}.
 */
public final class TrainRun {

    private TrainRun() {
    }

    /** Tribuo logs every training step; held in a field so that the level sticks. */
    private static final java.util.logging.Logger TRIBUO_LOG = java.util.logging.Logger.getLogger("org.tribuo");

    public static void main(String[] args) {
        TRIBUO_LOG.setLevel(java.util.logging.Level.WARNING);
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 3; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            params.put(kv[0], kv[1]);
        }
        long start = System.nanoTime();
        LogSink log = "1".equals(System.getenv("BENCH_LOG"))
                ? line -> System.err.printf(Locale.ROOT, "%6.2f %s%n", (System.nanoTime() - start) / 1e9, line)
                : LogSink.NONE;
        Algorithm algorithm = Algorithm.parse(args[2]).orElseThrow();
        // linear: the 0/1 label as a number (a linear probability model), scored by holdout RMSE
        boolean regression = algorithm == Algorithm.LINEAR;
        ModelBundle bundle = ModelTrainer.train(Path.of(args[0]), ReadOptions.DEFAULTS, new TrainOptions("label",
                algorithm, params, Long.parseLong(System.getenv().getOrDefault("BENCH_SEED", "42")),
                regression ? Task.REGRESSION : null, null, null, 0, null), log).bundle();
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        try (LoadedDataset holdout = DatasetLoader.load(Path.of(args[1]), ReadOptions.DEFAULTS, LogSink.NONE)) {
            Columns columns = holdout.readColumns();
            Predictor predictor = new Predictor(bundle);
            int n = (int) columns.rows();
            long scoreStart = System.nanoTime();
            List<Predictor.Scored> scored = predictor.predictAll(columns, IntStream.range(0, n).toArray());
            double scoreSeconds = (System.nanoTime() - scoreStart) / 1e9;
            String quality;
            if (regression) {
                double[] actual = columns.numbers().get("label");
                double[] predicted = new double[n];
                for (int i = 0; i < n; i++) {
                    predicted[i] = scored.get(i).value();
                }
                quality = String.format(Locale.ROOT, "rmse=%.4f", RegressionMetrics.compute(actual, predicted)
                        .get("rmse"));
            } else {
                List<String> actual = new ArrayList<>(n);
                double[][] probabilities = new double[n][];
                for (int i = 0; i < n; i++) {
                    probabilities[i] = scored.get(i).probabilities();
                    actual.add(Predictor.labelOf(columns.value("label", i)));
                }
                quality = String.format(Locale.ROOT, "auc=%.4f", ClassificationMetrics.compute(actual, probabilities,
                        bundle.metadata().classes(), bundle.metadata().positiveClass()).metrics().get("auc"));
            }
            System.out.printf(Locale.ROOT, "train_s=%.2f %s score_rows_per_s=%.0f%n", trainSeconds, quality,
                    n / scoreSeconds);
        }
    }
}
