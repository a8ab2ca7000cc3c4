package dev.mlops.engine.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.engine.LogSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TypedDatasetTest {

    @TempDir
    Path dir;

    @Test
    void infersTypesFromEveryRowNotASample() throws IOException {
        StringBuilder csv = new StringBuilder("n,d,b,day,ts,s,mixed,empty\n");
        for (int i = 0; i < 30_000; i++) {
            csv.append(i).append(',').append(i * 0.5).append(',').append(i % 2 == 0 ? "true" : "false").append(',')
                    .append("2024-01-0").append(1 + i % 9).append(",2024-01-01 10:00:0").append(i % 10).append(",x")
                    .append(i).append(',').append(i == 29_999 ? "oops" : Integer.toString(i)).append(",\n");
        }
        Path f = dir.resolve("types.csv");
        Files.writeString(f, csv);
        try (LoadedDataset d = DatasetLoader.load(f, ReadOptions.DEFAULTS, LogSink.NONE)) {
            assertThat(TypedDataset.of(d, Map.of()).types()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "n", ColumnType.INTEGER, "d", ColumnType.DOUBLE, "b", ColumnType.BOOLEAN, "day", ColumnType.DATE,
                    "ts", ColumnType.TIMESTAMP, "s", ColumnType.STRING, "mixed", ColumnType.STRING,
                    "empty", ColumnType.STRING));
        }
    }

    @Test
    void fractionalTextIsNeverAnInteger() throws IOException {
        Path f = dir.resolve("f.csv");
        Files.writeString(f, "x,y\n1,1\n1.5,2\n");
        try (LoadedDataset d = DatasetLoader.load(f, ReadOptions.DEFAULTS, LogSink.NONE)) {
            TypedDataset typed = TypedDataset.of(d, Map.of("y", ColumnType.INTEGER));
            assertThat(typed.type("x")).isEqualTo(ColumnType.DOUBLE);
            Long asInteger = TypedDataset.of(d, Map.of("x", ColumnType.INTEGER)).query(
                    "SELECT t0 FROM typed WHERE __row = 2", rs -> {
                        rs.next();
                        long v = rs.getLong(1);
                        return rs.wasNull() ? null : v;
                    });
            assertThat(asInteger).as("'1.5' must not round to 2").isNull();
        }
    }
}
