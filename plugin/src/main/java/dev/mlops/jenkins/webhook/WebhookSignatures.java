package dev.mlops.jenkins.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a webhook call's HMAC-SHA256 signature in constant time, in either of the two schemes it accepts:
 * <ul>
 *   <li>mlops ({@code mlops monitor --trigger webhook:}): {@code X-Mlops-Timestamp: <unix seconds>},
 *       {@code X-Mlops-Signature: sha256=<hex of HMAC(secret, timestamp + "." + body)>};</li>
 *   <li>MLflow registry webhooks: {@code X-MLflow-Timestamp}, {@code X-MLflow-Delivery-Id},
 *       {@code X-MLflow-Signature: v1,<base64 of HMAC(secret, deliveryId + "." + timestamp + "." + body)>}.</li>
 * </ul>
 * A call older or newer than {@link #WINDOW_SECONDS} is refused, and so is a second call with a signature already
 * accepted within that window (a replay). The mlops scheme is the engine's {@code WebhookSignature}, checked here
 * again because the controller never loads engine classes.
 */
final class WebhookSignatures {

    static final long WINDOW_SECONDS = 300;
    private static final int REMEMBERED = 10_000;

    /** Signatures accepted within the window, oldest first; bounded, so a flood cannot exhaust memory. */
    private final Map<String, Long> accepted = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED;
        }
    };

    /**
     * True when the call is signed with {@code secret}, fresh, and not seen before. {@code header} gives a request
     * header by name (null when absent).
     */
    synchronized boolean accept(String secret, UnaryOperator<String> header, byte[] body, long nowSeconds) {
        String signature;
        String expected;
        String timestamp;
        if (header.apply("X-Mlops-Signature") != null) {
            timestamp = header.apply("X-Mlops-Timestamp");
            signature = header.apply("X-Mlops-Signature");
            expected = timestamp == null ? null : "sha256=" + HexFormat.of().formatHex(hmac(secret, timestamp + ".",
                    body));
        } else if (header.apply("X-MLflow-Signature") != null) {
            timestamp = header.apply("X-MLflow-Timestamp");
            String delivery = header.apply("X-MLflow-Delivery-Id");
            signature = header.apply("X-MLflow-Signature");
            expected = timestamp == null || delivery == null ? null : "v1," + Base64.getEncoder().encodeToString(
                    hmac(secret, delivery + "." + timestamp + ".", body));
        } else {
            return false;
        }
        if (expected == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                signature.getBytes(StandardCharsets.UTF_8))) {
            return false;
        }
        long sent;
        try {
            sent = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(nowSeconds - sent) > WINDOW_SECONDS) {
            return false;
        }
        accepted.values().removeIf(at -> nowSeconds - at > WINDOW_SECONDS);
        return accepted.putIfAbsent(signature, nowSeconds) == null;
    }

    private static byte[] hmac(String secret, String prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(prefix.getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
