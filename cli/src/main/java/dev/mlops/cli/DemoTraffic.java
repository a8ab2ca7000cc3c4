package dev.mlops.cli;

import dev.mlops.engine.Json;
import dev.mlops.engine.LogSink;
import dev.mlops.engine.data.Columns;
import dev.mlops.engine.data.DatasetLoader;
import dev.mlops.engine.data.LoadedDataset;
import dev.mlops.engine.data.ReadOptions;
import dev.mlops.engine.serve.ModelServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The demo's clients: labelled rows of a CSV file sent one per request to the model server's rows endpoint, each
 * keyed ({@code X-Mlops-Key: PREFIX-i}) so that the ground truth can later be joined with the server's request log.
 */
final class DemoTraffic {

    /** A labelled row: its key, its features (the target left out) and its label. */
    record Row(String key, Map<String, Object> features, String label) {
    }

    private final URI endpoint;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final AtomicLong ok = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    /** What the first failed request got (a status or an exception), so that a report can say why. */
    private final AtomicReference<String> firstFailure = new AtomicReference<>();

    DemoTraffic(URI server, String model) {
        this.endpoint = server.resolve("/v1/models/" + model + "/predict");
    }

    /** Reads labelled rows with the engine's own loader, so values have the types training saw. */
    static List<Row> read(Path csv, String target, String keyPrefix) {
        try (LoadedDataset data = DatasetLoader.load(csv, ReadOptions.DEFAULTS, LogSink.NONE)) {
            Columns columns = data.readColumns();
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < columns.rows(); i++) {
                Map<String, Object> features = new LinkedHashMap<>();
                for (String column : data.columns()) {
                    if (!column.equals(target)) {
                        features.put(column, columns.value(column, i));
                    }
                }
                rows.add(new Row(keyPrefix + "-" + i, features, label(columns.value(target, i))));
            }
            return rows;
        }
    }

    /** A class label as it was written: 1, not 1.0. */
    private static String label(Object value) {
        return value instanceof Double d && d == Math.rint(d) ? Long.toString(d.longValue()) : String.valueOf(value);
    }

    /** The ground truth as the feedback file {@code mlops deploy canary --labels} reads. */
    static void writeFeedback(List<Row> rows, Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Row r : rows) {
            lines.add(Json.line(Map.of("key", r.key(), "label", r.label())));
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /** Sends every row once from {@code clients} threads, reporting progress. */
    void sendAll(List<Row> rows, int clients, LogSink log, String task) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread t = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < rows.size(); i = next.getAndIncrement()) {
                    send(rows.get(i));
                    if (i % 50 == 0) {
                        log.progress(task, i + 1, rows.size());
                    }
                }
            }, "demo-client-" + c);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        log.progress(task, rows.size(), rows.size());
    }

    /** Sends the rows round and round from {@code clients} threads until the returned handle is closed. */
    AutoCloseable loop(List<Row> rows, int clients) {
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int first = c;
            Thread t = new Thread(() -> {
                for (int i = first; running.get(); i += clients) {
                    send(rows.get(i % rows.size()));
                }
            }, "demo-client-" + c);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        return () -> {
            running.set(false);
            for (Thread t : threads) {
                t.join();
            }
        };
    }

    /** The counts as a report shows them: how many were answered and failed, and why the first failure failed. */
    String outcome() {
        String first = firstFailure.get();
        return ok.get() + " answered, " + failed.get() + " failed" + (first == null ? "" : " (first: " + first + ")");
    }

    private void fail(String why) {
        firstFailure.compareAndSet(null, why);
        failed.incrementAndGet();
    }

    private void send(Row row) {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(endpoint)
                    .header(ModelServer.STICKY_HEADER, row.key()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.line(row.features()))).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() == 200) {
                ok.incrementAndGet();
            } else {
                fail("HTTP " + r.statusCode());
            }
        } catch (IOException e) {
            fail(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
