package dev.mlops.engine.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.engine.LogSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TypeInferenceTest {

    @TempDir
    Path dir;

    @Test
    void inferredTypesHoldForEveryRowNotJustTheSniffedSample() throws IOException {
        StringBuilder csv = new StringBuilder("n,d,b,day,ts,s,mixed,widened,late_date,empty\n");
        int rows = 60_000;
        for (int i = 0; i < rows; i++) {
            boolean last = i == rows - 1;
            csv.append(i).append(',').append(i * 0.5).append(',').append(i % 2 == 0 ? "true" : "false").append(',')
                    .append("2024-01-0").append(1 + i % 9).append(",2024-01-01 10:00:0").append(i % 10).append(",x")
                    .append(i).append(',').append(last ? "oops" : Integer.toString(i)).append(',')
                    .append(last ? "2.5" : Integer.toString(i)).append(',')
                    .append(last ? "2024-01-01 12:00:00" : "2024-02-03").append(",\n");
        }
        Path f = dir.resolve("types.csv");
        Files.writeString(f, csv);
        List<String> log = new ArrayList<>();
        try (LoadedDataset d = DatasetLoader.load(f, ReadOptions.DEFAULTS, log::add)) {
            assertThat(d.types()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "n", ColumnType.INTEGER, "d", ColumnType.DOUBLE, "b", ColumnType.BOOLEAN, "day", ColumnType.DATE,
                    "ts", ColumnType.TIMESTAMP, "s", ColumnType.STRING, "mixed", ColumnType.STRING,
                    "widened", ColumnType.DOUBLE, "late_date", ColumnType.TIMESTAMP, "empty", ColumnType.STRING));
            assertThat(d.rows()).isEqualTo(rows);
            assertThat(d.count("SELECT count_if(" + d.invalid("widened") + ") FROM typed")).isZero();
        }
        assertThat(log).anyMatch(line -> line.startsWith("re-reading ") && line.contains("widened"));
    }

    @Test
    void declaredTypesAreKeptAndStrict() throws IOException {
        Path f = dir.resolve("f.csv");
        Files.writeString(f, "x,y,day\n1,1,2024-01-01\n1.5,2,2024-01-01 10:00\n");
        try (LoadedDataset d = DatasetLoader.load(f, ReadOptions.DEFAULTS,
                Map.of("x", ColumnType.INTEGER, "day", ColumnType.DATE), LogSink.NONE)) {
            assertThat(d.type("x")).isEqualTo(ColumnType.INTEGER);
            assertThat(d.type("day")).isEqualTo(ColumnType.DATE);
            assertThat(d.count("SELECT count_if(" + d.invalid("x") + ") FROM typed WHERE __row = 2"))
                    .as("'1.5' must not round to the integer 2").isEqualTo(1);
            assertThat(d.count("SELECT count_if(" + d.invalid("day") + ") FROM typed WHERE __row = 2"))
                    .as("a timestamp is not a date").isEqualTo(1);
            String shown = d.query("SELECT " + d.display("x") + " FROM typed WHERE __row = 2", rs -> {
                rs.next();
                return rs.getString(1);
            });
            assertThat(shown).isEqualTo("1.5");
        }
    }
}
