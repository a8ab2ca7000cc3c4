package dev.mlops.engine.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.engine.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The model server's admin API and metrics, as the canary controller and {@code mlops deploy} use them. */
public final class AdminClient {

    private final URI server;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    public AdminClient(URI server, String token) {
        String text = server.toString();
        this.server = URI.create(text.endsWith("/") ? text : text + "/");
        this.token = token;
    }

    public URI server() {
        return server;
    }

    public JsonNode status() throws IOException, InterruptedException {
        return send(request("admin/status").GET());
    }

    public JsonNode post(String action, Map<String, Object> body) throws IOException, InterruptedException {
        return send(request("admin/" + action).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.line(body))));
    }

    public PrometheusText metrics() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.resolve("metrics"))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(server + "metrics answered HTTP " + r.statusCode());
        }
        return PrometheusText.parse(r.body());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.resolve(path)).timeout(Duration.ofMinutes(2));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body;
        try {
            body = Json.mapper().readTree(r.body());
        } catch (IOException e) {
            body = Json.mapper().createObjectNode().put("error", r.body());
        }
        if (r.statusCode() != 200) {
            throw new IOException(request.build().uri() + " answered HTTP " + r.statusCode() + ": "
                    + body.path("error").asText(r.body()));
        }
        return body;
    }
}
