package dev.mlops.engine.monitor;

import dev.mlops.engine.UsageException;
import java.io.IOException;
import java.net.URI;
import java.util.Map;

/**
 * Where a drift verdict goes to start retraining: a Jenkins job's remote {@code buildWithParameters}, or a generic
 * webhook that receives the drift summary as signed JSON.
 */
public interface RetrainTrigger {

    /** What the receiver answered. */
    record Outcome(String target, int status, String location) {
    }

    /** A description without secrets, for logs, results and the ledger. */
    String target();

    /** Fires the trigger with the drift summary; throws when the receiver refuses. */
    Outcome fire(Map<String, String> parameters, String json) throws IOException, InterruptedException;

    /**
     * Parses {@code jenkins:URL} or {@code webhook:URL}; the secret comes from {@code secretEnv} in {@code env}
     * (for Jenkins: {@code user:apiToken}, or the job's remote-trigger token).
     */
    static RetrainTrigger parse(String spec, String secretEnv, Map<String, String> env) {
        int colon = spec.indexOf(':');
        String kind = colon < 0 ? "" : spec.substring(0, colon);
        String url = colon < 0 ? "" : spec.substring(colon + 1);
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--trigger " + spec + ": not a URL (" + e.getMessage() + ")");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new UsageException("--trigger: expected jenkins:http(s)://... or webhook:http(s)://..., got '"
                    + spec + "'");
        }
        String secret = null;
        if (secretEnv != null) {
            secret = env.get(secretEnv);
            if (secret == null || secret.isEmpty()) {
                throw new UsageException("the trigger's secret variable $" + secretEnv + " is not set");
            }
        }
        return switch (kind) {
            case "jenkins" -> new JenkinsTrigger(uri, secret);
            case "webhook" -> {
                if (secret == null) {
                    throw new UsageException("a webhook trigger needs --trigger-secret-env: its payload is signed");
                }
                yield new WebhookTrigger(uri, secret);
            }
            default -> throw new UsageException("--trigger: unknown kind '" + kind + "'; expected jenkins or webhook");
        };
    }
}
