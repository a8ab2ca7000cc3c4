package dev.mlops.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MLflow token reaches the server as a bearer token on every call (the MLflow client's and ours) and never
 * appears in an error. A loopback HTTP server stands in for an MLflow behind authentication.
 */
class MlflowTokenTest {

    static final String TOKEN = "s3cret-token-value";

    @TempDir
    Path dir;

    HttpServer server;
    final List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " " + auth);
            byte[] body;
            int status;
            if (!("Bearer " + TOKEN).equals(auth)) {
                status = 401;
                body = ("{\"error_code\":\"UNAUTHENTICATED\",\"message\":\"bad credentials: " + auth + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
            } else if (exchange.getRequestURI().getPath().endsWith("registered-models/get")) {
                status = 200;
                body = "{\"registered_model\":{\"name\":\"churn\",\"aliases\":[{\"alias\":\"production\",\"version\":\"3\"}]}}"
                        .getBytes(StandardCharsets.UTF_8);
            } else {
                status = 200;
                body = "{}".getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void everyCallCarriesTheTokenFromTheEnvironment() {
        ModelRegistry r = Registries.open("mlflow:" + uri(), Map.of(Registries.MLFLOW_TOKEN_ENV, TOKEN),
                dir.resolve("audit.jsonl"));
        assertThat(r.aliases("churn")).containsEntry("production", 3);
        assertThat(r.deleteAlias("churn", "production", "alice", "retired")).isEqualTo(3);
        assertThat(authorizations).isNotEmpty().allMatch(a -> a.endsWith(" Bearer " + TOKEN));
        assertThat(authorizations).anyMatch(a -> a.startsWith("DELETE /api/2.0/mlflow/registered-models/alias"));
    }

    @Test
    void aWrongTokenIsRefusedWithoutPrintingIt() {
        ModelRegistry r = Registries.open("mlflow:" + uri(), Map.of(Registries.MLFLOW_TOKEN_ENV, "wrong-" + TOKEN),
                dir.resolve("audit.jsonl"));
        assertThatThrownBy(() -> r.aliases("churn")).isInstanceOf(RegistryException.class)
                .hasMessageContaining("HTTP 401")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
    }
}
