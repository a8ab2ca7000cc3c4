package dev.mlops.jenkins.monitor;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import dev.mlops.jenkins.TestData;
import hudson.model.ParametersAction;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The periodic monitor job: drift in the bundled data schedules the retraining job, once per data window. */
@WithJenkins
class MonitorDriftStepITest {

    @RegisterExtension
    static BuildWatcherExtension buildWatcher = new BuildWatcherExtension();

    @Test
    void driftSchedulesTheRetrainingJobOncePerWindow(JenkinsRule j) throws Exception {
        WorkflowJob retrain = j.createProject(WorkflowJob.class, "train-churn");
        retrain.setDefinition(new CpsFlowDefinition("echo \"retraining for ${env.DRIFT_COLUMNS}, ${env.REASON}\"",
                true));
        WorkflowJob monitor = j.createProject(WorkflowJob.class, "monitor-churn");
        monitor.setDefinition(new CpsFlowDefinition("node {\n"
                + "  def d = monitorDrift reference: 'data/train.csv', current: 'data/current.csv',\n"
                + "      onDrift: [job: 'train-churn', parameters: [REASON: 'drift'], quietPeriod: 0]\n"
                + "  echo \"drift=${d.drift} columns=${d.driftedColumns}\"\n}", true));
        TestData.copyInto(j.jenkins.getWorkspaceFor(monitor));

        WorkflowRun first = j.buildAndAssertSuccess(monitor);
        j.assertLogContains("drift=true", first);
        j.assertLogContains("scheduled train-churn", first);
        j.waitUntilNoActivity();
        WorkflowRun retraining = retrain.getBuildByNumber(1);
        assertThat(retraining, notNullValue());
        DriftCause cause = retraining.getCause(DriftCause.class);
        assertThat(cause.getMonitorJob(), is("monitor-churn"));
        assertThat(cause.getMonitorBuild(), is(1));
        assertThat(cause.getDriftedColumns(), hasItems("age", "plan", "monthly_charges"));
        ParametersAction parameters = retraining.getAction(ParametersAction.class);
        assertThat(parameters.getParameter("REASON").getValue(), is("drift"));
        assertThat(String.valueOf(parameters.getParameter("DRIFT_COLUMNS").getValue()), containsString("age"));
        j.assertLogContains("retraining for", retraining);
        assertThat(cause.getReportUrl(), is("job/monitor-churn/1/mlops/files/reports/01-monitor.html"));
        JenkinsRule.WebClient browser = j.createWebClient().withJavaScriptEnabled(false);
        assertThat(browser.goTo(cause.getReportUrl()).getWebResponse().getContentAsString(),
                containsString("Drift monitor"));
        assertThat(browser.getPage(retraining).asNormalizedText(),
                containsString("Started by drift detected in monitor-churn #1"));

        WorkflowRun second = j.buildAndAssertSuccess(monitor);
        j.assertLogContains("already runs for data window", second);
        j.waitUntilNoActivity();
        assertThat(retrain.getBuilds(), hasSize(1));
    }

    @Test
    void noDriftSchedulesNothing(JenkinsRule j) throws Exception {
        WorkflowJob retrain = j.createProject(WorkflowJob.class, "train-churn");
        retrain.setDefinition(new CpsFlowDefinition("echo 'retraining'", true));
        WorkflowJob monitor = j.createProject(WorkflowJob.class, "monitor-stable");
        monitor.setDefinition(new CpsFlowDefinition("node {\n"
                + "  def d = monitorDrift reference: 'data/train.csv', current: 'data/holdout.csv',"
                + " onDrift: [job: 'train-churn']\n"
                + "  echo \"drift=${d.drift}\"\n}", true));
        TestData.copyInto(j.jenkins.getWorkspaceFor(monitor));
        j.assertLogContains("drift=false", j.buildAndAssertSuccess(monitor));
        j.waitUntilNoActivity();
        assertThat(retrain.getBuilds(), empty());
    }
}
