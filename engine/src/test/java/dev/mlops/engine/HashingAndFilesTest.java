package dev.mlops.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.engine.data.Hashing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashingAndFilesTest {

    @TempDir
    Path dir;

    @Test
    void sha256MatchesTheStandardTestVector() throws IOException {
        Path f = dir.resolve("abc");
        Files.writeString(f, "abc");
        assertThat(Hashing.sha256(f))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Hashing.sha256("abc".getBytes(StandardCharsets.UTF_8))).isEqualTo(Hashing.sha256(f));
    }

    @Test
    void atomicWriteReplacesContentAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("sub/result.json");
        AtomicFiles.write(target, "first");
        AtomicFiles.write(target, "second");
        assertThat(Files.readString(target)).isEqualTo("second");
        try (var files = Files.list(target.getParent())) {
            assertThat(files).containsExactly(target);
        }
    }
}
