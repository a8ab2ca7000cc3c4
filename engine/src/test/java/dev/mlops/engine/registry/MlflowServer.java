package dev.mlops.engine.registry;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code mlflow server} for integration tests: sqlite backend and artifact store in a temporary directory, on
 * 127.0.0.1 and a free port. Without {@code mlflow} on the PATH the tests are skipped with a loud message, except
 * when {@code CI} is set, where that is a failure ({@code .ci/run} installs it). Public, in the engine's test jar,
 * for the CLI's tests.
 */
public final class MlflowServer implements AutoCloseable {

    private final Process process;
    private final URI uri;
    private final Path log;

    private MlflowServer(Process process, URI uri, Path log) {
        this.process = process;
        this.uri = uri;
        this.log = log;
    }

    public static MlflowServer start(Path dir) throws IOException, InterruptedException {
        Optional<Path> mlflow = executable("mlflow");
        if (mlflow.isEmpty()) {
            String message = "mlflow is not installed (pip install mlflow): MLflow registry tests cannot run";
            if (System.getenv("CI") != null) {
                Assertions.fail(message + ", and CI is set");
            }
            System.err.println("\n*** SKIPPING: " + message + " ***\n");
            Assumptions.abort(message);
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path log = dir.resolve("mlflow-server.log");
        Files.createDirectories(dir.resolve("artifacts"));
        Process process = new ProcessBuilder(mlflow.get().toString(), "server",
                "--backend-store-uri", "sqlite:///" + dir.resolve("mlflow.db").toAbsolutePath(),
                "--artifacts-destination", dir.resolve("artifacts").toAbsolutePath().toString(),
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--workers", "1")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        URI uri = URI.create("http://127.0.0.1:" + port);
        MlflowServer server = new MlflowServer(process, uri, log);
        server.awaitHealthy(Duration.ofSeconds(120));
        return server;
    }

    public URI uri() {
        return uri;
    }

    private void awaitHealthy(Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mlflow server exited with " + process.exitValue() + ":\n"
                        + Files.readString(log));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri.resolve("/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        close();
        throw new IllegalStateException("mlflow server did not become healthy in " + timeout + ":\n"
                + Files.readString(log));
    }

    private static Optional<Path> executable(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
