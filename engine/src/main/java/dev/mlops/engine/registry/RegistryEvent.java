package dev.mlops.engine.registry;

import java.util.Map;

/**
 * One change to a model: {@code registered}, {@code alias-set} (also when it moved; {@code previousVersion} says
 * from where), {@code alias-removed} or {@code tag-set}.
 */
public record RegistryEvent(long seq, String time, String type, String model, Integer version, String alias,
                            Integer previousVersion, String actor, String reason, Map<String, String> details) {
}
