package dev.mlops.engine.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mlops.engine.UsageException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Triggers against loopback servers that check what Jenkins and a webhook receiver check. */
class RetrainTriggerTest {

    private HttpServer server;
    private String base;
    private final List<Map<String, String>> builds = new CopyOnWriteArrayList<>();
    private final List<String> webhookBodies = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // Like Jenkins: a crumb bound to a session cookie, and buildWithParameters that needs auth and the crumb.
        server.createContext("/jenkins/crumbIssuer/api/json", ex -> {
            ex.getResponseHeaders().add("Set-Cookie", "JSESSIONID.test=s3ss10n; Path=/");
            respond(ex, 200, "{\"_class\":\"hudson.security.csrf.DefaultCrumbIssuer\",\"crumb\":\"c0ffee\","
                    + "\"crumbRequestField\":\"Jenkins-Crumb\"}");
        });
        server.createContext("/jenkins/job/folder/job/train-churn/buildWithParameters", ex -> {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            String expected = "Basic " + Base64.getEncoder().encodeToString("bot:11aa".getBytes(StandardCharsets.UTF_8));
            Map<String, String> form = form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            boolean tokenOk = "remote-token".equals(form.get("token"));
            boolean authOk = expected.equals(auth) && "c0ffee".equals(ex.getRequestHeaders().getFirst("Jenkins-Crumb"))
                    && String.valueOf(ex.getRequestHeaders().getFirst("Cookie")).contains("JSESSIONID.test=s3ss10n");
            if (!"POST".equals(ex.getRequestMethod()) || !(tokenOk || authOk)) {
                respond(ex, 403, "No valid crumb was included in the request");
                return;
            }
            builds.add(form);
            ex.getResponseHeaders().add("Location", base + "/jenkins/queue/item/" + builds.size() + "/");
            respond(ex, 201, "");
        });
        server.createContext("/hook", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            long ts = Long.parseLong(ex.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER));
            boolean ok = WebhookSignature.verify("s3cret", ts, body,
                    ex.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER));
            if (ok) {
                webhookBodies.add(new String(body, StandardCharsets.UTF_8));
            }
            respond(ex, ok ? 204 : 403, "");
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                continue;
            }
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void jenkinsTriggerSendsParametersWithApiTokenAndCrumb() throws Exception {
        RetrainTrigger t = RetrainTrigger.parse("jenkins:" + base + "/jenkins/job/folder/job/train-churn",
                "JENKINS_AUTH", Map.of("JENKINS_AUTH", "bot:11aa"));
        RetrainTrigger.Outcome o = t.fire(Map.of("DRIFT_COLUMNS", "age,plan", "DRIFT_SHARE", "0.57"), "{}");
        assertThat(o.status()).isEqualTo(201);
        assertThat(o.location()).endsWith("/jenkins/queue/item/1/");
        assertThat(builds).singleElement().satisfies(b -> {
            assertThat(b).containsEntry("DRIFT_COLUMNS", "age,plan").containsEntry("DRIFT_SHARE", "0.57");
            assertThat(b).doesNotContainKey("token");
        });
        assertThat(t.target()).doesNotContain("11aa");
    }

    @Test
    void jenkinsTriggerWithAJobTokenAndARefusal() throws Exception {
        RetrainTrigger byToken = RetrainTrigger.parse("jenkins:" + base + "/jenkins/job/folder/job/train-churn/",
                "TOKEN", Map.of("TOKEN", "remote-token"));
        assertThat(byToken.fire(Map.of("DRIFT_WINDOW", "w1"), "{}").status()).isEqualTo(201);
        RetrainTrigger wrong = RetrainTrigger.parse("jenkins:" + base + "/jenkins/job/folder/job/train-churn",
                "TOKEN", Map.of("TOKEN", "bot:wrong"));
        assertThatThrownBy(() -> wrong.fire(Map.of(), "{}")).isInstanceOf(IOException.class)
                .hasMessageContaining("HTTP 403").hasMessageNotContaining("wrong");
    }

    @Test
    void webhookIsSignedAndABadSecretIsRefused() throws Exception {
        RetrainTrigger hook = RetrainTrigger.parse("webhook:" + base + "/hook", "HOOK", Map.of("HOOK", "s3cret"));
        assertThat(hook.fire(Map.of(), "{\"event\":\"drift\"}").status()).isEqualTo(204);
        assertThat(webhookBodies).containsExactly("{\"event\":\"drift\"}");
        RetrainTrigger forged = RetrainTrigger.parse("webhook:" + base + "/hook", "HOOK", Map.of("HOOK", "guess"));
        assertThatThrownBy(() -> forged.fire(Map.of(), "{}")).hasMessageContaining("HTTP 403");
        assertThatThrownBy(() -> RetrainTrigger.parse("webhook:" + base + "/hook", null, Map.of()))
                .isInstanceOf(UsageException.class).hasMessageContaining("--trigger-secret-env");
        assertThatThrownBy(() -> RetrainTrigger.parse("ftp:x", null, Map.of())).isInstanceOf(UsageException.class);
    }

    @Test
    void signatureCoversTimestampAndBody() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String sig = WebhookSignature.sign("k", 1000, body);
        assertThat(sig).startsWith("sha256=").hasSize(7 + 64);
        assertThat(WebhookSignature.verify("k", 1000, body, sig)).isTrue();
        assertThat(WebhookSignature.verify("k", 1001, body, sig)).isFalse();
        assertThat(WebhookSignature.verify("k", 1000, "{ }".getBytes(StandardCharsets.UTF_8), sig)).isFalse();
        assertThat(WebhookSignature.verify("k", 1000, body, null)).isFalse();
    }

    @Test
    void ledgerFiresOncePerWindowAndRetriesFailures(@TempDir Path dir) throws Exception {
        TriggerLedger ledger = new TriggerLedger(dir.resolve("state/ledger.json"));
        AtomicInteger calls = new AtomicInteger();
        java.util.function.Supplier<com.fasterxml.jackson.databind.node.ObjectNode> fire = () -> {
            calls.incrementAndGet();
            return dev.mlops.engine.Json.mapper().createObjectNode().put("firedAt", "now");
        };
        assertThat(ledger.fireOnce("w1", "jenkins:x", fire).fired()).isTrue();
        assertThat(ledger.fireOnce("w1", "jenkins:x", fire).fired()).isFalse();
        assertThat(ledger.fireOnce("w1", "webhook:y", fire).fired()).isTrue();
        assertThat(ledger.fireOnce("w2", "jenkins:x", fire).fired()).isTrue();
        assertThat(calls).hasValue(3);
        assertThatThrownBy(() -> ledger.fireOnce("w3", "jenkins:x", () -> {
            throw new IllegalStateException("refused");
        })).hasMessage("refused");
        assertThat(ledger.find("w3", "jenkins:x")).isEmpty();
        assertThat(new TriggerLedger(dir.resolve("state/ledger.json")).find("w2", "jenkins:x")).isPresent();
    }
}
