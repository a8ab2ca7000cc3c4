package dev.mlops.jenkins.webhook;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Both signature schemes, the timestamp window and replays, without Jenkins. */
class WebhookSignaturesTest {

    static final String SECRET = "s3cret";
    static final byte[] BODY = "{\"event\":\"drift\"}".getBytes(StandardCharsets.UTF_8);

    static byte[] hmac(String secret, String prefix, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update(prefix.getBytes(StandardCharsets.UTF_8));
        return mac.doFinal(body);
    }

    static Map<String, String> mlops(String secret, long ts, byte[] body) throws Exception {
        return Map.of("X-Mlops-Timestamp", Long.toString(ts), "X-Mlops-Signature",
                "sha256=" + HexFormat.of().formatHex(hmac(secret, ts + ".", body)));
    }

    static Map<String, String> mlflow(String secret, String delivery, long ts, byte[] body) throws Exception {
        return Map.of("X-MLflow-Timestamp", Long.toString(ts), "X-MLflow-Delivery-Id", delivery,
                "X-MLflow-Signature", "v1," + Base64.getEncoder().encodeToString(hmac(secret,
                        delivery + "." + ts + ".", body)));
    }

    private static UnaryOperator<String> headers(Map<String, String> h) {
        return h::get;
    }

    @Test
    void acceptsBothSchemesOnceWithinTheWindow() throws Exception {
        WebhookSignatures signatures = new WebhookSignatures();
        long now = 1_800_000_000L;
        Map<String, String> ours = mlops(SECRET, now - 10, BODY);
        assertThat(signatures.accept(SECRET, headers(ours), BODY, now), is(true));
        assertThat("replay", signatures.accept(SECRET, headers(ours), BODY, now + 1), is(false));
        assertThat(signatures.accept(SECRET, headers(mlflow(SECRET, "d-1", now, BODY)), BODY, now), is(true));
        assertThat("another delivery is another signature",
                signatures.accept(SECRET, headers(mlflow(SECRET, "d-2", now, BODY)), BODY, now), is(true));
    }

    @Test
    void refusesWrongSecretsTamperedBodiesStaleCallsAndMissingHeaders() throws Exception {
        WebhookSignatures signatures = new WebhookSignatures();
        long now = 1_800_000_000L;
        assertThat(signatures.accept(SECRET, headers(mlops("other", now, BODY)), BODY, now), is(false));
        assertThat(signatures.accept(SECRET, headers(mlops(SECRET, now, BODY)), "{}".getBytes(
                StandardCharsets.UTF_8), now), is(false));
        assertThat(signatures.accept(SECRET, headers(mlops(SECRET, now - 301, BODY)), BODY, now), is(false));
        assertThat(signatures.accept(SECRET, headers(mlops(SECRET, now + 301, BODY)), BODY, now), is(false));
        assertThat(signatures.accept(SECRET, headers(Map.of()), BODY, now), is(false));
        assertThat(signatures.accept(SECRET, headers(Map.of("X-Mlops-Signature", "sha256=00")), BODY, now), is(false));
    }
}
