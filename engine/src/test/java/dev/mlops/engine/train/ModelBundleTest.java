package dev.mlops.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.engine.InputException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.protos.core.ModelProto;

class ModelBundleTest {

    @TempDir
    Path dir;

    @Test
    void aDataFileIsNotABundle() {
        Path csv = ModelTrainerTest.TRAIN;
        assertThatThrownBy(() -> ModelBundle.read(csv)).isInstanceOf(InputException.class)
                .hasMessageStartingWith(csv + ": is not an mlops model bundle: it has no metadata.json");
    }

    @Test
    void corruptedBytesAreRefused() throws IOException {
        Path f = dir.resolve("model.zip");
        byte[] good = ModelTrainer.train(ModelTrainerTest.TRAIN, dev.mlops.engine.data.ReadOptions.DEFAULTS,
                ModelTrainerTest.options("churned", Algorithm.CART, Map.of("maxDepth", "3"), 1),
                dev.mlops.engine.LogSink.NONE).bundle().toBytes();
        byte[] bad = good.clone();
        for (int i = bad.length / 3; i < bad.length / 3 + 64; i++) {
            bad[i] ^= 0x5A;
        }
        Files.write(f, bad);
        assertThatThrownBy(() -> ModelBundle.read(f)).isInstanceOf(InputException.class)
                .hasMessageStartingWith(f + ": is not an mlops model bundle");
    }

    @Test
    void aForeignModelClassIsNeverLoaded() throws IOException {
        Path good = dir.resolve("good.zip");
        ModelTrainer.train(ModelTrainerTest.TRAIN, dev.mlops.engine.data.ReadOptions.DEFAULTS,
                ModelTrainerTest.options("churned", Algorithm.CART, Map.of("maxDepth", "3"), 1),
                dev.mlops.engine.LogSink.NONE).bundle().write(good);
        Path forged = dir.resolve("forged.zip");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(good));
             OutputStream raw = Files.newOutputStream(forged); ZipOutputStream out = new ZipOutputStream(raw)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] content = in.readAllBytes();
                if (e.getName().equals("model.tribuo")) {
                    content = ModelProto.parseFrom(content).toBuilder().setClassName("java.lang.ProcessBuilder")
                            .build().toByteArray();
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(content);
                out.closeEntry();
            }
        }
        assertThatThrownBy(() -> ModelBundle.read(forged)).isInstanceOf(InputException.class)
                .hasMessage(forged + ": model.tribuo holds class java.lang.ProcessBuilder, which is not a model this "
                        + "engine trains; refusing to load it");
    }

    @Test
    void anotherFormatOrVersionIsRefused() throws IOException {
        Path f = dir.resolve("other.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(f))) {
            for (String name : new String[] {"metadata.json", "features.json", "schema.json", "profile.json",
                    "model.tribuo"}) {
                out.putNextEntry(new ZipEntry(name));
                out.write((name.equals("metadata.json") ? "{\"format\":\"something-else\"}" : "{}")
                        .getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        assertThatThrownBy(() -> ModelBundle.read(f))
                .hasMessage(f + ": is not an mlops model bundle: metadata.json does not declare format "
                        + ModelBundle.FORMAT);
        assertThat(Files.exists(f)).isTrue();
    }
}
