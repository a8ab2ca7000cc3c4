package dev.mlops.engine.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.engine.InputException;
import dev.mlops.engine.InputFiles;
import dev.mlops.engine.Json;
import dev.mlops.engine.LogSink;
import dev.mlops.engine.data.Hashing;
import dev.mlops.engine.data.ReadOptions;
import dev.mlops.engine.train.Algorithm;
import dev.mlops.engine.train.ModelBundle;
import dev.mlops.engine.train.ModelTrainer;
import dev.mlops.engine.train.ParamSpec;
import dev.mlops.engine.train.Task;
import dev.mlops.engine.train.TrainOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Re-runs the training step of a lineage record from its recorded inputs, parameters and seed, and compares the new
 * bundle with the recorded one.
 */
public final class Reproducer {

    private Reproducer() {
    }

    /**
     * @param sameBytes   whether the new bundle's SHA-256 equals the recorded one
     * @param differences when not: what the model learned that differs (metadata fields, fitted features, model
     *                    bytes)
     * @param versions    the engine components (engine, SBOM, Tribuo, XGBoost, DuckDB) and runtime (Java, OS,
     *                    architecture) that changed: reported, never counted as a difference themselves; when the
     *                    model differs too, they are where to look first
     */
    public record Result(String recordedSha256, String reproducedSha256, boolean sameBytes, List<String> differences,
                         List<String> versions, ModelBundle bundle) {

        /** Reproduced: the same bytes, or the same model recorded by other versions of what produced it. */
        public boolean reproduced() {
            return sameBytes || differences.isEmpty();
        }
    }

    public static Result reproduce(Path lineageFile, LogSink log) {
        InputFiles.requireReadable(lineageFile);
        ObjectNode record = Lineage.read(lineageFile);
        JsonNode step = null;
        for (JsonNode s : record.get("steps")) {
            if ("train".equals(s.path("command").asText()) && "passed".equals(s.path("status").asText())) {
                step = s;
            }
        }
        if (step == null) {
            throw new InputException(lineageFile, "records no successful 'train' step to reproduce");
        }
        for (JsonNode input : step.path("inputs")) {
            Path file = Path.of(input.get("path").asText());
            InputFiles.requireReadable(file);
            String now = Hashing.sha256Of(file);
            if (!now.equals(input.get("sha256").asText())) {
                throw new InputException(file, "changed since the recorded run: its SHA-256 is " + now + ", the "
                        + "lineage recorded " + input.get("sha256").asText() + " (" + input.path("role").asText()
                        + "); refusing to reproduce from different inputs");
            }
        }
        JsonNode p = step.get("params");
        Map<String, String> params = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = p.path("params").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            params.put(e.getKey(), e.getValue().asText());
        }
        Algorithm algorithm = Algorithm.parse(p.get("algorithm").asText()).orElseThrow(() -> new InputException(
                lineageFile, "records an unknown algorithm " + p.get("algorithm")));
        // A parameter added since, absent from what the run recorded, had the value the engine then used.
        JsonNode chosen = step.path("outputs").path("chosenParams");
        for (ParamSpec spec : algorithm.params()) {
            if (spec.formerValue() != null && !params.containsKey(spec.name()) && !chosen.has(spec.name())) {
                params.put(spec.name(), String.valueOf(spec.formerValue()));
            }
        }
        try {
            algorithm.resolve(params);
        } catch (IllegalArgumentException e) {
            throw new InputException(lineageFile, "records parameters that this engine's " + algorithm.id()
                    + " does not take (" + e.getMessage() + "): the run was trained by an engine whose "
                    + algorithm.id() + " took them (see the lineage's versions); reproduce it with that engine", e);
        }
        TrainOptions.Search search = p.hasNonNull("search") ? new TrainOptions.Search(
                "grid".equals(p.get("search").path("kind").asText()), p.get("search").path("trials").asInt(),
                Path.of(p.get("search").path("space").asText())) : null;
        TrainOptions options = new TrainOptions(p.get("target").asText(), algorithm, params, p.get("seed").asLong(),
                p.hasNonNull("task") ? Task.valueOf(p.get("task").asText().toUpperCase(java.util.Locale.ROOT)) : null,
                p.hasNonNull("features") ? Path.of(p.get("features").asText()) : null, search,
                p.path("folds").asInt(0), p.path("positiveClass").asText(null));
        ReadOptions read;
        try {
            read = p.has("read") ? Json.mapper().treeToValue(p.get("read"), ReadOptions.class) : ReadOptions.DEFAULTS;
        } catch (IOException e) {
            throw new InputException(lineageFile, "records read options this engine cannot use: " + e.getMessage(), e);
        }
        Path data = null;
        for (JsonNode input : step.path("inputs")) {
            if ("training-data".equals(input.path("role").asText())) {
                data = Path.of(input.get("path").asText());
            }
        }
        if (data == null) {
            throw new InputException(lineageFile, "the train step records no training-data input");
        }
        log.info("reproducing " + options.algorithm().id() + " on " + data + " with seed " + options.seed());
        ModelBundle bundle = ModelTrainer.train(data, read, options, log).bundle();
        byte[] bytes = bundle.toBytes();
        String reproduced = Hashing.sha256(bytes);
        String recorded = step.path("outputs").path("bundle").path("sha256").asText();
        List<String> differences = new ArrayList<>();
        List<String> versions = new ArrayList<>();
        if (!reproduced.equals(recorded)) {
            compare(step, bundle, differences, versions);
        }
        return new Result(recorded, reproduced, reproduced.equals(recorded), differences, versions, bundle);
    }

    private static final java.util.Comparator<JsonNode> NUMBERS_BY_VALUE = (x, y) -> {
        if (x.equals(y)) {
            return 0;
        }
        if (x.isNumber() && y.isNumber()) {
            return x.decimalValue().compareTo(y.decimalValue());
        }
        return 1;
    };

    /** Each component or runtime version that differs, named as a version mismatch rather than a change. */
    private static void versionMismatches(JsonNode recorded, JsonNode now, List<String> out) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        recorded.fieldNames().forEachRemaining(names::add);
        now.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            String was = recorded.path(name).asText("(none)");
            String is = now.path(name).asText("(none)");
            if (!was.equals(is)) {
                out.add("version mismatch: " + name + " was " + was + " when recorded, is " + is + " now");
            }
        }
    }

    /** What differs, against the recorded bundle when it is still where the lineage says, else the recorded metrics. */
    private static void compare(JsonNode step, ModelBundle reproduced, List<String> out, List<String> versions) {
        Path recordedFile = Path.of(step.path("outputs").path("bundle").path("path").asText());
        if (Files.isRegularFile(recordedFile)) {
            ModelBundle recorded = ModelBundle.read(recordedFile);
            // As JSON, numbers compared by value: a bundle read back holds 3 where a fresh one holds 3L.
            JsonNode a = Json.mapper().valueToTree(recorded.metadata());
            JsonNode b = Json.mapper().valueToTree(reproduced.metadata());
            for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (field.equals("versions")) {
                    versionMismatches(a.get(field), b.get(field), versions);
                } else if (!field.equals("contentSha256") && !a.get(field).equals(NUMBERS_BY_VALUE, b.get(field))) {
                    // contentSha256 follows from the entries compared below; the reproduced bundle is not yet written
                    out.add("metadata." + field + " differs");
                }
            }
            if (!java.util.Arrays.equals(ModelBundle.storedModel(recordedFile),
                    reproduced.model().serialize().toByteArray())) {
                out.add("model bytes differ");
            }
            if (!recorded.pipeline().equals(reproduced.pipeline())) {
                out.add("fitted features differ");
            }
        } else {
            JsonNode metrics = step.path("outputs").path("metrics");
            Map<String, Double> now = reproduced.metadata().metrics();
            metrics.fields().forEachRemaining(e -> {
                Double v = now.get(e.getKey());
                if (v == null || v != e.getValue().asDouble()) {
                    out.add("metric " + e.getKey() + ": recorded " + e.getValue().asDouble() + ", reproduced " + v);
                }
            });
            out.add("the recorded bundle " + recordedFile + " is gone, so only metrics could be compared");
        }
        if (out.isEmpty() && versions.isEmpty()) {
            out.add("the bundles differ in bytes but not in metadata, features or model (zip layout?)");
        }
    }
}
