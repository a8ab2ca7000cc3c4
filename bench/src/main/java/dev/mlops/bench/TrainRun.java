package dev.mlops.bench;

import dev.mlops.engine.LogSink;
import dev.mlops.engine.data.Columns;
import dev.mlops.engine.data.DatasetLoader;
import dev.mlops.engine.data.LoadedDataset;
import dev.mlops.engine.data.ReadOptions;
import dev.mlops.engine.metrics.ClassificationMetrics;
import dev.mlops.engine.train.Algorithm;
import dev.mlops.engine.train.ModelBundle;
import dev.mlops.engine.train.ModelTrainer;
import dev.mlops.engine.train.Predictor;
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
 * Prints {@code train_s=... auc=... score_rows_per_s=...}; with {@code BENCH_LOG=1}, the training's log lines go
 * to standard error with the seconds since the start, to see where the time goes.
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
        ModelBundle bundle = ModelTrainer.train(Path.of(args[0]), ReadOptions.DEFAULTS, new TrainOptions("label",
                Algorithm.parse(args[2]).orElseThrow(), params, 42, null, null, null, 0, null), log).bundle();
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        try (LoadedDataset holdout = DatasetLoader.load(Path.of(args[1]), ReadOptions.DEFAULTS, LogSink.NONE)) {
            Columns columns = holdout.readColumns();
            Predictor predictor = new Predictor(bundle);
            int n = (int) columns.rows();
            List<String> actual = new ArrayList<>(n);
            double[][] probabilities = new double[n][];
            long scoreStart = System.nanoTime();
            List<Predictor.Scored> scored = predictor.predictAll(columns, IntStream.range(0, n).toArray());
            double scoreSeconds = (System.nanoTime() - scoreStart) / 1e9;
            for (int i = 0; i < n; i++) {
                probabilities[i] = scored.get(i).probabilities();
            }
            for (int i = 0; i < n; i++) {
                actual.add(Predictor.labelOf(columns.value("label", i)));
            }
            double auc = ClassificationMetrics.compute(actual, probabilities, bundle.metadata().classes(),
                    bundle.metadata().positiveClass()).metrics().get("auc");
            System.out.printf(Locale.ROOT, "train_s=%.2f auc=%.4f score_rows_per_s=%.0f%n", trainSeconds, auc,
                    n / scoreSeconds);
        }
    }
}
