package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.engine.registry.FileRegistry;
import dev.mlops.engine.registry.ModelRegistry;
import dev.mlops.engine.registry.ModelVersion;
import dev.mlops.engine.train.TestBundles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file registry under several real processes, including ones killed with SIGKILL mid-write. */
class RegistryProcessesTest {

    @TempDir
    Path dir;

    private Process writer(Path registry, Path bundle, int count, Path log) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), RegistryStressMain.class.getName(), registry.toString(),
                bundle.toString(), "churn", Integer.toString(count))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    @Test
    void eightProcessesRegisteringTwentyFiveEachGetTwoHundredConsecutiveVersions() throws Exception {
        Path registry = dir.resolve("registry");
        Path bundle = TestBundles.write(dir.resolve("m.zip"), new byte[] {1});
        List<Process> processes = new ArrayList<>();
        for (int p = 0; p < 8; p++) {
            processes.add(writer(registry, bundle, 25, dir.resolve("w" + p + ".log")));
        }
        for (int p = 0; p < processes.size(); p++) {
            assertThat(processes.get(p).waitFor(180, TimeUnit.SECONDS)).isTrue();
            assertThat(processes.get(p).exitValue()).as(Files.readString(dir.resolve("w" + p + ".log"))).isZero();
        }
        FileRegistry r = new FileRegistry(registry);
        List<ModelVersion> versions = r.versions("churn");
        assertThat(versions).extracting(ModelVersion::version)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 200).boxed().toList());
        assertThat(versions.stream().map(v -> v.tags().get("writer")).distinct()).hasSize(8);
        assertThat(r.history("churn")).hasSize(200);
        ModelRegistry.VerifyReport report = r.verify();
        assertThat(report.problems()).isEmpty();
        assertThat(report.events()).isEqualTo(200);
    }

    @Test
    void writersKilledAtRandomPointsNeverLeaveAHalfVisibleVersion() throws Exception {
        Path registry = dir.resolve("registry");
        Random random = new Random(11);
        for (int round = 0; round < 6; round++) {
            // A distinct bundle per round, so that blobs are written (and interrupted) too.
            byte[] padding = new byte[200_000];
            random.nextBytes(padding);
            Path bundle = TestBundles.write(dir.resolve("m" + round + ".zip"), padding);
            Process p = writer(registry, bundle, -1, dir.resolve("k" + round + ".log"));
            Thread.sleep(600 + random.nextInt(900));
            p.destroyForcibly();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        FileRegistry r = new FileRegistry(registry);
        ModelRegistry.VerifyReport report = r.verify();
        assertThat(report.problems()).as("verify after SIGKILLs").isEmpty();
        List<ModelVersion> versions = r.versions("churn");
        assertThat(versions).isNotEmpty();
        assertThat(versions).extracting(ModelVersion::version)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, versions.size()).boxed().toList());
        for (ModelVersion v : versions) {
            assertThat(Path.of(v.source())).exists();
            assertThat(dev.mlops.engine.data.Hashing.sha256(Path.of(v.source()))).isEqualTo(v.sha256());
        }
        // The registry still takes writes, and a torn tail (if any) is gone afterwards.
        Path bundle = TestBundles.write(dir.resolve("after.zip"), new byte[] {2});
        assertThat(r.register("churn", bundle, java.util.Map.of(), "test", null).version())
                .isEqualTo(versions.size() + 1);
        assertThat(r.auditLog().verify()).isEmpty();
    }
}
