package dev.mlops.engine.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mlops.engine.LogSink;
import dev.mlops.engine.train.TestBundles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing of the inference endpoints through the real server: whatever the body, the answer is a
 * prediction (200) or a clear client error (4xx with a message), never a 500, a hang or a dropped connection.
 * Without {@code JAZZER_FUZZ} it replays the seeds in {@code InferenceFuzzTestInputs/} (docs/security.md).
 */
class InferenceFuzzTest {

    static ModelServer server;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws IOException {
        DeployedModel tree = DeployedModel.of("churn", 1, "fuzz", TestBundles.tree());
        server = ModelServer.start("churn", tree, v -> tree, ModelServer.Options.defaults().withPort(0), null,
                LogSink.NONE);
    }

    @AfterAll
    static void stop() throws IOException {
        server.stop(0);
    }

    @FuzzTest(maxDuration = "30s")
    void anyBodyGetsAPredictionOrAClientError(FuzzedDataProvider data) throws Exception {
        String path = data.consumeBoolean() ? "/v2/models/churn/infer" : "/v1/models/churn/predict";
        byte[] body = data.consumeRemainingAsBytes();
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + server.port() + path)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isIn(200, 400, 404, 409, 413, 422);
        if (response.statusCode() != 200) {
            assertThat(response.body()).startsWith("{\"error\":");
        }
    }
}
