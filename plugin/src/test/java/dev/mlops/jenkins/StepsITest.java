package dev.mlops.jenkins;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import dev.mlops.jenkins.config.MlopsConfiguration;
import dev.mlops.jenkins.engine.EngineJar;
import dev.mlops.jenkins.evaluate.EvaluateGateStep;
import dev.mlops.jenkins.lineage.MlLineageAction;
import dev.mlops.jenkins.monitor.MonitorDriftStep;
import dev.mlops.jenkins.register.RegisterModelStep;
import dev.mlops.jenkins.train.TrainModelStep;
import dev.mlops.jenkins.validate.ValidateDataStep;
import hudson.model.Item;
import hudson.model.Result;
import hudson.slaves.DumbSlave;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.Jenkins;
import net.sf.json.JSONArray;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.structs.describable.DescribableModel;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.cps.Snippetizer;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The steps in sandboxed Pipelines, against the real engine jar this plugin ships, on a real agent. */
@WithJenkins
class StepsITest {

    @RegisterExtension
    static BuildWatcherExtension buildWatcher = new BuildWatcherExtension();

    @Test
    void theTrainingLoopRunsOnAnAgentAndRecordsItsLineage(JenkinsRule j) throws Exception {
        DumbSlave agent = j.createOnlineSlave();
        WorkflowJob job = j.createProject(WorkflowJob.class, "train-churn");
        job.setDefinition(new CpsFlowDefinition("node('" + agent.getNodeName() + "') {\n"
                + "  def v = validateData data: 'data/train.csv', schema: 'data/churn.schema.yaml'\n"
                + "  def m = trainModel data: 'data/train.csv', target: 'churned', algorithm: 'logistic', seed: 42\n"
                + "  def g = evaluateGate model: m.path, holdout: 'data/holdout.csv', thresholds: [auc: 0.6],"
                + " compareTo: 'churn@production'\n"
                + "  def r = registerModel model: m.path, name: 'churn', alias: 'production'\n"
                + "  echo \"valid=${v.valid} rows=${v.rows} passed=${g.passed} version=${r.version}\"\n"
                + "}", true));
        TestData.copyInto(agent.getWorkspaceFor(job));
        WorkflowRun first = j.buildAndAssertSuccess(job);
        j.assertLogContains("valid=true rows=4000 passed=true version=1", first);
        j.assertLogContains("copying the engine", first);
        assertThat("engine cached on the agent by its SHA-256", agent.getRootPath().child("mlops-engine")
                .child(EngineJar.sha256()).child("mlops.jar").exists(), is(true));

        MlLineageAction lineage = first.getAction(MlLineageAction.class);
        assertThat(lineage.getSteps().stream().map(MlLineageAction.StepRecord::getCommand).toList(),
                contains("validate", "train", "evaluate", "register"));
        assertThat(lineage.getTrendMetrics(), hasKey("auc"));
        JSONObject api = j.getJSON("job/train-churn/1/mlops/api/json?depth=1").getJSONObject();
        List<String> commands = new ArrayList<>();
        for (Object s : api.getJSONArray("steps")) {
            commands.add(((JSONObject) s).getString("command"));
        }
        assertThat(commands, contains("validate", "train", "evaluate", "register"));
        JSONArray datasets = api.getJSONArray("datasets");
        assertThat(datasets.toString(), allOf(containsString(TestData.sha256("train.csv")),
                containsString(TestData.sha256("holdout.csv"))));

        WorkflowRun second = j.buildAndAssertSuccess(job);
        j.assertLogNotContains("copying the engine", second);
        j.assertLogContains("version=2", second);
        assertThat(java.nio.file.Files.exists(second.getRootDir().toPath().resolve("mlops/lineage.json")), is(true));
        String buildXml = java.nio.file.Files.readString(first.getRootDir().toPath().resolve("build.xml"));
        assertThat("bulk data stays out of build.xml", buildXml, allOf(not(containsString("\"steps\"")),
                not(containsString("curves"))));

        // The job's ML delivery section: two promotions to production (v1, then v2), both gated, none failed.
        JSONObject delivery = j.getJSON("job/train-churn/mlops-delivery/api/json").getJSONObject();
        JSONObject churn = delivery.getJSONArray("models").getJSONObject(0);
        assertThat(churn.getString("name"), is("churn"));
        assertThat(churn.getInt("deployments"), is(2));
        assertThat(churn.getInt("attempts"), is(2));
        assertThat(churn.getDouble("changeFailureRate"), is(0.0));
        assertThat(churn.getInt("build"), is(2));
        assertThat(churn.getString("reportUrl"), is("job/train-churn/2/mlops/files/delivery/churn.html"));
        JenkinsRule.WebClient web = j.createWebClient();
        web.getOptions().setJavaScriptEnabled(false);
        String jobPage = web.getPage(job).getWebResponse().getContentAsString();
        assertThat(jobPage, allOf(containsString("ML delivery"), containsString("mlops/files/delivery/churn.html"),
                containsString("(0 / 2)"), containsString("Lead time median in hours")));
        assertThat(web.goTo(churn.getString("reportUrl")).getWebResponse().getContentAsString(),
                containsString("<h1>ML delivery</h1>"));
        assertThat(web.goTo("job/train-churn/2/mlops/").getWebResponse().getContentAsString(),
                allOf(containsString("Engine and runtime"), containsString("duckdb"), containsString("xgboost")));
    }

    @Test
    void invalidDataFailsTheBuildOrIsReturned(JenkinsRule j) throws Exception {
        WorkflowJob failing = TestData.pipeline(j, "validate-fails", "node {\n"
                + "  validateData data: 'data/current.csv', schema: 'data/churn.schema.yaml'\n"
                + "  echo 'not reached'\n}");
        WorkflowRun run = j.assertBuildStatus(Result.FAILURE, failing.scheduleBuild2(0));
        j.assertLogContains("enterprise", run);
        j.assertLogContains("mlops validate", run);
        j.assertLogNotContains("not reached", run);

        WorkflowJob returning = TestData.pipeline(j, "validate-returns", "node {\n"
                + "  def v = validateData data: 'data/current.csv', schema: 'data/churn.schema.yaml',"
                + " failBuild: false\n"
                + "  echo \"valid=${v.valid} errors=${v.errors}\"\n}");
        WorkflowRun returned = j.buildAndAssertSuccess(returning);
        j.assertLogContains("valid=false", returned);
    }

    @Test
    void aFailedGateFailsTheBuildWithTheFailedCheck(JenkinsRule j) throws Exception {
        WorkflowJob job = TestData.pipeline(j, "gate", "node {\n"
                + "  def m = trainModel data: 'data/train.csv', target: 'churned', algorithm: 'logistic', seed: 1\n"
                + "  evaluateGate model: m.path, holdout: 'data/holdout.csv', thresholds: [auc: 0.99]\n}");
        WorkflowRun run = j.assertBuildStatus(Result.FAILURE, job.scheduleBuild2(0));
        j.assertLogContains("gate failed", run);
        j.assertLogContains("auc", run);
    }

    @Test
    void badArgumentsFailWithTheEnginesMessage(JenkinsRule j) throws Exception {
        WorkflowJob job = TestData.pipeline(j, "missing", "node {\n"
                + "  trainModel data: 'data/none.csv', target: 'churned', algorithm: 'logistic', seed: 1\n}");
        WorkflowRun run = j.assertBuildStatus(Result.FAILURE, job.scheduleBuild2(0));
        j.assertLogContains("could not run (exit 3)", run);
        j.assertLogContains("none.csv", run);
    }

    @Test
    void theEngineRunsWithTheParallelCollectorUnlessOneIsChosen(JenkinsRule j) throws Exception {
        MlopsConfiguration config = MlopsConfiguration.get();
        config.setJvmOptions("-Xlog:gc");
        WorkflowJob job = TestData.pipeline(j, "collector", "node {\n"
                + "  validateData data: 'data/train.csv', schema: 'data/churn.schema.yaml'\n"
                + "  withEnv(['JAVA_TOOL_OPTIONS=-XX:+UseSerialGC']) {\n"
                + "    validateData data: 'data/train.csv', schema: 'data/churn.schema.yaml'\n"
                + "  }\n}");
        WorkflowRun run = j.buildAndAssertSuccess(job);
        j.assertLogContains("Using Parallel", run);
        // Two collectors would stop the JVM before the engine starts.
        j.assertLogContains("Using Serial", run);
        j.assertLogNotContains("Multiple garbage collectors selected", run);

        config.setJvmOptions("-Xlog:gc -XX:+UseG1GC");
        WorkflowRun chosen = j.buildAndAssertSuccess(TestData.pipeline(j, "collector-configured", "node {\n"
                + "  validateData data: 'data/train.csv', schema: 'data/churn.schema.yaml'\n}"));
        j.assertLogContains("Using G1", chosen);
        j.assertLogNotContains("Using Parallel", chosen);
    }

    @Test
    void lineagePagesNeedReadPermission(JenkinsRule j) throws Exception {
        WorkflowJob job = TestData.pipeline(j, "secret-model", "node {\n"
                + "  validateData data: 'data/train.csv', schema: 'data/churn.schema.yaml'\n}");
        j.buildAndAssertSuccess(job);
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ).everywhere().toEveryone()
                .grant(Item.READ).everywhere().to("alice"));
        // Without Item.READ the job itself is hidden: core answers its own 404 page before the plugin is reached.
        JenkinsRule.WebClient anonymous = j.createWebClient().withJavaScriptEnabled(false)
                .withThrowExceptionOnFailingStatusCode(false);
        var denied = anonymous.goTo("job/secret-model/1/mlops/api/json", null).getWebResponse();
        assertThat(denied.getStatusCode(), is(404));
        assertThat(denied.getContentAsString(), not(containsString(TestData.sha256("train.csv"))));
        JenkinsRule.WebClient alice = j.createWebClient().withJavaScriptEnabled(false).login("alice");
        assertThat(alice.goTo("job/secret-model/1/mlops/api/json", "application/json").getWebResponse()
                .getContentAsString(), containsString("\"validate\""));
        assertThat(alice.goTo("job/secret-model/1/mlops/").getWebResponse().getContentAsString(),
                containsString(TestData.sha256("train.csv")));
    }

    /**
     * Each step's arguments survive what the Snippet Generator does with them (uninstantiate to a snippet, and the
     * snippet back to a step), without the browser JavaScript a form round trip needs.
     */
    @Test
    void configurationRoundTrips(JenkinsRule j) throws Exception {
        ValidateDataStep validate = new ValidateDataStep("data/train.csv", "schema.yaml");
        validate.setFailOn("warning");
        validate.setFailBuild(false);
        ValidateDataStep v2 = roundTrip(validate, "validateData data: 'data/train.csv', failBuild: false, "
                + "failOn: 'warning', schema: 'schema.yaml'");
        assertThat(v2.getData(), is("data/train.csv"));
        assertThat(v2.getFailOn(), is("warning"));
        assertThat(v2.isFailBuild(), is(false));

        TrainModelStep train = new TrainModelStep("d.csv", "y", "xgboost", 7);
        train.setFolds(3);
        TrainModelStep t2 = roundTrip(train, "trainModel algorithm: 'xgboost', data: 'd.csv', folds: 3, seed: 7, "
                + "target: 'y'");
        assertThat(t2.getSeed(), is(7L));
        assertThat(t2.getFolds(), is(3));
        assertThat(t2.getOut(), is(TrainModelStep.DEFAULT_OUT));

        EvaluateGateStep gate = new EvaluateGateStep("m.zip", "h.csv");
        gate.setCompareTo("churn@production");
        assertThat(roundTrip(gate, "evaluateGate compareTo: 'churn@production', holdout: 'h.csv', model: 'm.zip'")
                .getCompareTo(), is("churn@production"));

        RegisterModelStep register = new RegisterModelStep("m.zip", "churn");
        register.setAlias("candidate");
        assertThat(roundTrip(register, "registerModel alias: 'candidate', model: 'm.zip', name: 'churn'").getAlias(),
                is("candidate"));

        MonitorDriftStep monitor = new MonitorDriftStep("requests/*.jsonl");
        monitor.setModel("churn@production");
        MonitorDriftStep m2 = roundTrip(monitor, "monitorDrift current: 'requests/*.jsonl', model: 'churn@production'");
        assertThat(m2.getModel(), is("churn@production"));
        assertThat(m2.isFailBuild(), is(false));
    }

    private static <S extends Step> S roundTrip(S step, String snippet) {
        assertThat(Snippetizer.object2Groovy(step), is(snippet));
        @SuppressWarnings("unchecked")
        Class<S> type = (Class<S>) step.getClass();
        return DescribableModel.of(type).instantiate(DescribableModel.uninstantiate2_(step).toMap());
    }
}
