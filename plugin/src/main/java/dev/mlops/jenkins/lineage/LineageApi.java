package dev.mlops.jenkins.lineage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/** The REST view of a build's lineage ({@code .../mlops/api/json}), separate from what build.xml stores. */
@ExportedBean
public final class LineageApi {

    private final MlLineageAction action;

    LineageApi(MlLineageAction action) {
        this.action = action;
    }

    @Exported
    public String getRunId() {
        return action.getRunId();
    }

    @Exported
    public Map<String, String> getGit() {
        return action.getGit();
    }

    @Exported
    public List<Map<String, String>> getDatasets() {
        return action.getDatasets();
    }

    @Exported
    public List<StepApi> getSteps() {
        List<StepApi> out = new ArrayList<>();
        for (MlLineageAction.StepRecord s : action.getSteps()) {
            out.add(new StepApi(s));
        }
        return out;
    }

    /** One step in the REST view. */
    @ExportedBean(defaultVisibility = 2)
    public static final class StepApi {
        private final MlLineageAction.StepRecord step;

        StepApi(MlLineageAction.StepRecord step) {
            this.step = step;
        }

        @Exported
        public String getCommand() {
            return step.getCommand();
        }

        @Exported
        public String getStatus() {
            return step.getStatus();
        }

        @Exported
        public int getExitCode() {
            return step.getExitCode();
        }

        @Exported
        public String getHeadline() {
            return step.getHeadline();
        }

        @Exported
        public Map<String, String> getFacts() {
            return step.getFacts();
        }

        @Exported
        public Map<String, Double> getMetrics() {
            return step.getMetrics();
        }

        /** The step's HTML report, relative to the lineage page: {@code files/reports/NN-command.html}. */
        @Exported
        public String getReport() {
            return step.getReportPath();
        }

        /** The full JSON result, relative to the lineage page: {@code files/results/NN-command.json}. */
        @Exported
        public String getResult() {
            return step.getResultFile() == null ? null : "files/results/" + step.getResultFile();
        }
    }
}
