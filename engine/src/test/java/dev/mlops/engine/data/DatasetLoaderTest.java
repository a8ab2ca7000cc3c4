package dev.mlops.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.engine.InputException;
import dev.mlops.engine.Json;
import dev.mlops.engine.LogSink;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLoaderTest {

    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        return file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    private Path file(String name, byte[] content) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, content);
        return f;
    }

    private static LoadedDataset load(Path f) {
        return DatasetLoader.load(f, ReadOptions.DEFAULTS, LogSink.NONE);
    }

    @Test
    void loadsCsvKeepingColumnOrderAndRowCount() throws IOException {
        try (LoadedDataset d = load(file("ok.csv", "b,a,c\n1,x,2.5\n2,y,\n"))) {
            assertThat(d.columns()).containsExactly("b", "a", "c");
            assertThat(d.types()).containsEntry("b", ColumnType.INTEGER).containsEntry("a", ColumnType.STRING)
                    .containsEntry("c", ColumnType.DOUBLE);
            assertThat(d.rows()).isEqualTo(2);
        }
    }

    @Test
    void readsColumnsInFileOrderWhetherTextRepeatsOrNot() throws IOException {
        StringBuilder csv = new StringBuilder("id,plan,x,day\n");
        String[] plans = {"pro", "basic", "", "plus", "basic"};
        for (int i = 0; i < 1000; i++) {
            csv.append("C").append(999 - i).append(',').append(plans[i % plans.length]).append(',')
                    .append(i % 7 == 0 ? "" : Double.toString(i / 4.0)).append(",2024-01-").append(1 + i % 28)
                    .append('\n');
        }
        try (LoadedDataset d = load(file("mixed.csv", csv.toString()))) {
            Columns c = d.readColumns();
            assertThat(c.texts().keySet()).containsExactly("id", "plan", "day");
            assertThat(c.numbers().keySet()).containsExactly("x");
            for (int i = 0; i < 1000; i++) {
                // ids are all distinct (read directly), plans repeat (read through their dictionary)
                assertThat(c.texts().get("id")[i]).isEqualTo("C" + (999 - i));
                String plan = plans[i % plans.length];
                assertThat(c.texts().get("plan")[i]).isEqualTo(plan.isEmpty() ? null : plan);
                assertThat(c.texts().get("day")[i]).isEqualTo(String.format("2024-01-%02d", 1 + i % 28));
                if (i % 7 == 0) {
                    assertThat(c.numbers().get("x")[i]).isNaN();
                } else {
                    assertThat(c.numbers().get("x")[i]).isEqualTo(i / 4.0);
                }
            }
        }
    }

    @Test
    void deletesItsPrivateDatabaseOnClose() throws IOException {
        Path f = file("ok.csv", "a\n1\n");
        long before = countTempDirs();
        try (LoadedDataset d = load(f)) {
            assertThat(countTempDirs()).isEqualTo(before + 1);
        }
        assertThat(countTempDirs()).isEqualTo(before);
    }

    @Test
    void aFileLoadedOnDiskValidatesAndProfilesAsOneLoadedInMemory() throws Exception {
        // Unparseable doubles and integers, blanks, a repeated id and a NaN: every path of the loader and the checks.
        StringBuilder csv = new StringBuilder("id,x,n,s\n");
        for (int i = 0; i < 3000; i++) {
            String x = i == 7 ? "abc" : i == 8 ? "" : i == 9 ? "nan" : String.valueOf(Math.sin(i) * 100);
            String n = i == 11 ? "1.5" : String.valueOf(i % 17);
            csv.append(i == 12 ? 11 : i).append(',').append(x).append(',').append(n).append(",s").append(i % 5)
                    .append('\n');
        }
        Path data = file("messy.csv", csv.toString());
        Schema schema = SchemaParser.parse(file("schema.yaml", """
                version: 1
                columns:
                  id: {type: integer, unique: true}
                  x: {type: double, min: -50}
                  n: {type: integer, max: 15}
                  s: {allowedValues: [s0, s1, s2, s3]}
                """));
        String inMemory = Json.mapper().writeValueAsString(Validator.validate(data, ReadOptions.DEFAULTS, schema,
                null, LogSink.NONE));
        String key = "mlops.duckdb.inMemoryMaxBytes";
        System.setProperty(key, "0");
        try {
            List<Path> before = databaseFiles();
            try (LoadedDataset d = load(data)) {
                assertThat(databaseFiles()).as("the database is a file on disk").hasSize(before.size() + 1);
            }
            String onDisk = Json.mapper().writeValueAsString(Validator.validate(data, ReadOptions.DEFAULTS, schema,
                    null, LogSink.NONE));
            assertThat(onDisk).isEqualTo(inMemory).contains("\"abc\"").contains("\"1.5\"");
        } finally {
            System.clearProperty(key);
        }
        List<Path> before = databaseFiles();
        try (LoadedDataset d = load(data)) {
            assertThat(databaseFiles()).as("small files stay in memory").isEqualTo(before);
        }
    }

    @Test
    void millionsOfDistinctIdentifiersAreCheckedForUniquenessOnDiskWithManyThreads() throws Exception {
        // 4M distinct text identifiers: grouping them ran out of the 128 MB left after the load on one thread or two,
        // and out of 256 MB on 16 threads, as a large agent has.
        int rows = 4_000_000;
        Path data = dir.resolve("ids.csv");
        try (var out = Files.newBufferedWriter(data)) {
            out.write("id\n");
            for (int i = 0; i < rows; i++) {
                out.write(i == rows - 1 ? "c17\n" : "c" + i + "\n");
            }
        }
        Schema schema = SchemaParser.parse(file("ids.yaml", """
                version: 1
                columns:
                  id: {type: string, unique: true}
                """));
        System.setProperty("mlops.duckdb.inMemoryMaxBytes", "0");
        System.setProperty("mlops.duckdb.threads", "16");
        try {
            ValidationReport report = Validator.validate(data, ReadOptions.DEFAULTS, schema, null, LogSink.NONE);
            assertThat(report.violations()).singleElement().satisfies(v -> {
                assertThat(v.rule()).isEqualTo("unique");
                assertThat(v.count()).isEqualTo(1L);
                assertThat(v.examples()).extracting(Violation.Example::value).containsOnly("c17");
            });
            // Schema inference asks the same question of every text and integer column.
            assertThat(SchemaInference.infer(data, ReadOptions.DEFAULTS, LogSink.NONE).column("id").orElseThrow()
                    .unique()).isFalse();
        } finally {
            System.clearProperty("mlops.duckdb.inMemoryMaxBytes");
            System.clearProperty("mlops.duckdb.threads");
        }
    }

    private static List<Path> databaseFiles() throws IOException {
        try (var s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("mlops-data-"))
                    .map(p -> p.resolve("data.duckdb")).filter(Files::exists).toList();
        }
    }

    private static long countTempDirs() throws IOException {
        try (var s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("mlops-data-")).count();
        }
    }

    @Test
    void missingFileNamesTheFile() {
        Path missing = dir.resolve("nope.csv");
        assertThatThrownBy(() -> load(missing)).isInstanceOf(InputException.class)
                .hasMessage(missing + ": file not found");
    }

    @Test
    void emptyFileIsAnInputError() throws IOException {
        Path f = file("empty.csv", "");
        assertThatThrownBy(() -> load(f)).isInstanceOf(InputException.class).hasMessage(f + ": file is empty");
    }

    @Test
    void headerOnlyIsAnInputError() throws IOException {
        Path f = file("header.csv", "a,b\n");
        assertThatThrownBy(() -> load(f)).isInstanceOf(InputException.class)
                .hasMessage(f + ": has a header but no data rows");
    }

    @Test
    void raggedRowNamesLineAndDataRow() throws IOException {
        Path f = file("ragged.csv", "a,b,c\n1,2,3\n4,5,6\n7,8,9,10\n11,12,13\n");
        assertThatThrownBy(() -> load(f)).isInstanceOf(InputException.class)
                .hasMessageStartingWith(f + ": line 4 (data row 3): ")
                .hasMessageContaining("Expected Number of Columns: 3 Found: 4");
    }

    @Test
    void unterminatedQuoteNamesTheLine() throws IOException {
        Path f = file("quote.csv", "a,b\n1,ok\n2,\"never closed\n3,x\n");
        assertThatThrownBy(() -> load(f)).isInstanceOf(InputException.class)
                .hasMessageStartingWith(f + ": line 3 (data row 2): ")
                .hasMessageContaining("unterminated quote");
    }

    @Test
    void invalidUtf8NamesTheLine() throws IOException {
        byte[] content = "a,b\n1,ok\n2,\u00ff\u00fe bad\n3,x\n".getBytes(StandardCharsets.ISO_8859_1);
        Path f = file("latin1.csv", content);
        assertThatThrownBy(() -> load(f)).isInstanceOf(InputException.class)
                .hasMessageStartingWith(f + ": line 3 (data row 2): ")
                .hasMessageContaining("not utf-8");
    }

    @Test
    void invalidUtf8InTheHeaderNamesRowOne() throws IOException {
        Path f = file("badheader.csv", "a,\u00ff\n1,2\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> load(f)).isInstanceOf(InputException.class)
                .hasMessage(f + ", row 1: the header is not valid UTF-8");
    }

    @Test
    void duplicateColumnNamesAreRejectedNotRenamed() throws IOException {
        Path f = file("dup.csv", "id,value,value\n1,2,3\n");
        assertThatThrownBy(() -> load(f)).isInstanceOf(InputException.class)
                .hasMessage(f + ", row 1, column 'value': duplicate column name in the header")
                .satisfies(e -> assertThat(((InputException) e).column()).contains("value"));
    }

    @Test
    void quotedHeaderWithDelimiterAndByteOrderMark() throws IOException {
        try (LoadedDataset d = load(file("q.csv", "\uFEFF\"a,1\",\"say \"\"hi\"\"\"\nx,y\n"))) {
            assertThat(d.columns()).containsExactly("a,1", "say \"hi\"");
        }
    }

    @Test
    void readsGzipCompressedCsv() throws IOException {
        Path f = dir.resolve("data.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
            out.write("a,b\n1,2\n3,4\n5,6\n".getBytes(StandardCharsets.UTF_8));
        }
        try (LoadedDataset d = load(f)) {
            assertThat(d.columns()).containsExactly("a", "b");
            assertThat(d.rows()).isEqualTo(3);
        }
    }

    @Test
    void tabSeparatedByExtensionAndExplicitOptions() throws IOException {
        try (LoadedDataset d = load(file("t.tsv", "a\tb\n1\t2\n"))) {
            assertThat(d.columns()).containsExactly("a", "b");
        }
        Path semi = file("semi.txt", "1;NA\n2;3\n");
        ReadOptions read = ReadOptions.DEFAULTS.withDelimiter(';').withHeader(false)
                .withNullValues(java.util.List.of("NA"));
        try (LoadedDataset d = DatasetLoader.load(semi, read, LogSink.NONE)) {
            assertThat(d.columns()).containsExactly("column1", "column2");
            assertThat(d.count("SELECT count_if(" + d.isNull("column2") + ") FROM typed")).isEqualTo(1);
        }
    }

    @Test
    void readsParquetAndJsonLinesWithTheirOwnTypes() throws Exception {
        Path parquet = dir.resolve("d.parquet");
        try (var c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("COPY (SELECT range AS id, range * 0.5 AS x, 'v' || range AS s FROM range(10)) TO '"
                    + parquet + "' (FORMAT parquet)");
        }
        try (LoadedDataset d = load(parquet)) {
            assertThat(d.format()).isEqualTo(DataFormat.PARQUET);
            assertThat(d.rows()).isEqualTo(10);
            assertThat(d.types())
                    .containsEntry("id", ColumnType.INTEGER).containsEntry("x", ColumnType.DOUBLE)
                    .containsEntry("s", ColumnType.STRING);
        }
        Path jsonl = file("d.jsonl", "{\"a\": 1, \"b\": \"x\"}\n{\"a\": 2, \"b\": \"y\"}\n");
        try (LoadedDataset d = load(jsonl)) {
            assertThat(d.format()).isEqualTo(DataFormat.JSONL);
            assertThat(d.columns()).containsExactly("a", "b");
            assertThat(d.rows()).isEqualTo(2);
        }
    }

    @Test
    void readsParquetInPlaceInFileOrderAcrossRowGroups() throws Exception {
        Path parquet = dir.resolve("groups.parquet");
        int rows = 100_000;
        try (var c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("COPY (SELECT range AS id, range * 0.25 AS x, CASE WHEN range % 3 = 0 THEN NULL "
                    + "ELSE 'c' || (range % 7) END AS s FROM range(" + rows + ")) TO '" + parquet
                    + "' (FORMAT parquet, ROW_GROUP_SIZE 4096)");
        }
        try (LoadedDataset d = load(parquet)) {
            Columns columns = d.readColumns();
            double[] ids = columns.numbers().get("id");
            double[] xs = columns.numbers().get("x");
            String[] texts = columns.texts().get("s");
            for (int i = 0; i < rows; i++) {
                assertThat(ids[i]).as("id at %d", i).isEqualTo(i);
                assertThat(xs[i]).as("x at %d", i).isEqualTo(i * 0.25);
                assertThat(texts[i]).as("s at %d", i).isEqualTo(i % 3 == 0 ? null : "c" + (i % 7));
            }
            // The data row a report names is the file's row, counted from 1.
            assertThat(d.count("SELECT __row FROM typed WHERE " + d.typed("id") + " = 77776")).isEqualTo(77_777);
        }
    }
}
