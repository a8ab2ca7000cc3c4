package dev.mlops.engine.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.engine.InputException;
import dev.mlops.engine.Json;
import dev.mlops.engine.LogSink;
import dev.mlops.engine.UsageException;
import dev.mlops.engine.data.ColumnType;
import dev.mlops.engine.data.Columns;
import dev.mlops.engine.data.DatasetLoader;
import dev.mlops.engine.data.DatasetProfile;
import dev.mlops.engine.data.Fingerprint;
import dev.mlops.engine.data.Hashing;
import dev.mlops.engine.data.LoadedDataset;
import dev.mlops.engine.data.ReadOptions;
import dev.mlops.engine.train.ModelBundle;
import dev.mlops.engine.train.Predictor;
import dev.mlops.engine.train.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * One monitoring run: loads the reference (data, a profile, or the model's training profile) and the current data
 * (files or the server's request log), compares the feature columns, and with a model also its predictions and,
 * given labelled feedback, its accuracy over time.
 */
public final class Monitor {

    /** Columns of the server's request log that are not features: they start with this prefix. */
    public static final String REQUEST_LOG_PREFIX = "_";
    /** The request log's prediction column. */
    public static final String LOGGED_PREDICTION = "_prediction";

    private Monitor() {
    }

    /**
     * @param reference data or a profile JSON; null with a model means the model's training profile
     * @param current   one or more files (data or request logs), read as one window in this order
     * @param model     a model bundle for prediction and concept drift; null for data drift only
     * @param labels    labelled feedback (the model's features and its target) for concept drift; needs a model
     */
    public record Request(Path reference, List<Path> current, ReadOptions read, Path model, Path labels,
                          DriftOptions options) {
        public Request {
            current = List.copyOf(current);
        }
    }

    /**
     * @param window the identity of this data window: a hash over the reference, the current files and the model.
     *               A trigger fires at most once per window.
     * @param reasons why drift was declared (empty when not)
     */
    public record Result(String referenceKind, Fingerprint reference, List<Fingerprint> current, String model,
                         DriftReport data, ColumnDrift prediction, ConceptDrift.Result concept, boolean drift,
                         List<String> reasons, String window) {
    }

    public static Result run(Request request, LogSink log) {
        if (request.current().isEmpty()) {
            throw new UsageException("no current data: --current matched no file");
        }
        if (request.labels() != null && request.model() == null) {
            throw new UsageException("--labels needs --model: concept drift is about a model's accuracy");
        }
        ModelBundle bundle = request.model() == null ? null : ModelBundle.read(request.model());
        Predictor predictor = bundle == null ? null : new Predictor(bundle);
        List<Fingerprint> currentPrints = new ArrayList<>();
        Columns current = loadAll(request.current(), request.read(), currentPrints, log);
        boolean requestLog = current.types().containsKey(LOGGED_PREDICTION);

        Reference reference = loadReference(request, bundle, log);
        List<String> columns = comparedColumns(reference, current, currentPrints.get(0).columns(), bundle);
        log.info("comparing " + columns.size() + " shared columns: reference " + reference.kind + " (" + reference.print.rows()
                + " rows) with " + current.rows() + " current rows" + (requestLog ? " from a request log" : ""));
        DriftReport data = reference.profile != null
                ? DriftDetector.compare(reference.profile, current, columns, request.options())
                : DriftDetector.compare(reference.data, current, columns, request.options());

        ColumnDrift prediction = null;
        ConceptDrift.Result concept = null;
        if (bundle != null) {
            prediction = predictionDrift(bundle, predictor, reference, current, currentPrints, requestLog,
                    request.options());
            if (request.labels() != null) {
                concept = conceptDrift(bundle, predictor, request, log);
            }
        }
        List<String> reasons = new ArrayList<>();
        if (data.datasetDrift()) {
            reasons.add(String.format(java.util.Locale.ROOT, "data drift: %d of %d columns drifted (%s), share %.2f "
                            + "≥ %.2f", data.driftedColumns().size(), data.columns().size(),
                    String.join(", ", data.driftedColumns()), data.share(), data.driftShareThreshold()));
        }
        if (prediction != null && prediction.drifted()) {
            reasons.add("prediction drift: " + prediction.test().id() + " " + format(prediction.score())
                    + (prediction.test().pValueTest() ? " < " : " ≥ ") + format(prediction.threshold()));
        }
        if (concept != null && concept.drifted()) {
            reasons.add("concept drift: " + concept.metric() + " " + format(concept.overall())
                    + (concept.recorded() == null ? "" : " (recorded " + format(concept.recorded()) + ")")
                    + (concept.alarmRow() == null ? "" : ", Page-Hinkley alarm at row " + concept.alarmRow()));
        }
        String window = windowKey(reference.print, currentPrints, request.model());
        return new Result(reference.kind, reference.print, currentPrints, request.model() == null ? null
                : request.model().toString(), data, prediction, concept, !reasons.isEmpty(), reasons, window);
    }

    private static String format(double v) {
        return String.format(java.util.Locale.ROOT, "%.4g", v);
    }

    /** The reference: every value, or a profile. */
    private record Reference(String kind, Fingerprint print, Columns data, DatasetProfile profile) {
    }

    private static Reference loadReference(Request request, ModelBundle bundle, LogSink log) {
        Path file = request.reference();
        if (file == null) {
            if (bundle == null) {
                throw new UsageException("give --reference, or --model to compare with its training profile");
            }
            return new Reference("training profile", bundle.profile().dataset(), null, bundle.profile());
        }
        if (isProfile(file)) {
            DatasetProfile profile = DatasetProfile.read(file);
            return new Reference("profile", profile.dataset(), null, profile);
        }
        List<Fingerprint> prints = new ArrayList<>();
        Columns data = loadAll(List.of(file), request.read(), prints, log);
        return new Reference("data", prints.get(0), data, null);
    }

    /** A JSON file whose top level (or {@code profile} field) has {@code dataset} and {@code columns}. */
    static boolean isProfile(Path file) {
        if (!file.getFileName().toString().endsWith(".json") || !Files.isRegularFile(file)) {
            return false;
        }
        try {
            JsonNode root = Json.mapper().readTree(file.toFile());
            JsonNode node = root != null && root.has("profile") ? root.get("profile") : root;
            return node != null && node.has("dataset") && node.has("columns");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** The columns to compare, in the current data's file order. */
    private static List<String> comparedColumns(Reference reference, Columns current, List<String> fileOrder,
                                                ModelBundle bundle) {
        TreeSet<String> referenceColumns = new TreeSet<>(reference.data != null ? reference.data.types().keySet()
                : reference.profile.columns().stream().map(c -> c.name()).toList());
        List<String> out = new ArrayList<>();
        if (bundle != null) {
            for (String feature : fileOrder.stream().filter(bundle.schema()::containsKey).toList()) {
                if (feature.equals(bundle.metadata().target())) {
                    continue;
                }
                if (referenceColumns.contains(feature)) {
                    out.add(feature);
                }
            }
            for (String feature : bundle.schema().keySet()) {
                if (!feature.equals(bundle.metadata().target()) && !current.types().containsKey(feature)) {
                    throw new InputException(null, "the current data has no column '" + feature + "', a feature of "
                            + "the model");
                }
            }
            return out;
        }
        for (String c : fileOrder) {
            if (!c.startsWith(REQUEST_LOG_PREFIX) && referenceColumns.contains(c)) {
                out.add(c);
            }
        }
        if (out.isEmpty()) {
            throw new InputException(null, "the reference and the current data share no column");
        }
        return out;
    }

    private static ColumnDrift predictionDrift(ModelBundle bundle, Predictor predictor, Reference reference,
                                               Columns current, List<Fingerprint> currentPrints, boolean requestLog,
                                               DriftOptions options) {
        String target = bundle.metadata().target();
        Columns currentPredictions = requestLog ? renamed(current, LOGGED_PREDICTION, target)
                : predictions(predictor, current, currentPrints, target);
        DriftOptions predictionOptions = new DriftOptions(options.driftShare(), options.smallReference(),
                Map.of(target, options.prediction()), List.of(), null, null);
        DriftReport report;
        if (reference.data != null) {
            report = DriftDetector.compare(predictions(predictor, reference.data, List.of(reference.print),
                    target), currentPredictions,
                    List.of(target), predictionOptions);
        } else {
            // A profile holds no predictions, and the training labels are no stand-in: a model's predicted classes
            // are distributed differently from the true ones. Prediction drift needs reference data.
            return null;
        }
        if (report.columns().isEmpty()) {
            return null;
        }
        ColumnDrift c = report.columns().get(0);
        return new ColumnDrift("prediction", c.kind(), c.test(), c.threshold(), c.statistic(), c.pValue(),
                c.drifted(), c.referenceRows(), c.currentRows(), c.bins(), c.referenceShare(), c.currentShare());
    }

    private static Columns renamed(Columns columns, String from, String to) {
        Map<String, ColumnType> types = new LinkedHashMap<>();
        types.put(to, columns.types().get(from));
        Map<String, double[]> numbers = new LinkedHashMap<>();
        Map<String, String[]> texts = new LinkedHashMap<>();
        if (columns.numbers().containsKey(from)) {
            numbers.put(to, columns.numbers().get(from));
        } else {
            texts.put(to, columns.texts().get(from));
        }
        return new Columns(columns.rows(), types, numbers, texts);
    }

    private static Columns predictions(Predictor predictor, Columns data, List<Fingerprint> sources, String target) {
        int n = (int) data.rows();
        List<Predictor.Scored> scored = score(predictor, data, sources);
        Map<String, ColumnType> types = new LinkedHashMap<>();
        Map<String, double[]> numbers = new LinkedHashMap<>();
        Map<String, String[]> texts = new LinkedHashMap<>();
        if (predictor.isClassifier()) {
            types.put(target, ColumnType.STRING);
            texts.put(target, scored.stream().map(Predictor.Scored::label).toArray(String[]::new));
        } else {
            types.put(target, ColumnType.DOUBLE);
            numbers.put(target, scored.stream().mapToDouble(Predictor.Scored::value).toArray());
        }
        return new Columns(data.rows(), types, numbers, texts);
    }

    /**
     * Scores every row; a value the model's features cannot take is an input error naming the file, its row and the
     * column (rows of concatenated files are counted back to their file).
     */
    private static List<Predictor.Scored> score(Predictor predictor, Columns data, List<Fingerprint> sources) {
        try {
            return predictor.predictAll(data, java.util.stream.IntStream.range(0, (int) data.rows()).toArray());
        } catch (dev.mlops.engine.features.FeatureException e) {
            long rowInFile = e.row();
            Fingerprint file = sources.get(0);
            for (Fingerprint f : sources) {
                file = f;
                if (rowInFile < f.rows()) {
                    break;
                }
                rowInFile -= f.rows();
            }
            throw new InputException(Path.of(file.path()), rowInFile + 1, e.column(), e.problem(), e);
        }
    }

    private static ConceptDrift.Result conceptDrift(ModelBundle bundle, Predictor predictor, Request request,
                                                    LogSink log) {
        String target = bundle.metadata().target();
        List<Fingerprint> labelPrints = new ArrayList<>();
        Columns labelled = loadAll(List.of(request.labels()), request.read(), labelPrints, log);
        if (!labelled.types().containsKey(target)) {
            throw new InputException(request.labels(), "has no column '" + target + "', the model's target: "
                    + "labelled feedback needs it");
        }
        int n = (int) labelled.rows();
        List<Predictor.Scored> scored = score(predictor, labelled, labelPrints);
        Map<String, Double> recorded = bundle.metadata().metrics();
        if (bundle.metadata().task() == Task.REGRESSION) {
            double[] errors = new double[n];
            for (int i = 0; i < n; i++) {
                Object label = labelled.value(target, i);
                if (!(label instanceof Double d)) {
                    throw new InputException(request.labels(), (long) i + 1, target, "has no numeric label", null);
                }
                errors[i] = Math.abs(scored.get(i).value() - d);
            }
            return ConceptDrift.regression(errors, recorded.get("mae"), request.options().concept());
        }
        boolean[] correct = new boolean[n];
        for (int i = 0; i < n; i++) {
            Object label = labelled.value(target, i);
            if (label == null) {
                throw new InputException(request.labels(), (long) i + 1, target, "has no label", null);
            }
            correct[i] = Predictor.labelOf(label).equals(scored.get(i).label());
        }
        return ConceptDrift.classification(correct, recorded.get("accuracy"), request.options().concept());
    }

    /** Loads files and concatenates them; a column numeric in every file stays numeric, otherwise it is text. */
    static Columns loadAll(List<Path> files, ReadOptions read, List<Fingerprint> prints, LogSink log) {
        List<Columns> parts = new ArrayList<>();
        for (Path file : files) {
            CompletableFuture<String> sha256 = Hashing.sha256Async(file);
            try (LoadedDataset data = DatasetLoader.load(file, read, log)) {
                parts.add(data.readColumns());
                prints.add(new Fingerprint(file.toString(), Hashing.await(sha256, file), data.rows(),
                        data.columns()));
            } finally {
                sha256.cancel(false);
            }
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        List<String> names = new ArrayList<>(parts.get(0).types().keySet());
        for (int p = 1; p < parts.size(); p++) {
            if (!parts.get(p).types().keySet().equals(new java.util.HashSet<>(names))) {
                throw new InputException(files.get(p), "has columns " + parts.get(p).types().keySet()
                        + ", unlike " + files.get(0) + " " + names);
            }
        }
        long rows = parts.stream().mapToLong(Columns::rows).sum();
        Map<String, ColumnType> types = new LinkedHashMap<>();
        Map<String, double[]> numbers = new LinkedHashMap<>();
        Map<String, String[]> texts = new LinkedHashMap<>();
        for (String c : names) {
            boolean numeric = parts.stream().allMatch(p -> p.types().get(c).isNumeric());
            int at = 0;
            if (numeric) {
                double[] all = new double[(int) rows];
                for (Columns p : parts) {
                    double[] v = p.numbers().get(c);
                    System.arraycopy(v, 0, all, at, v.length);
                    at += v.length;
                }
                types.put(c, ColumnType.DOUBLE);
                numbers.put(c, all);
            } else {
                String[] all = new String[(int) rows];
                for (Columns p : parts) {
                    for (int i = 0; i < p.rows(); i++) {
                        Object v = p.value(c, i);
                        all[at++] = v == null ? null : v instanceof Double d ? DriftDetector.formatNumber(d)
                                : v.toString();
                    }
                }
                types.put(c, ColumnType.STRING);
                texts.put(c, all);
            }
        }
        return new Columns(rows, types, numbers, texts);
    }

    private static String windowKey(Fingerprint reference, List<Fingerprint> current, Path model) {
        StringBuilder key = new StringBuilder("reference=").append(reference.sha256());
        current.stream().map(Fingerprint::sha256).sorted().forEach(s -> key.append("\ncurrent=").append(s));
        if (model != null) {
            key.append("\nmodel=").append(Hashing.sha256Of(model));
        }
        return Hashing.sha256(key.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
