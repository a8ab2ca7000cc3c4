package dev.mlops.engine.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.engine.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One change to a model: {@code registered}, {@code alias-set} (also when it moved; {@code previousVersion} says
 * from where), {@code alias-removed} or {@code tag-set}.
 */
public record RegistryEvent(long seq, String time, String type, String model, Integer version, String alias,
                            Integer previousVersion, String actor, String reason, Map<String, String> details) {

    /**
     * A new audit-log entry: its type, then the registry it belongs to where one log serves several
     * ({@code registry}, else null), the model, the version when there is one, who and why; the caller adds the
     * type's own fields.
     */
    static ObjectNode entry(String type, String registry, String model, Integer version, String actor, String reason) {
        ObjectNode e = Json.mapper().createObjectNode();
        e.put("type", type);
        if (registry != null) {
            e.put("registry", registry);
        }
        e.put("model", model);
        if (version != null) {
            e.put("version", version);
        }
        e.put("actor", actor);
        if (reason != null) {
            e.put("reason", reason);
        }
        return e;
    }

    /** The event an audit-log entry records. */
    static RegistryEvent of(ObjectNode e) {
        Map<String, String> details = new LinkedHashMap<>();
        for (String key : new String[] {"sha256", "key", "value"}) {
            if (e.has(key)) {
                details.put(key, e.get(key).asText());
            }
        }
        return new RegistryEvent(e.get("seq").asLong(), e.get("time").asText(), e.get("type").asText(),
                e.path("model").asText(null), e.has("version") ? e.get("version").asInt() : null,
                e.path("alias").asText(null), e.has("previousVersion") ? e.get("previousVersion").asInt() : null,
                e.path("actor").asText(null), e.path("reason").asText(null), details);
    }
}
