package dev.mlops.engine.features;

import java.util.List;

/**
 * One declared transformation of a column, before fitting. Value steps map a value to a value (numbers, or text for
 * imputation of categories); encoding steps ({@link OneHot}, {@link Hash}, {@link Bucketize}) end a column's chain and
 * produce its features.
 */
public sealed interface Step {

    /** Fill missing values: {@code mean}, {@code median}, {@code most-frequent} or {@code constant} (with value). */
    record Impute(String strategy, String constant) implements Step {
    }

    /** Subtract the mean, divide by the standard deviation (1 when it is 0). */
    record Standardize() implements Step {
    }

    /** Scale to [0, 1] by the training minimum and maximum. */
    record MinMax() implements Step {
    }

    /** log(1 + x); values below -1 are an error. */
    record Log1p() implements Step {
    }

    /** Limit to [min, max]; either may be null. */
    record Clip(Double min, Double max) implements Step {
    }

    /** Bucket index one-hot; explicit edges, or {@code bins} quantile buckets learned from training data. */
    record Bucketize(List<Double> edges, Integer bins) implements Step {
    }

    /** One feature per category seen in training (the most frequent {@code maxCategories}) plus an unknown bucket. */
    record OneHot(int maxCategories) implements Step {
    }

    /** Hash the text into {@code buckets} features (for high cardinality). */
    record Hash(int buckets) implements Step {
    }
}
