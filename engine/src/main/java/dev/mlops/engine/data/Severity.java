package dev.mlops.engine.data;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How much a broken rule matters: errors fail validation by default, warnings only with {@code --fail-on warning}. */
public enum Severity {
    ERROR,
    WARNING;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
