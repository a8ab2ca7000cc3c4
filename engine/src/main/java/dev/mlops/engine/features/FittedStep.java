package dev.mlops.engine.features;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * A step with everything it learned from training data, as stored in the model bundle. Number steps map a double
 * (NaN when missing) to a double; text steps map text (null when missing) to text; an encoder ends a column's chain.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
@JsonSubTypes({
        @JsonSubTypes.Type(value = FittedStep.FillNumber.class, name = "fillNumber"),
        @JsonSubTypes.Type(value = FittedStep.FillText.class, name = "fillText"),
        @JsonSubTypes.Type(value = FittedStep.Affine.class, name = "affine"),
        @JsonSubTypes.Type(value = FittedStep.Log1p.class, name = "log1p"),
        @JsonSubTypes.Type(value = FittedStep.Clip.class, name = "clip"),
        @JsonSubTypes.Type(value = FittedStep.Buckets.class, name = "buckets"),
        @JsonSubTypes.Type(value = FittedStep.OneHot.class, name = "onehot"),
        @JsonSubTypes.Type(value = FittedStep.Hash.class, name = "hash")})
public sealed interface FittedStep {

    /** Replaces a missing number. */
    record FillNumber(double value) implements FittedStep {
    }

    /** Replaces missing text. */
    record FillText(String value) implements FittedStep {
    }

    /** (x - shift) / scale: standardization and min-max scaling. */
    record Affine(double shift, double scale) implements FittedStep {
    }

    record Log1p() implements FittedStep {
    }

    record Clip(Double min, Double max) implements FittedStep {
    }

    /** One feature per bucket: (-inf, e0), [e0, e1), ..., [e_last, +inf). */
    record Buckets(List<Double> edges) implements FittedStep {
        public Buckets {
            edges = List.copyOf(edges);
        }
    }

    /** One feature per known category, then one for anything else. */
    record OneHot(List<String> categories) implements FittedStep {
        public OneHot {
            categories = List.copyOf(categories);
        }
    }

    /** {@code floorMod(text.hashCode(), buckets)}: String.hashCode is specified, so the same on every JVM. */
    record Hash(int buckets) implements FittedStep {
    }
}
