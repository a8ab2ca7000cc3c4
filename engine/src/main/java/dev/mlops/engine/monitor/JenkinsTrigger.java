package dev.mlops.engine.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.engine.Json;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Starts a Jenkins job remotely: {@code POST <job URL>/buildWithParameters} with the drift summary as build
 * parameters. The secret is either {@code user:apiToken} (HTTP basic authentication) or the job's "trigger builds
 * remotely" token. A CSRF crumb is fetched from {@code crumbIssuer/api/json} when the controller issues one, with
 * the session cookie it belongs to; API-token requests do not need it, but sending it costs nothing.
 */
final class JenkinsTrigger implements RetrainTrigger {

    private final URI job;
    private final String secret;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
            .cookieHandler(new CookieManager()).build();

    JenkinsTrigger(URI job, String secret) {
        String text = job.toString();
        this.job = URI.create(text.endsWith("/") ? text : text + "/");
        this.secret = secret;
    }

    @Override
    public String target() {
        return "jenkins:" + job;
    }

    @Override
    public Outcome fire(Map<String, String> parameters, String json) throws IOException, InterruptedException {
        Map<String, String> form = new java.util.LinkedHashMap<>(parameters);
        HttpRequest.Builder post = HttpRequest.newBuilder(job.resolve("buildWithParameters"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded");
        if (secret != null && secret.contains(":")) {
            String basic = "Basic " + Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
            post.header("Authorization", basic);
            crumb(basic).ifPresent(c -> post.header(c[0], c[1]));
        } else if (secret != null) {
            form.put("token", secret);
        }
        String body = form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response = http.send(post.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status != 201 && status != 200 && status != 302) {
            throw new IOException(target() + "buildWithParameters answered HTTP " + status
                    + (status == 403 ? " (check the user's API token or the job's trigger token, and Item.BUILD)"
                    : status == 400 ? " (is the job parameterized with these parameters?)" : ""));
        }
        return new Outcome(target(), status, response.headers().firstValue("Location").orElse(null));
    }

    /** The controller's crumb header and value, when it issues crumbs. */
    private java.util.Optional<String[]> crumb(String authorization) throws IOException, InterruptedException {
        String path = job.getPath();
        int at = path.indexOf("/job/");
        URI root = job.resolve(at < 0 ? "/" : path.substring(0, at + 1));
        HttpRequest get = HttpRequest.newBuilder(root.resolve("crumbIssuer/api/json")).timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization).GET().build();
        HttpResponse<String> response = http.send(get, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            return java.util.Optional.empty();
        }
        JsonNode crumb = Json.mapper().readTree(response.body());
        if (!crumb.hasNonNull("crumbRequestField") || !crumb.hasNonNull("crumb")) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new String[] {crumb.get("crumbRequestField").asText(), crumb.get("crumb").asText()});
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
