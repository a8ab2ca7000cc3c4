package dev.mlops.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.engine.train.TestBundles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRegistryTest {

    @TempDir
    Path dir;

    FileRegistry registry;
    Path bundleA;
    Path bundleB;

    @BeforeEach
    void setUp() throws IOException {
        registry = new FileRegistry(dir.resolve("registry"));
        bundleA = TestBundles.write(dir.resolve("a.zip"), "bundle A".getBytes(StandardCharsets.UTF_8));
        bundleB = TestBundles.write(dir.resolve("b.zip"), "bundle B".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void versionsAreConsecutivePerModelAndImmutable() {
        ModelVersion v1 = registry.register("churn", bundleA, Map.of("team", "risk"), "alice", "first");
        ModelVersion v2 = registry.register("churn", bundleB, Map.of(), "bob", null);
        ModelVersion other = registry.register("fraud", bundleA, Map.of(), "alice", null);
        assertThat(v1.version()).isEqualTo(1);
        assertThat(v2.version()).isEqualTo(2);
        assertThat(other.version()).isEqualTo(1);
        assertThat(v1.sha256()).isEqualTo(other.sha256()).isNotEqualTo(v2.sha256());
        assertThat(registry.models()).containsExactly("churn", "fraud");
        assertThat(registry.versions("churn")).extracting(ModelVersion::version).containsExactly(1, 2);
        assertThat(registry.get("churn", 1).tags()).containsEntry("team", "risk");
        assertThat(registry.get("churn", 1).actor()).isEqualTo("alice");
        assertThat(registry.resolve(ModelRef.parse("churn")).version()).isEqualTo(2);
        assertThat(registry.resolve(ModelRef.parse("churn@latest")).version()).isEqualTo(2);
        assertThat(registry.resolve(ModelRef.parse("churn/1")).sha256()).isEqualTo(v1.sha256());
        assertThatThrownBy(() -> registry.get("churn", 3)).isInstanceOf(RegistryException.class)
                .hasMessage("model 'churn' has no version 3; it has versions 1 to 2");
        assertThatThrownBy(() -> registry.resolve(ModelRef.parse("nope"))).hasMessageContaining("no model named 'nope'");
    }

    @Test
    void aliasesMoveWithHistoryAndRollBack() throws InterruptedException {
        registry.register("churn", bundleA, Map.of(), "ci", null);
        registry.register("churn", bundleB, Map.of(), "ci", null);
        assertThat(registry.setAlias("churn", "production", 1, "alice", "first")).isEmpty();
        Instant whileV1 = Instant.now();
        Thread.sleep(5);
        assertThat(registry.setAlias("churn", "production", 2, "bob", "canary passed")).contains(1);
        assertThat(registry.resolve(ModelRef.parse("churn@production")).version()).isEqualTo(2);
        assertThat(registry.aliasAt("churn", "production", whileV1)).contains(1);
        assertThat(registry.aliasAt("churn", "production", Instant.now())).contains(2);
        assertThat(registry.aliasAt("churn", "production", Instant.EPOCH)).isEmpty();

        assertThat(Registries.rollback(registry, "churn", "production", "carol", "error rate")).isEqualTo(1);
        assertThat(registry.aliases("churn")).containsEntry("production", 1);
        List<RegistryEvent> history = registry.history("churn");
        RegistryEvent last = history.get(history.size() - 1);
        assertThat(last.type()).isEqualTo("alias-set");
        assertThat(last.version()).isEqualTo(1);
        assertThat(last.previousVersion()).isEqualTo(2);
        assertThat(last.actor()).isEqualTo("carol");
        assertThat(last.reason()).isEqualTo("error rate");

        assertThat(registry.deleteAlias("churn", "production", "dave", "retired")).isEqualTo(1);
        assertThat(registry.aliases("churn")).doesNotContainKey("production");
        assertThatThrownBy(() -> registry.resolve(ModelRef.parse("churn@production")))
                .hasMessageContaining("has no alias 'production'");
        assertThatThrownBy(() -> registry.setAlias("churn", "production", 9, "x", null))
                .hasMessageContaining("has no version 9");
    }

    @Test
    void tagsAreRecordedAndApplied() {
        registry.register("churn", bundleA, Map.of(), "ci", null);
        registry.setTag("churn", 1, "approved-by", "risk-board", "alice");
        assertThat(registry.get("churn", 1).tags()).containsEntry("approved-by", "risk-board");
        assertThat(registry.history("churn")).extracting(RegistryEvent::type).containsExactly("registered", "tag-set");
    }

    @Test
    void unsafeNamesAreRejected() {
        for (String bad : new String[] {"../etc", "/abs/path", "a/b", "bad\u0000name", "x".repeat(201), "", ".hidden",
                "two words"}) {
            assertThatThrownBy(() -> registry.register(bad, bundleA, Map.of(), "ci", null))
                    .as(bad).isInstanceOf(RegistryException.class);
        }
        assertThat(registry.register("x".repeat(200), bundleA, Map.of(), "ci", null).version()).isEqualTo(1);
        assertThatThrownBy(() -> registry.setAlias("churn", "latest", 1, "x", null)).hasMessageContaining("reserved");
        assertThatThrownBy(() -> ModelRef.parse("churn/0")).hasMessageContaining("positive number");
    }

    @Test
    void refusesAnythingButAnIntactBundleAndWritesNothing() throws IOException {
        registry.register("churn", bundleA, Map.of(), "ci", null);
        byte[] logBefore = Files.readAllBytes(registry.auditLog().file());
        Path csv = Files.copy(Path.of("../examples/data/train.csv"), dir.resolve("train.csv"));
        Path tampered = dir.resolve("tampered.zip");
        try (var in = new java.util.zip.ZipInputStream(Files.newInputStream(bundleB));
             var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(tampered))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] content = in.readAllBytes();
                if (e.getName().equals("schema.json")) {
                    content = (new String(content, StandardCharsets.UTF_8) + " ").getBytes(StandardCharsets.UTF_8);
                }
                out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                out.write(content);
            }
        }
        for (Path bad : List.of(csv, tampered)) {
            assertThatThrownBy(() -> registry.register("churn", bad, Map.of(), "ci", null))
                    .isInstanceOf(dev.mlops.engine.InputException.class)
                    .hasMessageStartingWith(bad.toString());
        }
        assertThatThrownBy(() -> registry.register("churn", tampered, Map.of(), "ci", null))
                .hasMessageContaining("do not match the content hash recorded in metadata.json");
        assertThat(Files.readAllBytes(registry.auditLog().file())).isEqualTo(logBefore);
        try (Stream<Path> blobs = Files.list(registry.root().resolve("blobs").resolve("sha256"))) {
            assertThat(blobs).hasSize(1);
        }
    }

    @Test
    void downloadChecksTheHash() throws IOException {
        ModelVersion v = registry.register("churn", bundleA, Map.of(), "ci", null);
        Path out = registry.download("churn", 1, dir);
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(bundleA));
        Files.writeString(Path.of(v.source()), "tampered");
        assertThatThrownBy(() -> registry.download("churn", 1, dir.resolve("x.zip")))
                .hasMessageContaining("does not match its SHA-256");
    }

    @Test
    void verifyFindsEveryKindOfTampering() throws IOException {
        registry.register("churn", bundleA, Map.of(), "ci", null);
        registry.setAlias("churn", "production", 1, "ci", null);
        registry.register("churn", bundleB, Map.of(), "ci", null);
        registry.setAlias("churn", "production", 2, "ci", null);
        assertThat(registry.verify().clean()).isTrue();
        Path log = registry.auditLog().file();
        List<String> original = Files.readAllLines(log);

        Files.write(log, replace(original, 1, original.get(1).replace("\"version\":1", "\"version\":2")));
        assertThat(kinds()).containsExactly("edited");

        List<String> deleted = new ArrayList<>(original);
        deleted.remove(1);
        Files.write(log, deleted);
        assertThat(kinds()).containsExactly("deleted");

        List<String> reordered = new ArrayList<>(original);
        reordered.set(1, original.get(2));
        reordered.set(2, original.get(1));
        Files.write(log, reordered);
        assertThat(kinds()).contains("reordered");

        Files.write(log, original);
        Files.writeString(Path.of(registry.get("churn", 2).source()), "swapped model");
        ModelRegistry.VerifyReport report = registry.verify();
        assertThat(report.clean()).isFalse();
        assertThat(report.problems()).singleElement().asString().contains("churn/2").contains("modified");
    }

    private List<String> kinds() {
        return registry.auditLog().verify().stream().map(AuditLog.Problem::kind).toList();
    }

    private static List<String> replace(List<String> lines, int index, String line) {
        List<String> copy = new ArrayList<>(lines);
        copy.set(index, line);
        return copy;
    }

    @Test
    void aTornTailIsIgnoredThenRepairedByTheNextWrite() throws IOException {
        registry.register("churn", bundleA, Map.of(), "ci", null);
        Path log = registry.auditLog().file();
        Files.writeString(log, "{\"seq\":2,\"type\":\"registered\",\"model\":\"churn\",\"ver",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        assertThat(registry.versions("churn")).hasSize(1);
        ModelRegistry.VerifyReport report = registry.verify();
        assertThat(report.clean()).isTrue();
        assertThat(report.notices()).anyMatch(n -> n.contains("torn-tail"));
        assertThat(registry.register("churn", bundleB, Map.of(), "ci", null).version()).isEqualTo(2);
        assertThat(registry.verify().notices()).noneMatch(n -> n.contains("torn-tail"));
        assertThat(registry.auditLog().verify()).isEmpty();
    }

    @Test
    void aFailedWriteLeavesTheRegistryAsItWas() throws IOException {
        registry.register("churn", bundleA, Map.of(), "ci", null);
        byte[] logBefore = Files.readAllBytes(registry.auditLog().file());
        Path blobs = registry.root().resolve("blobs").resolve("sha256");
        // A file where the blob directory should be: the store fails whoever runs the test (root ignores modes).
        Path moved = registry.root().resolve("blobs-moved");
        Files.move(registry.root().resolve("blobs"), moved);
        Files.writeString(registry.root().resolve("blobs"), "not a directory");
        assertThatThrownBy(() -> registry.register("churn", bundleB, Map.of(), "ci", null))
                .isInstanceOf(RegistryException.class).hasMessageContaining("cannot store " + bundleB)
                .hasMessageEndingWith("the registry is unchanged");
        assertThat(Files.readAllBytes(registry.auditLog().file())).isEqualTo(logBefore);
        Files.delete(registry.root().resolve("blobs"));
        Files.move(moved, registry.root().resolve("blobs"));
        assertThat(Files.isDirectory(blobs)).isTrue();
        assertThat(registry.verify().clean()).isTrue();

        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        assertThatThrownBy(() -> new FileRegistry(file)).hasMessage(file + " is not a directory; a file registry "
                + "is a directory");
    }

    @Test
    void concurrentThreadsGetDistinctConsecutiveVersions() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                Path bundle = i % 2 == 0 ? bundleA : bundleB;
                futures.add(pool.submit(() -> registry.register("churn", bundle, Map.of(), "t", null).version()));
            }
            List<Integer> versions = new ArrayList<>();
            for (Future<Integer> f : futures) {
                versions.add(f.get());
            }
            assertThat(versions).doesNotHaveDuplicates().hasSize(40);
            assertThat(registry.versions("churn")).extracting(ModelVersion::version)
                    .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 40).boxed().toList());
            assertThat(registry.verify().clean()).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void actorComesFromTheCiEnvironment() {
        assertThat(Registries.actor(Map.of("MLOPS_ACTOR", "release-bot"))).isEqualTo("release-bot");
        assertThat(Registries.actor(Map.of("GITHUB_ACTOR", "octocat"))).isEqualTo("octocat (GITHUB_ACTOR)");
        assertThat(Registries.actor(Map.of("USER", "ann", "HOSTNAME", "laptop"))).isEqualTo("ann@laptop");
        assertThat(Registries.open("file:" + dir.resolve("r"), Map.of())).isInstanceOf(FileRegistry.class);
        assertThat(Registries.open(null, Map.of("MLOPS_REGISTRY", "mlflow:http://127.0.0.1:5000")).location())
                .isEqualTo("mlflow:http://127.0.0.1:5000");
        assertThatThrownBy(() -> Registries.open("mlflow:nonsense", Map.of())).isInstanceOf(RegistryException.class);
    }
}
