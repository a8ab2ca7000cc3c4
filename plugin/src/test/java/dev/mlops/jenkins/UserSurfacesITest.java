package dev.mlops.jenkins;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import dev.mlops.jenkins.lineage.MlLineageAction;
import dev.mlops.jenkins.lineage.MlTrendAction;
import dev.mlops.jenkins.train.TrainModelStep;
import dev.mlops.jenkins.validate.ValidateDataStep;
import hudson.slaves.DumbSlave;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.json.JSONObject;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.htmlunit.util.NameValuePair;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.cps.Snippetizer;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * What a user opens first, checked as a browser without JavaScript sees it: every form, the snippets the Snippet
 * Generator makes, each build's lineage (one record per build, merged across agents), its files and the job's trend.
 */
@WithJenkins
class UserSurfacesITest {

    /** A render-on-demand step form on the Snippet Generator page: proxy URL, crumb, step class. */
    private static final Pattern STEP_FORM = Pattern.compile("data-proxy-url=\"([^\"]+)\" data-proxy-crumb=\"([^\"]+)\""
            + " data-proxy-url-names=\"render\"></div><div style=\"display:none\" class=\"tr\"><div><input"
            + " name=\"stapler-class\" type=\"hidden\" value=\"(dev\\.mlops\\.[^\"]+)\"");

    @Test
    void everyFormRendersWithoutJavaScript(JenkinsRule j) throws Exception {
        j.createProject(WorkflowJob.class, "p");
        JenkinsRule.WebClient browser = j.createWebClient().withJavaScriptEnabled(false);
        String generator = browser.goTo("job/p/" + Snippetizer.ACTION_URL + "/").getWebResponse()
                .getContentAsString();
        List<String> rendered = new ArrayList<>();
        Matcher form = STEP_FORM.matcher(generator);
        while (form.find()) {
            String proxy = form.group(1).replace("&amp;", "&");
            WebRequest render = new WebRequest(new URL(j.getURL(), proxy.substring(j.contextPath.length() + 1)
                    + "/render"), HttpMethod.POST);
            // Stapler checks its own crumb for bound objects, Jenkins its crumb for every POST: the proxy has one for both.
            render.setAdditionalHeader("Crumb", form.group(2));
            render.setAdditionalHeader("Jenkins-Crumb", form.group(2));
            render.setAdditionalHeader("Content-Type", "application/x-stapler-method-invocation;charset=UTF-8");
            render.setRequestBody("[]");
            WebResponse response = browser.getPage(render).getWebResponse();
            assertThat(form.group(3), response.getStatusCode(), is(200));
            assertThat(form.group(3), response.getContentAsString(), containsString("Engine installation"));
            rendered.add(form.group(3).substring(form.group(3).lastIndexOf('.') + 1));
        }
        assertThat(rendered, containsInAnyOrder("ValidateDataStep", "TrainModelStep", "EvaluateGateStep",
                "RegisterModelStep", "CanaryDeployStep", "MonitorDriftStep"));

        assertThat(browser.goTo("manage/configureTools/").getWebResponse().getContentAsString(),
                allOf(containsString("mlops engine"), containsString(">Home<")));
        assertThat(browser.goTo("manage/configure").getWebResponse().getContentAsString(),
                allOf(containsString("Webhook secret"), containsString("Engine JVM options")));
        assertThat(browser.goTo("job/p/configure").getWebResponse().getContentAsString(),
                allOf(containsString("Event type"), containsString("Dataset path")));
    }

    @Test
    void blankOptionalFieldsMeanTheDefaults(JenkinsRule j) throws Exception {
        // And in a Pipeline, blank or null is the default too, never a file named "null".
        WorkflowJob job = TestData.pipeline(j, "blanks", "node {\n"
                + "  def v = validateData data: 'data/train.csv', schema: 'data/churn.schema.yaml', report: null\n"
                + "  def m = trainModel data: 'data/train.csv', target: 'churned', algorithm: 'logistic', seed: 7,"
                + " out: '  ', search: null\n"
                + "  echo \"report=${v.report} path=${m.path}\"\n}");
        // What the Snippet Generator submits for forms whose optional fields were left empty.
        assertThat(snippet(j, job, Map.of("stapler-class", TrainModelStep.class.getName(), "data", "data/train.csv",
                "target", "churned", "algorithm", "logistic", "seed", "7", "out", "", "search", "", "space", "",
                "features", "", "tool", "")),
                is("trainModel algorithm: 'logistic', data: 'data/train.csv', seed: 7, target: 'churned'"));
        assertThat(snippet(j, job, Map.of("stapler-class", ValidateDataStep.class.getName(), "data",
                "data/train.csv", "schema", "data/churn.schema.yaml", "report", " ", "reference", "", "failOn", "")),
                is("validateData data: 'data/train.csv', schema: 'data/churn.schema.yaml'"));

        WorkflowRun run = j.buildAndAssertSuccess(job);
        j.assertLogContains("report=" + ValidateDataStep.DEFAULT_REPORT + " path=" + TrainModelStep.DEFAULT_OUT, run);
        assertThat(j.jenkins.getWorkspaceFor(job).child("null").exists(), is(false));
    }

    private static String snippet(JenkinsRule j, WorkflowJob job, Map<String, String> form) throws Exception {
        JenkinsRule.WebClient browser = j.createWebClient().withJavaScriptEnabled(false);
        WebRequest request = new WebRequest(new URL(j.getURL(), "job/" + job.getName() + "/"
                + Snippetizer.GENERATE_URL), HttpMethod.POST);
        request.setRequestParameters(List.of(new NameValuePair("json", JSONObject.fromObject(form).toString()),
                new NameValuePair(j.jenkins.getCrumbIssuer().getDescriptor().getCrumbRequestField(),
                        j.jenkins.getCrumbIssuer().getCrumb())));
        request.setCharset(StandardCharsets.UTF_8);
        return browser.getPage(request).getWebResponse().getContentAsString().trim();
    }

    @Test
    void eachBuildIsOneRecordMergedFromItsParallelBranchesOnTwoAgents(JenkinsRule j) throws Exception {
        DumbSlave left = j.createOnlineSlave();
        DumbSlave right = j.createOnlineSlave();
        WorkflowJob job = j.createProject(WorkflowJob.class, "branches");
        job.setDefinition(new CpsFlowDefinition("parallel train: {\n"
                + "  node('" + left.getNodeName() + "') {\n"
                + "    validateData data: 'data/train.csv', schema: 'data/churn.schema.yaml'\n"
                + "    trainModel data: 'data/train.csv', target: 'churned', algorithm: 'logistic', seed: 1\n"
                + "  }\n"
                + "}, holdout: {\n"
                + "  node('" + right.getNodeName() + "') {\n"
                + "    validateData data: 'data/holdout.csv', schema: 'data/churn.schema.yaml'\n"
                + "  }\n"
                + "}", true));
        TestData.copyInto(left.getWorkspaceFor(job));
        TestData.copyInto(right.getWorkspaceFor(job));

        for (int build = 1; build <= 2; build++) {
            WorkflowRun run = j.buildAndAssertSuccess(job);
            MlLineageAction action = run.getAction(MlLineageAction.class);
            assertThat(action.getRunId(), is("jenkins:branches#" + build));
            List<String> steps = action.getLineageSteps().stream().map(s -> s.get("command")).toList();
            assertThat("both workspaces' steps, once each", steps, hasSize(3));
            assertThat(steps, containsInAnyOrder("validate", "validate", "train"));
            assertThat(action.getDatasets().stream().map(d -> d.get("path")).filter(p -> p.endsWith(".csv"))
                    .toList(), containsInAnyOrder("data/train.csv", "data/train.csv", "data/holdout.csv"));

            JSONObject api = j.getJSON("job/branches/" + build + "/mlops/api/json").getJSONObject();
            assertThat(api.get("runId"), is("jenkins:branches#" + build));
        }

        JenkinsRule.WebClient browser = j.createWebClient().withJavaScriptEnabled(false);
        for (String page : List.of("mlops/", "mlops/files/", "mlops/files/results/", "mlops/files/reports/",
                "mlops/files/lineage.html")) {
            assertThat(page, browser.goTo("job/branches/2/" + page).getWebResponse().getStatusCode(), is(200));
        }
        // Reports render under Jenkins' Content-Security-Policy: no inline style, the stylesheet served beside them.
        MlLineageAction.StepRecord validate = job.getBuildByNumber(2).getAction(MlLineageAction.class).getSteps()
                .stream().filter(s -> s.getReportFile() != null).findFirst().orElseThrow();
        WebResponse report = browser.goTo("job/branches/2/" + MlLineageAction.reportUrl(validate)).getWebResponse();
        assertThat(report.getResponseHeaderValue("Content-Security-Policy"), containsString("style-src 'self'"));
        assertThat(report.getContentAsString(), allOf(not(containsString("<style")), not(containsString("style=\"")),
                containsString("href=\"mlops-report.css\"")));
        assertThat(browser.goTo("job/branches/2/mlops/files/reports/mlops-report.css", "text/css")
                .getWebResponse().getContentAsString(), containsString(".status"));
    }

    @Test
    void theTrendStaysWhenTheLastBuildRecordedNoLineage(JenkinsRule j) throws Exception {
        WorkflowJob job = TestData.pipeline(j, "trend", "node {\n"
                + "  if (currentBuild.number < 3) {\n"
                + "    trainModel data: 'data/train.csv', target: 'churned', algorithm: 'logistic', seed: 1\n"
                + "  } else {\n"
                + "    echo 'a docs-only change'\n"
                + "  }\n}");
        for (int build = 1; build <= 3; build++) {
            j.buildAndAssertSuccess(job);
        }
        assertThat(job.getLastCompletedBuild().getAction(MlLineageAction.class), is((MlLineageAction) null));
        MlTrendAction trend = job.getAction(MlTrendAction.class);
        assertThat(trend, notNullValue());
        assertThat(trend.isTrendVisible(), is(true));
        JSONObject model = JSONObject.fromObject(trend.getConfigurableBuildTrendModel("{}"));
        assertThat(model.getJSONArray("buildNumbers"), contains(1, 2));
        assertThat(j.createWebClient().withJavaScriptEnabled(false).goTo("job/trend/").getWebResponse()
                .getContentAsString(), containsString("Model metrics"));
    }
}
