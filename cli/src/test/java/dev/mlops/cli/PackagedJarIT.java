package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.engine.Json;
import dev.mlops.engine.data.Hashing;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runnable jar as users get it: its SBOM, what {@code --version --json} says, what a bundle records. */
class PackagedJarIT {

    static final Path JAR = Path.of("target", "mlops.jar");

    @TempDir
    Path dir;

    private static String run(String... args) throws IOException, InterruptedException {
        return run(Path.of(System.getProperty("java.home")), args);
    }

    /** Runs the jar on the Java at {@code javaHome}, as users do; fails unless it exits 0. */
    private static String run(Path javaHome, String... args) throws IOException, InterruptedException {
        return run(javaHome, List.of(), args);
    }

    private static String run(Path javaHome, List<String> jvmOptions, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(javaHome.resolve("bin").resolve("java").toString(),
                "-Dsun.misc.unsafe.memory.access=allow"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", args) + ": " + out).isZero();
        return out;
    }

    /** Every other Java installed beside this one (17 and newer), by home directory. */
    private static List<Path> otherJavas() throws IOException {
        Path here = Path.of(System.getProperty("java.home")).toRealPath();
        List<Path> out = new ArrayList<>();
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return out;
        }
        try (var homes = Files.list(jvms)) {
            for (Path home : homes.sorted().toList()) {
                Path real = home.toRealPath();
                if (Files.isExecutable(real.resolve("bin").resolve("java")) && !real.equals(here)
                        && majorVersion(real) >= 17 && out.stream().noneMatch(p -> p.equals(real))) {
                    out.add(real);
                }
            }
        }
        return out;
    }

    /** The feature release of the JDK at {@code home}, from its {@code release} file; 0 when unknown. */
    private static int majorVersion(Path home) throws IOException {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return 0;
        }
        for (String line : Files.readAllLines(release)) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("JAVA_VERSION=\"(\\d+)").matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        return 0;
    }

    /**
     * {@code ./mlops} maps a class-data archive it records once per jar. One cut short (an interrupted recording)
     * and older than the jar, as after a rebuild, must be recorded again rather than mapped: Java 17 dies of SIGBUS
     * on a cut archive. And a recording leaves no partial file behind.
     */
    @Test
    void theLauncherRecordsItsArchiveAgainWhenTheJarIsNewerAndLeavesNoPartialFile() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path archive = Path.of("target", "mlops.jsa");
        org.junit.jupiter.api.Assumptions.assumeFalse(newerThanJar(root), "./mlops would rebuild the jar first");
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("MLOPS_NO_CDS") == null, "MLOPS_NO_CDS is set");
        assertThat(launch(root, "--version")).startsWith("mlops ");
        assertThat(archive).isRegularFile();
        byte[] whole = Files.readAllBytes(archive);
        Files.delete(archive); // the JVM writes it read-only
        Files.write(archive, java.util.Arrays.copyOf(whole, whole.length / 2));
        Files.setLastModifiedTime(archive, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(JAR).toMillis() - 60_000));

        assertThat(launch(root, "--version")).startsWith("mlops ");
        assertThat(Files.size(archive)).isGreaterThan(whole.length * 9L / 10);
        assertThat(Files.getLastModifiedTime(archive)).isGreaterThan(Files.getLastModifiedTime(JAR));
        try (var files = Files.list(archive.getParent())) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".partial"));
        }
    }

    /**
     * {@code ./mlops} runs batch commands with the parallel collector, and leaves the JVM's own choice to the server
     * and to a collector the user names in any of the variables the JVM reads: given two, the JVM would not start.
     */
    @Test
    void theLauncherPicksTheParallelCollectorUnlessTheUserOrTheServerChoosesOne() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        org.junit.jupiter.api.Assumptions.assumeFalse(newerThanJar(root), "./mlops would rebuild the jar first");
        assertThat(launch(root, Map.of("MLOPS_JAVA_OPTS", "-Xlog:gc"), "--version")).contains("Using Parallel");
        assertThat(launch(root, Map.of("MLOPS_JAVA_OPTS", "-Xlog:gc -XX:+UseSerialGC"), "--version"))
                .contains("Using Serial");
        for (String variable : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS")) {
            assertThat(launch(root, Map.of("MLOPS_JAVA_OPTS", "-Xlog:gc", variable, "-XX:+UseSerialGC"), "--version"))
                    .contains("Using Serial");
        }
        assertThat(launch(root, Map.of("MLOPS_JAVA_OPTS", "-Xlog:gc"), "serve", "--help")).contains("Using ")
                .doesNotContain("Using Parallel");
    }

    /** Runs the checkout's launcher; fails unless it exits 0. */
    private static String launch(Path root, String... args) throws IOException, InterruptedException {
        return launch(root, Map.of(), args);
    }

    /**
     * Runs the checkout's launcher with {@code env} added to an environment without the JVM's own option variables;
     * fails unless it exits 0.
     */
    private static String launch(Path root, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(root.resolve("mlops").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeAll(List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "MLOPS_JAVA_OPTS"));
        builder.environment().putAll(env);
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("./mlops " + String.join(" ", args) + ": " + out).isZero();
        return out;
    }

    /** Whether a file the launcher checks is newer than the jar, so that it would build the jar again. */
    private static boolean newerThanJar(Path root) throws IOException {
        long jar = Files.getLastModifiedTime(JAR).toMillis();
        for (String checked : List.of("pom.xml", "engine/pom.xml", "cli/pom.xml", "engine/src/main", "cli/src/main",
                "examples/data")) {
            try (var files = Files.walk(root.resolve(checked))) {
                if (files.anyMatch(f -> f.toFile().lastModified() > jar)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void duckDbsLinuxLibrariesAreStoredUncompressedAndTheJarStillRuns() throws Exception {
        try (ZipFile jar = new ZipFile(JAR.toFile())) {
            for (String library : List.of("libduckdb_java.so_linux_amd64", "libduckdb_java.so_linux_arm64")) {
                assertThat(jar.getEntry(library).getMethod()).as(library).isEqualTo(ZipEntry.STORED);
            }
            assertThat(jar.getEntry("dev/mlops/cli/Main.class").getMethod()).isEqualTo(ZipEntry.DEFLATED);
        }
        Path data = Files.copy(Path.of("../examples/data/train.csv"), dir.resolve("train.csv"));
        assertThat(run("profile", "--data", data.toString(), "--out", dir.resolve("p.json").toString(),
                "--no-lineage")).contains("profiled");
    }

    @Test
    void aProfileIsTheSameBytesOnOneProcessorInMemoryAndOnFourOnDisk() throws Exception {
        // Several of DuckDB's row groups (122 880 rows), so that scans run in parallel where they can.
        StringBuilder csv = new StringBuilder("id,x,y,z,k\n");
        java.util.Random random = new java.util.Random(4);
        for (int i = 0; i < 300_000; i++) {
            csv.append(i).append(',').append(random.nextGaussian() * 1e3).append(',')
                    .append(Math.exp(random.nextGaussian())).append(',').append(i % 10 == 0 ? "" : random.nextInt(50))
                    .append(",k").append(random.nextInt(7)).append('\n');
        }
        Path data = dir.resolve("wide.csv");
        Files.writeString(data, csv);
        Path javaHome = Path.of(System.getProperty("java.home"));
        Path one = dir.resolve("one.json");
        Path four = dir.resolve("four.json");
        run(javaHome, List.of("-XX:ActiveProcessorCount=1", "-Dmlops.cache=off"), "profile", "--data", data.toString(),
                "--out", one.toString(), "--no-lineage");
        run(javaHome, List.of("-XX:ActiveProcessorCount=4", "-Dmlops.cache=off", "-Dmlops.duckdb.inMemoryMaxBytes=0"),
                "profile", "--data", data.toString(), "--out", four.toString(), "--no-lineage");
        assertThat(Files.readString(four)).isEqualTo(Files.readString(one))
                .contains("\"p50\"");
    }

    @Test
    void aBundleIsReproducedOnEveryOtherInstalledJavaWithOnlyTheRuntimeNamed() throws Exception {
        List<Path> javas = otherJavas();
        org.junit.jupiter.api.Assumptions.assumeFalse(javas.isEmpty(), "only one Java is installed here");
        Path data = Files.copy(Path.of("../examples/data/train.csv"), dir.resolve("train.csv"));
        for (String algorithm : List.of("logistic", "xgboost", "cart", "random-forest")) {
            Path lineage = dir.resolve(algorithm + ".json");
            run("train", "--data", data.toString(), "--target", "churned", "--algorithm", algorithm, "--seed", "5",
                    "--out", dir.resolve(algorithm + ".zip").toString(), "--lineage", lineage.toString());
            for (Path java : javas) {
                String out = run(java, "reproduce", "--lineage", lineage.toString());
                assertThat(out).as(algorithm + " on " + java).startsWith("reproduced: ");
                if (!out.contains("byte-identical")) {
                    assertThat(out).contains("the bundle differs only in the versions that recorded it")
                            .contains("version mismatch: java was " + System.getProperty("java.version"));
                }
            }
        }
    }

    @Test
    void theJarCarriesItsSbomAndEveryBundleRecordsItsHash() throws Exception {
        byte[] sbom;
        try (ZipFile jar = new ZipFile(JAR.toFile());
             InputStream in = jar.getInputStream(jar.getEntry("META-INF/sbom/mlops.cdx.json"))) {
            sbom = in.readAllBytes();
        }
        JsonNode bom = Json.mapper().readTree(sbom);
        assertThat(bom.path("bomFormat").asText()).isEqualTo("CycloneDX");
        List<String> components = new ArrayList<>();
        bom.path("components").forEach(c -> components.add(c.path("group").asText() + ":" + c.path("name").asText()
                + ":" + c.path("version").asText()));
        assertThat(components).contains("org.duckdb:duckdb_jdbc:1.4.4.0", "org.tribuo:tribuo-core:4.3.2",
                "ml.dmlc:xgboost4j_2.12:2.1.4", "info.picocli:picocli:4.7.7");
        assertThat(components).noneMatch(c -> c.startsWith("org.junit") || c.startsWith("org.assertj"));

        JsonNode version = Json.mapper().readTree(run("--version", "--json"));
        String sha256 = Hashing.sha256(sbom);
        assertThat(version.path("sbom").path("sha256").asText()).isEqualTo(sha256);
        assertThat(version.path("sbom").path("components").path("org.duckdb:duckdb_jdbc").asText())
                .isEqualTo("1.4.4.0");
        assertThat(version.path("components").path("duckdb").asText()).startsWith("v1.4.4");
        assertThat(version.path("components").path("xgboost").asText()).isEqualTo("2.1.4");

        Path bundle = dir.resolve("m.zip");
        run("train", "--data", "../examples/data/train.csv", "--target", "churned", "--algorithm", "cart", "--seed",
                "1", "--out", bundle.toString(), "--no-lineage");
        JsonNode metadata;
        try (ZipFile zip = new ZipFile(bundle.toFile());
             InputStream in = zip.getInputStream(zip.getEntry("metadata.json"))) {
            metadata = Json.mapper().readTree(in);
        }
        JsonNode recorded = metadata.path("versions");
        assertThat(recorded.path("sbomSha256").asText()).isEqualTo(sha256);
        assertThat(recorded.path("engine").asText()).isEqualTo(version.path("mlops").asText());
        assertThat(recorded.path("tribuo").asText()).isEqualTo("4.3.2");
        assertThat(recorded.path("xgboost").asText()).isEqualTo("2.1.4");
        assertThat(recorded.path("duckdb").asText()).isEqualTo(version.path("components").path("duckdb").asText());
    }
}
