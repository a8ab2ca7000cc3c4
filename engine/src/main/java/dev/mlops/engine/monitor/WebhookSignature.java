package dev.mlops.engine.monitor;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature scheme of mlops webhooks, sent by {@code mlops monitor} and checked by the Jenkins plugin's
 * {@code /mlops-webhook/} endpoint: {@code X-Mlops-Timestamp} carries Unix seconds and {@code X-Mlops-Signature}
 * carries {@code sha256=} and the hex HMAC-SHA256, under the shared secret, of the timestamp, a dot, and the body.
 * Signing the timestamp lets a receiver refuse replays outside its time window.
 */
public final class WebhookSignature {

    public static final String TIMESTAMP_HEADER = "X-Mlops-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Mlops-Signature";
    public static final String PREFIX = "sha256=";

    private WebhookSignature() {
    }

    public static String sign(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /** Constant-time check of a received signature. */
    public static boolean verify(String secret, long timestamp, byte[] body, String signature) {
        if (signature == null) {
            return false;
        }
        return MessageDigest.isEqual(sign(secret, timestamp, body).getBytes(StandardCharsets.UTF_8),
                signature.getBytes(StandardCharsets.UTF_8));
    }
}
