package dev.mlops.engine.train;

import java.nio.file.Path;
import java.util.Map;

/**
 * What to train.
 *
 * @param task          classification or regression; null to decide from the target (text, boolean, or integers with
 *                      at most {@value ModelTrainer#MAX_CLASSES_FOR_INTEGER_TARGET} values: classification)
 * @param params        parameter overrides as given (text, checked against the algorithm's ranges)
 * @param featureSpec   a feature spec file, or null for the default pipeline
 * @param search        a hyperparameter search, or null
 * @param folds         cross-validation folds (0 for none; a search uses {@value ModelTrainer#DEFAULT_SEARCH_FOLDS}
 *                      when 0)
 * @param positiveClass the positive class of binary metrics, or null to pick it (1, true, yes, else the last in order)
 */
public record TrainOptions(String target, Algorithm algorithm, Map<String, String> params, long seed, Task task,
                           Path featureSpec, Search search, int folds, String positiveClass) {

    public TrainOptions {
        params = Map.copyOf(params);
    }

    /** A grid over every combination of a space's values, or {@code trials} random draws from it. */
    public record Search(boolean grid, int trials, Path space) {
    }
}
