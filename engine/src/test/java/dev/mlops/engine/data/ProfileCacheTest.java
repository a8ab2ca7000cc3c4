package dev.mlops.engine.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.engine.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileCacheTest {

    @TempDir
    Path dir;

    String before;
    final List<String> log = new ArrayList<>();

    @BeforeEach
    void useATemporaryCache() {
        before = System.getProperty(ProfileCache.DIRECTORY_PROPERTY);
        System.setProperty(ProfileCache.DIRECTORY_PROPERTY, dir.resolve("cache").toString());
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(ProfileCache.DIRECTORY_PROPERTY);
        } else {
            System.setProperty(ProfileCache.DIRECTORY_PROPERTY, before);
        }
    }

    private boolean profiled() {
        return log.stream().anyMatch(l -> l.startsWith("profiling "));
    }

    private boolean reused() {
        return log.stream().anyMatch(l -> l.startsWith("reusing the profile of "));
    }

    @Test
    void aFileIsProfiledOnceAndItsProfileReusedUnderItsOwnName() throws IOException {
        Path data = Files.copy(Path.of("../examples/data/train.csv"), dir.resolve("train.csv"));
        DatasetProfile first = Profiler.profile(data, ReadOptions.DEFAULTS, log::add);
        assertThat(profiled()).isTrue();
        log.clear();
        Path copy = Files.copy(data, dir.resolve("same-bytes.csv"));
        DatasetProfile second = Profiler.profile(copy, ReadOptions.DEFAULTS, log::add);
        assertThat(profiled()).isFalse();
        assertThat(reused()).isTrue();
        assertThat(Json.write(second.columns())).isEqualTo(Json.write(first.columns()));
        assertThat(second.dataset().path()).isEqualTo(copy.toString());

        // Other read options or declared types give another profile: computed, not reused.
        log.clear();
        Profiler.profile(data, new ReadOptions(null, null, '"', true, List.of("", "NA")), log::add);
        assertThat(profiled()).isTrue();
        log.clear();
        try (LoadedDataset typed = DatasetLoader.load(data, ReadOptions.DEFAULTS, Map.of("age", ColumnType.DOUBLE),
                log::add)) {
            Profiler.profile(typed, new Fingerprint(data.toString(), Hashing.sha256Of(data), typed.rows(),
                    typed.columns()), log::add);
        }
        assertThat(profiled()).isTrue();
    }

    @Test
    void aCorruptEntryIsIgnoredAndReplaced() throws IOException {
        Path data = Files.copy(Path.of("../examples/data/holdout.csv"), dir.resolve("holdout.csv"));
        DatasetProfile first = Profiler.profile(data, ReadOptions.DEFAULTS, log::add);
        Path entry;
        try (Stream<Path> entries = Files.list(dir.resolve("cache").resolve("profiles"))) {
            entry = entries.findFirst().orElseThrow();
        }
        Files.writeString(entry, "{\"schemaVersion\": 1, \"columns\": [tru");
        log.clear();
        DatasetProfile again = Profiler.profile(data, ReadOptions.DEFAULTS, log::add);
        assertThat(log).anyMatch(l -> l.startsWith("ignoring the unreadable cached profile " + entry));
        assertThat(profiled()).isTrue();
        assertThat(Json.write(again)).isEqualTo(Json.write(first));
        log.clear();
        Profiler.profile(data, ReadOptions.DEFAULTS, log::add);
        assertThat(reused()).as("the entry was rewritten").isTrue();
    }

    @Test
    void theLeastRecentlyUsedEntriesGoBeyondTheCap() throws IOException {
        Path profiles = Files.createDirectories(dir.resolve("cache").resolve("profiles"));
        for (int i = 0; i < ProfileCache.MAX_ENTRIES + 5; i++) {
            Path old = Files.writeString(profiles.resolve("old-" + i + ".json"), "{}");
            Files.setLastModifiedTime(old, FileTime.fromMillis(1_000_000L + i));
        }
        Profiler.profile(Files.copy(Path.of("../examples/data/holdout.csv"), dir.resolve("h.csv")),
                ReadOptions.DEFAULTS, log::add);
        try (Stream<Path> entries = Files.list(profiles)) {
            List<String> names = entries.map(p -> p.getFileName().toString()).toList();
            assertThat(names).hasSize(ProfileCache.MAX_ENTRIES).doesNotContain("old-0.json", "old-5.json")
                    .contains("old-6.json", "old-" + (ProfileCache.MAX_ENTRIES + 4) + ".json");
        }
    }

    @Test
    void offMeansOff() throws IOException {
        System.setProperty(ProfileCache.DIRECTORY_PROPERTY, "off");
        Path data = Files.copy(Path.of("../examples/data/holdout.csv"), dir.resolve("h.csv"));
        Profiler.profile(data, ReadOptions.DEFAULTS, log::add);
        log.clear();
        Profiler.profile(data, ReadOptions.DEFAULTS, log::add);
        assertThat(profiled()).isTrue();
        assertThat(dir.resolve("cache")).doesNotExist();
    }
}
