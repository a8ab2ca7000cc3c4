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
import jenkins.model.RunAction2;
import net.sf.json.JSONArray;
import net.sf.json.JSONException;
import net.sf.json.JSONObject;

/**
 * The ML lineage of one build: a line per mlops step (kept small, in build.xml) and, beside build.xml in
 * {@code mlops/}, each step's full JSON result, the run's lineage record and its graph page. Shown as a summary on the
 * build page and in full at {@code .../mlops/}; REST at {@code .../mlops/api/json}.
 */
public final class MlLineageAction implements RunAction2 {

    static final String DIR = "mlops";
    static final String LINEAGE = "lineage.json";
    static final String GRAPH = "lineage.html";

    /** One step, as build.xml keeps it. */
    public static final class StepRecord {
        private final String command;
        private final String status;
        private final int exitCode;
        private final String headline;
        private final String resultFile;
        private final LinkedHashMap<String, String> facts;
        private final LinkedHashMap<String, Double> metrics;

        StepRecord(String command, String status, int exitCode, String headline, String resultFile,
                   Map<String, String> facts, Map<String, Double> metrics) {
            this.command = command;
            this.status = status;
            this.exitCode = exitCode;
            this.headline = headline;
            this.resultFile = resultFile;
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

    /**
     * Adds a step's result to the build: the action if it is the first, the result file, and a fresh copy of the
     * workspace's lineage record and graph (each step extends them).
     */
    public static void record(Run<?, ?> run, FilePath workspace, EngineResult result, String headline,
                              Map<String, String> facts) throws IOException, InterruptedException {
        MlLineageAction action;
        synchronized (MlLineageAction.class) {
            action = run.getAction(MlLineageAction.class);
            if (action == null) {
                action = new MlLineageAction();
                run.addAction(action);
            }
        }
        File dir = new File(run.getRootDir(), DIR);
        File results = new File(dir, "results");
        Files.createDirectories(results.toPath());
        synchronized (action) {
            String file = null;
            if (result.json() != null) {
                file = String.format(Locale.ROOT, "%02d-%s.json", action.steps.size() + 1, result.command());
                Files.writeString(new File(results, file).toPath(), result.json(), StandardCharsets.UTF_8);
            }
            FilePath lineage = workspace.child(".mlops").child(LINEAGE);
            if (lineage.exists()) {
                lineage.copyTo(new FilePath(new File(dir, LINEAGE)));
            }
            FilePath graph = workspace.child(".mlops").child("reports").child(GRAPH);
            if (graph.exists()) {
                graph.copyTo(new FilePath(new File(dir, GRAPH)));
            }
            action.steps.add(new StepRecord(result.command(), result.status(), result.exitCode(), headline, file,
                    facts, numbers(result.get("metrics"))));
            action.lineageCache = null;
        }
        run.save();
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

    /** The files beside build.xml: results, lineage record and graph page, at {@code .../mlops/files/}. */
    public DirectoryBrowserSupport doFiles() {
        run.checkPermission(Item.READ);
        return new DirectoryBrowserSupport(this, new FilePath(new File(run.getRootDir(), DIR)),
                Messages.MlLineageAction_DisplayName(), "symbol-document-text", true);
    }

    /** REST: {@code .../mlops/api/json}. */
    public hudson.model.Api getApi() {
        run.checkPermission(Item.READ);
        return new hudson.model.Api(new LineageApi(this));
    }
}
