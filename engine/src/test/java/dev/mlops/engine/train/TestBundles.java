package dev.mlops.engine.train;

import dev.mlops.engine.LogSink;
import dev.mlops.engine.data.ReadOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/** Real model bundles for tests that store, move or serve bundles rather than train them. */
public final class TestBundles {

    private static ModelBundle trained;

    private TestBundles() {
    }

    /** A small decision tree trained on the bundled churn data, once per test JVM. */
    public static synchronized ModelBundle tree() {
        if (trained == null) {
            trained = ModelTrainer.train(Path.of("../examples/data/train.csv"), ReadOptions.DEFAULTS,
                    new TrainOptions("churned", Algorithm.CART, Map.of("maxDepth", "2"), 1, null, null, null, 0,
                            null), LogSink.NONE).bundle();
        }
        return trained;
    }

    /**
     * A valid bundle with distinct bytes: the tree with {@code padding} as its ONNX entry, which nothing here loads.
     * Tests use it for distinct or large blobs.
     */
    public static Path write(Path file, byte[] padding) {
        ModelBundle t = tree();
        try {
            new ModelBundle(t.metadata(), t.pipeline(), t.schema(), t.profile(), t.model(), padding)
                    .write(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
