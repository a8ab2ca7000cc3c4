package dev.mlops.jenkins.delivery;

import dev.mlops.jenkins.lineage.MlLineageAction;
import hudson.FilePath;
import hudson.model.Action;
import hudson.model.Api;
import hudson.model.Item;
import hudson.model.Job;
import hudson.model.Run;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import net.sf.json.JSONException;
import net.sf.json.JSONObject;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * The job's "ML delivery" section ({@code jobMain.jelly}) and REST ({@code .../mlops-delivery/api/json}): per model,
 * the figures the newest of the last {@value #BUILDS} completed builds computed for it. The figures live in files
 * beside each build's build.xml ({@code mlops/delivery/MODEL.json} and its HTML page), written by {@link #store}.
 */
@ExportedBean
public final class MlDeliveryAction implements Action {

    static final int BUILDS = 50;
    /** Under the build's {@code mlops/} directory, which the lineage action serves at {@code mlops/files/}. */
    static final String DIR = "delivery";
    /** Registry model names are checked by the engine; this keeps any other name (a path) out of file names. */
    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    private final Job<?, ?> job;

    MlDeliveryAction(Job<?, ?> job) {
        this.job = job;
    }

    public Job<?, ?> getJob() {
        return job;
    }

    @Override
    public String getIconFileName() {
        return null; // a section of the job page, not a link in its side panel
    }

    @Override
    public String getDisplayName() {
        return Messages.MlDeliveryAction_DisplayName();
    }

    @Override
    public String getUrlName() {
        return "mlops-delivery";
    }

    public Api getApi() {
        job.checkPermission(Item.READ);
        return new Api(this);
    }

    /** The newest figures of each model, by name. */
    @Exported(inline = true)
    public List<ModelDelivery> getModels() {
        Map<String, ModelDelivery> found = new LinkedHashMap<>();
        Run<?, ?> run = job.getLastCompletedBuild();
        for (int seen = 0; run != null && seen < BUILDS; seen++, run = run.getPreviousCompletedBuild()) {
            File[] files = directory(run).listFiles((d, name) -> name.endsWith(".json"));
            if (files == null) {
                continue;
            }
            Arrays.sort(files);
            for (File f : files) {
                String model = f.getName().substring(0, f.getName().length() - ".json".length());
                if (!found.containsKey(model)) {
                    JSONObject result = read(f);
                    if (result != null) {
                        found.put(model, new ModelDelivery(model, run, result));
                    }
                }
            }
        }
        return new ArrayList<>(found.values());
    }

    /** A figure for the section: two decimals, or nothing when there is no figure. */
    public String decimal(Double value) {
        return value == null ? "" : String.format(Locale.ROOT, "%.2f", value);
    }

    /** A rate for the section, in percent, or nothing when there were no attempts. */
    public String percent(Double rate) {
        return rate == null ? "" : String.format(Locale.ROOT, "%.0f%%", rate * 100);
    }

    /** Whether any of the job's recent builds computed delivery figures. */
    static boolean hasDelivery(Job<?, ?> job) {
        Run<?, ?> run = job.getLastCompletedBuild();
        for (int seen = 0; run != null && seen < BUILDS; seen++, run = run.getPreviousCompletedBuild()) {
            String[] names = directory(run).list();
            if (names != null && names.length > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Keeps a model's {@code mlops delivery} result and HTML page (from the workspace) with the build. A name that
     * could not be a registry model's is ignored.
     */
    public static void store(Run<?, ?> run, String model, String resultJson, FilePath page)
            throws IOException, InterruptedException {
        if (!MODEL_NAME.matcher(model).matches()) {
            return;
        }
        File dir = directory(run);
        Files.createDirectories(dir.toPath());
        Files.writeString(new File(dir, model + ".json").toPath(), resultJson, StandardCharsets.UTF_8);
        if (page != null && page.exists()) {
            MlLineageAction.copyPage(page, dir, model + ".html");
        }
    }

    private static File directory(Run<?, ?> run) {
        return new File(new File(run.getRootDir(), MlLineageAction.DIR), DIR);
    }

    private static JSONObject read(File file) {
        try {
            return JSONObject.fromObject(Files.readString(file.toPath(), StandardCharsets.UTF_8));
        } catch (IOException | JSONException e) {
            return null; // a damaged file hides that build's figures, not the section
        }
    }

    /** One model's figures in the section and in REST. */
    @ExportedBean(defaultVisibility = 2)
    public static final class ModelDelivery {
        private final String name;
        private final Run<?, ?> run;
        private final JSONObject overall;
        private final JSONObject result;

        ModelDelivery(String name, Run<?, ?> run, JSONObject result) {
            this.name = name;
            this.run = run;
            this.result = result;
            JSONObject figures = result.optJSONObject("overall");
            this.overall = figures != null ? figures : new JSONObject();
        }

        @Exported
        public String getName() {
            return name;
        }

        /** The build that computed these figures. */
        @Exported
        public int getBuild() {
            return run.getNumber();
        }

        @Exported
        public String getSince() {
            return result.optString("since", null);
        }

        @Exported
        public String getUntil() {
            return result.optString("until", null);
        }

        @Exported
        public int getDeployments() {
            return overall.optInt("promotions");
        }

        @Exported
        public Double getDeploymentsPerWeek() {
            return number(overall, "perWeek");
        }

        @Exported
        public Double getLeadTimeMedianHours() {
            return number(overall.optJSONObject("leadTimeHours"), "median");
        }

        @Exported
        public Double getLeadTimeP90Hours() {
            return number(overall.optJSONObject("leadTimeHours"), "p90");
        }

        @Exported
        public int getAttempts() {
            return overall.optInt("attempts");
        }

        @Exported
        public int getFailures() {
            return overall.optInt("failures");
        }

        @Exported
        public Double getChangeFailureRate() {
            return number(overall, "changeFailureRate");
        }

        @Exported
        public Double getRecoveryMedianHours() {
            return number(overall.optJSONObject("recoveryHours"), "median");
        }

        @Exported
        public Double getRecoveryWorstHours() {
            return number(overall.optJSONObject("recoveryHours"), "worst");
        }

        @Exported
        public int getOpenDrifts() {
            return overall.optInt("openDrifts");
        }

        /** The figures' page with the weekly trends, relative to Jenkins' root URL; null when none was kept. */
        @Exported
        public String getReportUrl() {
            return new File(directory(run), name + ".html").exists()
                    ? run.getUrl() + MlLineageAction.fileUrl(DIR + "/" + name + ".html") : null;
        }

        private static Double number(JSONObject object, String key) {
            if (object == null || object.isNullObject() || !object.has(key)) {
                return null;
            }
            Object value = object.get(key);
            return value instanceof Number n ? n.doubleValue() : null;
        }
    }
}
