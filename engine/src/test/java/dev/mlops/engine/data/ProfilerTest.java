package dev.mlops.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.engine.LogSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfilerTest {

    @TempDir
    Path dir;

    @Test
    void numericStatisticsMatchADirectComputation() throws IOException {
        Random random = new Random(11);
        int n = 5000;
        double[] x = new double[n];
        StringBuilder csv = new StringBuilder("x,k\n");
        for (int i = 0; i < n; i++) {
            x[i] = random.nextGaussian() * 3 + 10;
            csv.append(x[i]).append(',').append(i % 3).append('\n');
        }
        Path f = dir.resolve("num.csv");
        Files.writeString(f, csv);
        DatasetProfile profile = Profiler.profile(f, ReadOptions.DEFAULTS, LogSink.NONE);

        double mean = java.util.Arrays.stream(x).average().orElseThrow();
        double var = java.util.Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sum() / (n - 1);
        ColumnProfile p = profile.column("x").orElseThrow();
        assertThat(p.type()).isEqualTo(ColumnType.DOUBLE);
        assertThat(p.count()).isEqualTo(n);
        assertThat(p.mean()).isCloseTo(mean, within(1e-9));
        assertThat(p.std()).isCloseTo(Math.sqrt(var), within(1e-9));
        assertThat(p.min()).isEqualTo(java.util.Arrays.stream(x).min().orElseThrow());
        assertThat(p.max()).isEqualTo(java.util.Arrays.stream(x).max().orElseThrow());
        double[] sorted = x.clone();
        java.util.Arrays.sort(sorted);
        assertThat(p.quantiles().get("p50")).isCloseTo(sorted[n / 2], within(0.05));
        assertThat(p.histogram().counts()).hasSize(Profiler.HISTOGRAM_BINS);
        assertThat(p.histogram().total()).isEqualTo(n);
        assertThat(p.histogram().edges().get(0)).isEqualTo(p.min());
        assertThat(p.histogram().edges().get(Profiler.HISTOGRAM_BINS)).isEqualTo(p.max());
        assertThat(profile.dataset().sha256()).isEqualTo(Hashing.sha256(f));

        ColumnProfile k = profile.column("k").orElseThrow();
        assertThat(k.type()).isEqualTo(ColumnType.INTEGER);
        assertThat(k.topKComplete()).isTrue();
        assertThat(k.topK()).extracting(CategoryCount::value).containsExactly("0", "1", "2");
        assertThat(k.topK()).extracting(CategoryCount::count).containsExactly(1667L, 1667L, 1666L);
        assertThat(k.distinct()).isEqualTo(3);
    }

    @Test
    void nullsInvalidAndNonFiniteValuesAreCountedApartFromStatistics() throws IOException {
        Path f = dir.resolve("mixed.csv");
        Files.writeString(f, "x,s\n1,a\n,b\nNaN,a\ninf,\n3,a\n");
        DatasetProfile profile = Profiler.profile(f, ReadOptions.DEFAULTS, LogSink.NONE);
        ColumnProfile x = profile.column("x").orElseThrow();
        assertThat(x.type()).isEqualTo(ColumnType.DOUBLE);
        assertThat(x.nulls()).isEqualTo(1);
        assertThat(x.nullFraction()).isEqualTo(0.2);
        assertThat(x.count()).isEqualTo(4);
        assertThat(x.nonFinite()).isEqualTo(2);
        assertThat(x.mean()).isEqualTo(2.0);
        assertThat(x.min()).isEqualTo(1.0);
        assertThat(x.max()).isEqualTo(3.0);
        assertThat(x.histogram().total()).isEqualTo(2);

        ColumnProfile s = profile.column("s").orElseThrow();
        assertThat(s.topK()).containsExactly(new CategoryCount("a", 3), new CategoryCount("b", 1));
        assertThat(s.otherCount()).isZero();
        assertThat(s.histogram()).isNull();
    }

    @Test
    void highCardinalityTopKIsTruncatedAndSaysSo() throws IOException {
        StringBuilder csv = new StringBuilder("s\n");
        for (int i = 0; i < 100; i++) {
            csv.append("v").append(i % 40).append('\n');
        }
        Path f = dir.resolve("many.csv");
        Files.writeString(f, csv);
        ColumnProfile s = Profiler.profile(f, ReadOptions.DEFAULTS, LogSink.NONE).column("s").orElseThrow();
        assertThat(s.topK()).hasSize(Profiler.TOP_K);
        assertThat(s.topKComplete()).isFalse();
        assertThat(s.otherCount()).isEqualTo(100 - s.topK().stream().mapToLong(CategoryCount::count).sum());
    }

    @Test
    void profilesOfLargeFilesAreIdenticalRunToRun() throws IOException {
        // Large enough for DuckDB to aggregate row groups on several threads (more than 122,880 rows).
        Random random = new Random(5);
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int i = 0; i < 400_000; i++) {
            csv.append(random.nextGaussian() * 1e-3 + 1e3).append(',').append(random.nextDouble()).append('\n');
        }
        Path f = dir.resolve("large.csv");
        Files.writeString(f, csv);
        String first = dev.mlops.engine.Json.write(Profiler.profile(f, ReadOptions.DEFAULTS, LogSink.NONE));
        for (int run = 0; run < 4; run++) {
            assertThat(dev.mlops.engine.Json.write(Profiler.profile(f, ReadOptions.DEFAULTS, LogSink.NONE)))
                    .as("profile run %d", run + 2).isEqualTo(first);
        }
    }

    @Test
    void columnsReadAgainRatherThanHeldGiveTheSameProfile() throws IOException {
        Random random = new Random(8);
        StringBuilder csv = new StringBuilder("x,y,n,s\n");
        for (int i = 0; i < 30_000; i++) {
            String x = i % 501 == 0 ? "" : i % 499 == 0 ? "NaN" : i % 997 == 0 ? "-inf"
                    : Double.toString(Math.exp(random.nextGaussian()) * (i % 2 == 0 ? -1 : 1));
            String y = i % 7 == 0 ? "" : Double.toString(random.nextGaussian());
            csv.append(x).append(',').append(y).append(',').append(random.nextInt(40) - 20).append(',')
                    .append("abc".charAt(i % 3)).append('\n');
        }
        Path f = dir.resolve("mixed-large.csv");
        Files.writeString(f, csv);
        try (LoadedDataset data = DatasetLoader.load(f, ReadOptions.DEFAULTS, LogSink.NONE)) {
            Fingerprint print = new Fingerprint(f.toString(), "0".repeat(64), data.rows(), data.columns());
            String held = dev.mlops.engine.Json.write(Profiler.compute(data, print, LogSink.NONE, Long.MAX_VALUE));
            String streamed = dev.mlops.engine.Json.write(Profiler.compute(data, print, LogSink.NONE, 0));
            assertThat(streamed).isEqualTo(held).contains("\"p50\"");
        }
    }

    @Test
    void distinctEstimateNeverExceedsTheValueCount() throws IOException {
        StringBuilder csv = new StringBuilder("id\n");
        for (int i = 0; i < 1500; i++) {
            csv.append("C").append(200001 + i).append('\n');
        }
        Path f = dir.resolve("ids.csv");
        Files.writeString(f, csv);
        ColumnProfile id = Profiler.profile(f, ReadOptions.DEFAULTS, LogSink.NONE).column("id").orElseThrow();
        assertThat(id.distinct()).isLessThanOrEqualTo(1500);
    }

    @Test
    void profileRoundTripsThroughJsonAndIsReadFromAValidateResult() throws IOException {
        Path f = dir.resolve("d.csv");
        Files.writeString(f, "a,b\n1,x\n2,y\n");
        DatasetProfile profile = Profiler.profile(f, ReadOptions.DEFAULTS, LogSink.NONE);
        Path json = dir.resolve("profile.json");
        Files.writeString(json, dev.mlops.engine.Json.write(profile));
        assertThat(DatasetProfile.read(json)).isEqualTo(profile);
        Path result = dir.resolve("result.json");
        Files.writeString(result, "{\"command\":\"validate\",\"profile\":" + dev.mlops.engine.Json.write(profile) + "}");
        assertThat(DatasetProfile.read(result)).isEqualTo(profile);
    }
}
