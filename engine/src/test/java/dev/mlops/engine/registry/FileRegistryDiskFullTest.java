package dev.mlops.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.engine.train.TestBundles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry on a real, full file system: a 512 KiB tmpfs. Mounting needs root (the CI machine runs as root); where it
 * is not permitted the test is skipped with a message.
 */
class FileRegistryDiskFullTest {

    @TempDir
    Path dir;

    Path mountPoint;
    boolean mounted;

    @BeforeEach
    void mountSmallFileSystem() throws Exception {
        mountPoint = Files.createDirectories(dir.resolve("small"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", mountPoint.toString())
                .redirectErrorStream(true).start();
        boolean done = p.waitFor(20, TimeUnit.SECONDS);
        mounted = done && p.exitValue() == 0;
        if (!mounted) {
            System.err.println("\n*** SKIPPING disk-full registry test: cannot mount a tmpfs here ("
                    + new String(p.getInputStream().readAllBytes()).strip() + ") ***\n");
        }
        Assumptions.assumeTrue(mounted, "mounting a tmpfs needs root");
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            new ProcessBuilder("umount", mountPoint.toString()).start().waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void aFullDiskIsAClearErrorAndLeavesTheRegistryAsItWas() throws IOException {
        FileRegistry registry = new FileRegistry(mountPoint.resolve("registry"));
        Path small = TestBundles.write(dir.resolve("small.zip"), new byte[] {1});
        assertThat(registry.register("churn", small, Map.of(), "ci", null).version()).isEqualTo(1);
        byte[] logBefore = Files.readAllBytes(registry.auditLog().file());

        Path large = TestBundles.write(dir.resolve("large.zip"), incompressible(2 * 1024 * 1024));
        assertThatThrownBy(() -> registry.register("churn", large, Map.of(), "ci", null))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("no space left on device")
                .hasMessageEndingWith("the registry is unchanged");

        assertThat(Files.readAllBytes(registry.auditLog().file())).isEqualTo(logBefore);
        assertThat(registry.versions("churn")).hasSize(1);
        try (Stream<Path> blobs = Files.list(registry.root().resolve("blobs").resolve("sha256"))) {
            assertThat(blobs.map(b -> b.getFileName().toString())).as("no partial blob is left behind")
                    .containsExactly(registry.get("churn", 1).sha256());
        }
        assertThat(registry.verify().problems()).isEmpty();
    }

    private static byte[] incompressible(int size) {
        byte[] bytes = new byte[size];
        new java.util.Random(7).nextBytes(bytes);
        return bytes;
    }
}
