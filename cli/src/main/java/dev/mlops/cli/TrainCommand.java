package dev.mlops.cli;

import dev.mlops.engine.UsageException;
import dev.mlops.engine.train.Algorithm;
import dev.mlops.engine.train.ModelTrainer;
import dev.mlops.engine.train.Task;
import dev.mlops.engine.train.TrainOptions;
import dev.mlops.engine.lineage.Lineage;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mlops train}: fit the feature pipeline and a model, write the bundle. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a model and write a model bundle (one zip: model, fitted features, schema, profile, "
                + "metadata).", "The same data, feature spec, parameters and seed give a byte-identical bundle."})
final class TrainCommand extends EngineCommand {

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Training data (CSV, Parquet, "
            + "JSONL).")
    Path data;

    @Option(names = "--target", required = true, paramLabel = "COLUMN", description = "The column to predict.")
    String target;

    @Option(names = "--algorithm", required = true, paramLabel = "NAME",
            description = "logistic, xgboost, cart, random-forest (classification); linear, xgboost, cart "
                    + "(regression).")
    String algorithm;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "An algorithm parameter; repeatable "
            + "(docs/cli.md lists them).")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--seed", required = true, paramLabel = "N", description = "Random seed (required: runs are "
            + "reproducible only with an explicit seed).")
    long seed;

    @Option(names = "--task", paramLabel = "classification|regression",
            description = "Default: classification for text, boolean or integer targets with at most 20 values.")
    String task;

    @Option(names = "--features", paramLabel = "FILE", description = "Feature spec (docs/features.md); default: "
            + "a pipeline fitted from the data's profile.")
    Path features;

    @Option(names = "--search", paramLabel = "grid|random", description = "Search hyperparameters over --space.")
    String search;

    @Option(names = "--space", paramLabel = "FILE", description = "Search space: parameter to list of values or "
            + "{min, max, log}.")
    Path space;

    @Option(names = "--trials", paramLabel = "N", defaultValue = "20",
            description = "Random search draws (default: ${DEFAULT-VALUE}).")
    int trials;

    @Option(names = "--folds", paramLabel = "K", defaultValue = "0",
            description = "Cross-validation folds (default: 5 with --search, none otherwise).")
    int folds;

    @Option(names = "--positive-class", paramLabel = "LABEL",
            description = "Positive class of binary metrics (default: 1, true or yes when present).")
    String positiveClass;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the bundle (zip).")
    Path out;

    @Mixin
    ReadOptionsMixin read;

    @Override
    Outcome run() throws Exception {
        Algorithm algo = Algorithm.parse(algorithm).orElseThrow(() -> new UsageException("--algorithm: unknown '"
                + algorithm + "'; expected one of " + Algorithm.ids()));
        TrainOptions.Search searchOptions = null;
        if (search != null) {
            if (!search.equals("grid") && !search.equals("random")) {
                throw new UsageException("--search: expected grid or random, got '" + search + "'");
            }
            if (space == null) {
                throw new UsageException("--search needs --space FILE");
            }
            if (trials < 1) {
                throw new UsageException("--trials must be at least 1");
            }
            searchOptions = new TrainOptions.Search(search.equals("grid"), trials, space);
        }
        if (folds == 1 || folds < 0) {
            throw new UsageException("--folds: need 2 or more (or 0 for none), got " + folds);
        }
        Task taskValue = null;
        if (task != null) {
            try {
                taskValue = Task.valueOf(task.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--task: expected classification or regression, got '" + task + "'");
            }
        }
        TrainOptions options = new TrainOptions(target, algo, params, seed, taskValue, features, searchOptions, folds,
                positiveClass);
        ModelTrainer.Result result = ModelTrainer.train(data, read.toReadOptions(), options, log());
        String sha256 = result.bundle().write(out);
        Map<String, Object> fields = new LinkedHashMap<>(result.summary());
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("path", out.toString());
        bundle.put("sha256", sha256);
        bundle.put("bytes", Files.size(out));
        fields.put("bundle", bundle);
        printSummary(result, sha256);
        List<Map<String, Object>> inputs = new ArrayList<>();
        inputs.add(Lineage.dataset("training-data", data, result.bundle().profile().dataset(),
                result.bundle().schema()));
        if (features != null) {
            inputs.add(Lineage.file("feature-spec", features));
        }
        if (space != null && searchOptions != null) {
            inputs.add(Lineage.file("search-space", space));
        }
        Map<String, Object> recorded = new LinkedHashMap<>();
        recorded.put("target", target);
        recorded.put("algorithm", algo.id());
        recorded.put("params", params);
        recorded.put("seed", seed);
        recorded.put("task", taskValue == null ? null : taskValue.id());
        recorded.put("features", features == null ? null : features.toString());
        recorded.put("search", searchOptions == null ? null : Map.of("kind", search, "trials", trials, "space",
                space.toString()));
        recorded.put("folds", folds);
        recorded.put("positiveClass", positiveClass);
        recorded.put("read", read.toReadOptions());
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("bundle", bundle);
        outputs.put("features", result.bundle().pipeline().featureNames());
        outputs.put("metrics", result.summary().get("metrics"));
        outputs.put("chosenParams", result.summary().get("params"));
        if (result.summary().containsKey("crossValidation")) {
            outputs.put("crossValidation", result.summary().get("crossValidation"));
        }
        return Outcome.passed(fields).withLineage(inputs, recorded, outputs);
    }

    @SuppressWarnings("unchecked")
    private void printSummary(ModelTrainer.Result result, String sha256) {
        Map<String, Object> s = result.summary();
        Map<String, Double> metrics = (Map<String, Double>) s.get("metrics");
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "trained %s (%s of '%s') with %s features",
                s.get("algorithm"), s.get("task"), s.get("target"), s.get("features")));
        Map<String, Object> cv = (Map<String, Object>) s.get("crossValidation");
        Map<String, Object> searched = (Map<String, Object>) s.get("search");
        if (searched != null) {
            java.util.List<Map<String, Object>> trialsRun = (java.util.List<Map<String, Object>>) searched.get("trials");
            cv = (Map<String, Object>) trialsRun.get((Integer) searched.get("best")).get("cv");
            line.append(String.format(Locale.ROOT, "; %s search of %d trials chose %s", searched.get("kind"),
                    trialsRun.size(), s.get("params")));
        }
        if (cv != null) {
            line.append(String.format(Locale.ROOT, "; %d-fold CV %s %.4f ± %.4f", cv.get("folds"), cv.get("metric"),
                    (Double) cv.get("mean"), (Double) cv.get("std")));
        }
        out().println(line);
        out().println("  training metrics (optimistic): " + metrics.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.4f", e.getKey(), e.getValue()))
                .collect(java.util.stream.Collectors.joining(", ")));
        out().println("  bundle: " + out + " sha256 " + sha256);
        out().flush();
    }
}
