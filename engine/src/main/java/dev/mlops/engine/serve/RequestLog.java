package dev.mlops.engine.serve;

import dev.mlops.engine.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The sampled request log the drift monitor reads: one JSON line per sampled row, the features under their own names
 * and the metadata under names starting with {@code _} ({@code _time}, {@code _model}, {@code _version},
 * {@code _route}, {@code _key}, {@code _prediction}, {@code _score}). {@code _key} is the request's
 * {@code X-Mlops-Key}, with {@code #i} appended for row i of a multi-row request; feedback labels join on it.
 * Written by one background thread; when the queue is full a line is dropped and counted rather than slowing
 * requests down.
 */
public final class RequestLog implements AutoCloseable {

    private static final int QUEUE = 65_536;
    private final double sample;
    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Thread writer;
    private final BufferedWriter out;
    private volatile boolean closed;
    private final java.util.concurrent.atomic.LongAdder dropped = new java.util.concurrent.atomic.LongAdder();

    public RequestLog(Path file, double sample) throws IOException {
        if (sample <= 0 || sample > 1) {
            throw new IllegalArgumentException("the sample rate must be in (0, 1], got " + sample);
        }
        this.sample = sample;
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        writer = new Thread(this::drain, "mlops-request-log");
        writer.setDaemon(true);
        writer.start();
    }

    /** Logs a row with probability {@code sample}. */
    void maybeLog(Map<String, Object> features, String model, int version, String route, String key,
                  Object prediction, Double score) {
        if (closed || (sample < 1 && ThreadLocalRandom.current().nextDouble() >= sample)) {
            return;
        }
        Map<String, Object> line = new java.util.LinkedHashMap<>();
        line.put("_time", java.time.Instant.now().toString());
        line.put("_model", model);
        line.put("_version", version);
        line.put("_route", route);
        if (key != null) {
            line.put("_key", key);
        }
        for (Map.Entry<String, Object> f : features.entrySet()) {
            if (!f.getKey().startsWith("_")) {
                line.put(f.getKey(), f.getValue());
            }
        }
        line.put("_prediction", prediction);
        if (score != null) {
            line.put("_score", score);
        }
        if (!queue.offer(Json.line(line))) {
            dropped.increment();
        }
    }

    public long dropped() {
        return dropped.sum();
    }

    private void drain() {
        try {
            while (!closed || !queue.isEmpty()) {
                String line = queue.poll(200, TimeUnit.MILLISECONDS);
                if (line == null) {
                    out.flush();
                    continue;
                }
                out.write(line);
                out.write('\n');
            }
            out.flush();
        } catch (IOException | InterruptedException e) {
            closed = true;
        }
    }

    /** Writes what is queued and closes the file. */
    @Override
    public void close() throws IOException {
        closed = true;
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.close();
    }
}
