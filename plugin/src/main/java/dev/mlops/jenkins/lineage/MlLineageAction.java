package dev.mlops.jenkins.lineage;

import dev.mlops.jenkins.engine.EngineResult;
import hudson.FilePath;
import hudson.model.DirectoryBrowserSupport;
import hudson.model.Item;
import hudson.model.Run;
import java.io.File;
import java.io.IOException;
import java.lang.ref.SoftReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;
import jenkins.model.RunAction2;
import net.sf.json.JSONArray;
import net.sf.json.JSONException;
import net.sf.json.JSONObject;

/**
 * The ML lineage of one build: a line per mlops step (kept small, in build.xml) and, beside build.xml in
 * {@code mlops/}, each step's full JSON result and HTML report, the build's lineage record (merged from every
 * workspace its steps ran in) and its graph page. Shown as a summary on the build page and in full at
 * {@code .../mlops/}; REST at {@code .../mlops/api/json}.
 */
public final class MlLineageAction implements RunAction2 {

    /** The build directory's folder for ML files (results, reports, lineage, delivery figures). */
    public static final String DIR = "mlops";
    static final String LINEAGE = "lineage.json";
    static final String GRAPH = "lineage.html";
    static final String REPORTS = "reports";
    /**
     * The stylesheet the engine writes beside each report (its {@code Html.STYLESHEET}; engine classes are not on
     * the controller): copied with the report, since Jenkins' Content-Security-Policy blocks inline styles.
     */
    static final String STYLESHEET = "mlops-report.css";

    /** One lock per build: steps of parallel branches merge the build's lineage record in turn. */
    private static final Map<Run<?, ?>, Object> LOCKS = Collections.synchronizedMap(new WeakHashMap<>());

    /** One step, as build.xml keeps it. */
    public static final class StepRecord {
        private final String command;
        private final String status;
        private final int exitCode;
        private final String headline;
        private final String resultFile;
        private final String reportFile;
        private final LinkedHashMap<String, String> facts;
        private final LinkedHashMap<String, Double> metrics;

        StepRecord(String command, String status, int exitCode, String headline, String resultFile,
                   String reportFile, Map<String, String> facts, Map<String, Double> metrics) {
            this.command = command;
            this.status = status;
            this.exitCode = exitCode;
            this.headline = headline;
            this.resultFile = resultFile;
            this.reportFile = reportFile;
            this.facts = new LinkedHashMap<>(facts);
            this.metrics = new LinkedHashMap<>(metrics);
        }

        public String getCommand() {
            return command;
        }

        public String getStatus() {
            return status;
        }

        public int getExitCode() {
            return exitCode;
        }

        public String getHeadline() {
            return headline;
        }

        /** The result file's name under {@code mlops/results/}, or null when the engine wrote none. */
        public String getResultFile() {
            return resultFile;
        }

        /** The step's HTML report under {@code mlops/reports/}, or null when it wrote none. */
        public String getReportFile() {
            return reportFile;
        }

        /** Where the step's report is served, relative to the lineage page; null when it wrote none. */
        public String getReportPath() {
            return reportFile == null ? null : "files/" + REPORTS + "/" + reportFile;
        }

        public Map<String, String> getFacts() {
            return Collections.unmodifiableMap(facts);
        }

        public Map<String, Double> getMetrics() {
            return Collections.unmodifiableMap(metrics);
        }

        public boolean isPassed() {
            return exitCode == 0;
        }
    }

    private final List<StepRecord> steps = new ArrayList<>();
    private transient Run<?, ?> run;
    private transient SoftReference<JSONObject> lineageCache;

    /** Where a recorded step's report is served, relative to the build's URL; null when it wrote none. */
    public static String reportUrl(StepRecord step) {
        return step.getReportPath() == null ? null : DIR + "/" + step.getReportPath();
    }

    /** Where a file kept in the build's {@value #DIR} folder is served, relative to the build's URL. */
    public static String fileUrl(String pathInFolder) {
        return DIR + "/files/" + pathInFolder;
    }

    /** The lock under which one build's steps merge and record its lineage, one step at a time. */
    public static Object lockFor(Run<?, ?> run) {
        return LOCKS.computeIfAbsent(run, r -> new Object());
    }

    /**
     * Copies the build's lineage record, if it has one yet, to {@code target} (in a workspace, where the engine merges
     * it with the workspace's own); returns whether there was one.
     */
    public static boolean copyLineageTo(Run<?, ?> run, FilePath target) throws IOException, InterruptedException {
        File stored = new File(new File(run.getRootDir(), DIR), LINEAGE);
        if (!stored.exists()) {
            return false;
        }
        new FilePath(stored).copyTo(target);
        return true;
    }

    /**
     * Adds a step's result to the build: the action if it is the first, the result file, the step's HTML report, and
     * the build's lineage record and graph page as merged after this step ({@code lineage} and {@code graph}, in the
     * workspace; null when there is none). Call it holding {@link #lockFor}, which also guards adding the action.
     */
    public static StepRecord record(Run<?, ?> run, FilePath workspace, EngineResult result, String headline,
                                    Map<String, String> facts, FilePath lineage, FilePath graph)
            throws IOException, InterruptedException {
        MlLineageAction action = run.getAction(MlLineageAction.class);
        if (action == null) {
            action = new MlLineageAction();
            run.addAction(action);
        }
        File dir = new File(run.getRootDir(), DIR);
        File results = new File(dir, "results");
        Files.createDirectories(results.toPath());
        StepRecord step;
        synchronized (action) {
            String name = String.format(Locale.ROOT, "%02d-%s", action.steps.size() + 1, result.command());
            String file = null;
            if (result.json() != null) {
                file = name + ".json";
                Files.writeString(new File(results, file).toPath(), result.json(), StandardCharsets.UTF_8);
            }
            String report = result.text("report");
            String reportFile = null;
            if (report != null && workspace.child(report).exists()) {
                reportFile = name + ".html";
                copyPage(workspace.child(report), new File(dir, REPORTS), reportFile);
            }
            if (lineage != null && lineage.exists()) {
                lineage.copyTo(new FilePath(new File(dir, LINEAGE)));
            }
            if (graph != null && graph.exists()) {
                copyPage(graph, dir, GRAPH);
            }
            step = new StepRecord(result.command(), result.status(), result.exitCode(), headline, file, reportFile,
                    facts, numbers(result.get("metrics")));
            action.steps.add(step);
            action.lineageCache = null;
        }
        run.save();
        return step;
    }

    /** Copies an engine HTML page and the stylesheet beside it, so that it renders styled where Jenkins serves it. */
    public static void copyPage(FilePath page, File dir, String name) throws IOException, InterruptedException {
        Files.createDirectories(dir.toPath());
        page.copyTo(new FilePath(new File(dir, name)));
        FilePath stylesheet = page.sibling(STYLESHEET);
        if (stylesheet != null && stylesheet.exists()) {
            stylesheet.copyTo(new FilePath(new File(dir, STYLESHEET)));
        }
    }

    private static Map<String, Double> numbers(Object metrics) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (metrics instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
                    out.put(k.toString(), n.doubleValue());
                }
            });
        }
        return out;
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    public Run<?, ?> getRun() {
        return run;
    }

    @Override
    public String getIconFileName() {
        return "symbol-project-relationship";
    }

    @Override
    public String getDisplayName() {
        return Messages.MlLineageAction_DisplayName();
    }

    @Override
    public String getUrlName() {
        return "mlops";
    }

    public synchronized List<StepRecord> getSteps() {
        return List.copyOf(steps);
    }

    /** The metrics of the build's last evaluation, else of its last training: what the job's trend chart plots. */
    public synchronized Map<String, Double> getTrendMetrics() {
        for (String command : List.of("evaluate", "train")) {
            for (int i = steps.size() - 1; i >= 0; i--) {
                if (steps.get(i).getCommand().equals(command) && !steps.get(i).getMetrics().isEmpty()) {
                    return steps.get(i).getMetrics();
                }
            }
        }
        return Map.of();
    }

    /** The record's run identity, or null when there is no record or it names none (a JSON null). */
    public String getRunId() {
        JSONObject lineage = getLineage();
        return lineage != null && lineage.opt("runId") instanceof String id ? id : null;
    }

    /** The run's lineage record (read from beside build.xml, cached softly), or null when none was recorded. */
    public JSONObject getLineage() {
        SoftReference<JSONObject> cached = lineageCache;
        JSONObject lineage = cached == null ? null : cached.get();
        if (lineage == null && run != null) {
            File file = new File(new File(run.getRootDir(), DIR), LINEAGE);
            try {
                lineage = file.exists() ? JSONObject.fromObject(Files.readString(file.toPath(),
                        StandardCharsets.UTF_8)) : null;
            } catch (IOException | JSONException e) {
                lineage = null;
            }
            lineageCache = new SoftReference<>(lineage);
        }
        return lineage;
    }

    /** The commit, branch and dirty flag of the workspace's git state, or an empty map outside a repository. */
    public Map<String, String> getGit() {
        Map<String, String> out = new LinkedHashMap<>();
        JSONObject lineage = getLineage();
        JSONObject git = lineage == null ? null : lineage.optJSONObject("git");
        if (git != null && !git.isNullObject()) {
            for (String key : List.of("commit", "branch", "remote", "dirty")) {
                if (git.has(key)) {
                    out.put(key, git.getString(key));
                }
            }
        }
        return out;
    }

    /**
     * The engine that ran the steps: its version, its SBOM's hash, Tribuo, XGBoost and DuckDB, then Java, OS and
     * architecture; empty when no lineage was recorded.
     */
    public Map<String, String> getEnvironment() {
        Map<String, String> out = new LinkedHashMap<>();
        JSONObject lineage = getLineage();
        JSONObject environment = lineage == null ? null : lineage.optJSONObject("environment");
        if (environment != null && !environment.isNullObject()) {
            for (Object key : environment.keySet()) {
                out.put(key.toString(), environment.optString(key.toString()));
            }
        }
        return out;
    }

    /** Every file a step read, with its hash and, for datasets, its rows: the build's data lineage. */
    public List<Map<String, String>> getDatasets() {
        List<Map<String, String>> out = new ArrayList<>();
        for (JSONObject step : lineageSteps()) {
            JSONArray inputs = step.optJSONArray("inputs");
            if (inputs == null) {
                continue;
            }
            for (Object input : inputs) {
                if (input instanceof JSONObject in && !in.isNullObject()) {
                    Map<String, String> row = new LinkedHashMap<>();
                    row.put("step", step.optString("command"));
                    for (String key : List.of("role", "path", "sha256", "rows")) {
                        row.put(key, in.optString(key, ""));
                    }
                    out.add(row);
                }
            }
        }
        return out;
    }

    /** The lineage record's steps: command, status, and their parameters and outputs as compact JSON. */
    public List<Map<String, String>> getLineageSteps() {
        List<Map<String, String>> out = new ArrayList<>();
        for (JSONObject step : lineageSteps()) {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("command", step.optString("command"));
            row.put("status", step.optString("status"));
            row.put("at", step.optString("at"));
            row.put("params", step.has("params") ? step.get("params").toString() : "");
            row.put("outputs", step.has("outputs") ? step.get("outputs").toString() : "");
            out.add(row);
        }
        return out;
    }

    private List<JSONObject> lineageSteps() {
        List<JSONObject> out = new ArrayList<>();
        JSONObject lineage = getLineage();
        JSONArray steps = lineage == null ? null : lineage.optJSONArray("steps");
        if (steps != null) {
            for (Object s : steps) {
                if (s instanceof JSONObject o && !o.isNullObject()) {
                    out.add(o);
                }
            }
        }
        return out;
    }

    public boolean isGraphRecorded() {
        return run != null && new File(new File(run.getRootDir(), DIR), GRAPH).exists();
    }

    /**
     * The files beside build.xml: results, reports, lineage record and graph page, at {@code .../mlops/files/}. The
     * build owns the listing: its {@code dir.jelly} includes the owner's side panel, which the build has.
     */
    public DirectoryBrowserSupport doFiles() {
        run.checkPermission(Item.READ);
        return new DirectoryBrowserSupport(run, new FilePath(new File(run.getRootDir(), DIR)),
                Messages.MlLineageAction_DisplayName(), "symbol-document-text", true);
    }

    /** REST: {@code .../mlops/api/json}. */
    public hudson.model.Api getApi() {
        run.checkPermission(Item.READ);
        return new hudson.model.Api(new LineageApi(this));
    }
}
