package dev.mlops.engine.train;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a model predicts: a class label or a number. */
public enum Task {
    CLASSIFICATION,
    REGRESSION;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
