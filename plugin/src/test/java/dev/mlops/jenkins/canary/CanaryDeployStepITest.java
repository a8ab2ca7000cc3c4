package dev.mlops.jenkins.canary;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import dev.mlops.jenkins.TestData;
import dev.mlops.jenkins.engine.EngineJar;
import dev.mlops.jenkins.lineage.MlLineageAction;
import hudson.model.Result;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * canaryDeploy against a real model server ({@code mlops serve} from the shipped jar, in its own process) under
 * load: a promotion, and an aborted build that leaves all traffic on stable.
 */
@WithJenkins
class CanaryDeployStepITest {

    private static final String ROW = "{\"age\":40,\"tenure_months\":12,\"plan\":\"pro\",\"monthly_charges\":55,"
            + "\"support_calls\":1,\"region\":\"north\",\"signup_date\":\"2024-01-01\",\"customer_id\":\"C1\"}";

    @TempDir
    Path dir;
    private Process server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.destroy();
        }
    }

    /** Registers versions 1 (production) and 2 of churn in a file registry, through the steps themselves. */
    private String registry(JenkinsRule j) throws Exception {
        String registry = "file:" + dir.resolve("registry");
        WorkflowJob job = j.createProject(WorkflowJob.class, "register-two");
        job.setDefinition(new CpsFlowDefinition("node {\n"
                + "  def a = trainModel data: 'data/train.csv', target: 'churned', algorithm: 'logistic', seed: 1,"
                + " out: 'v1.zip'\n"
                + "  registerModel model: a.path, name: 'churn', alias: 'production', registry: '" + registry + "'\n"
                + "  def b = trainModel data: 'data/train.csv', target: 'churned', algorithm: 'logistic', seed: 2,"
                + " out: 'v2.zip'\n"
                + "  registerModel model: b.path, name: 'churn', registry: '" + registry + "'\n}", true));
        TestData.copyInto(j.jenkins.getWorkspaceFor(job));
        j.buildAndAssertSuccess(job);
        return registry;
    }

    /** Starts {@code mlops serve} on a free port and returns its URL. */
    private String serve(String registry) throws Exception {
        Path jar = Path.of(EngineJar.class.getResource("mlops.jar").toURI());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        server = new ProcessBuilder(java, "-jar", jar.toString(), "serve", "--model", "churn@production",
                "--registry", registry, "--port", "0").redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(),
                StandardCharsets.UTF_8));
        Pattern serving = Pattern.compile("serving churn version \\d+ on (http://\\S+)");
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            Matcher m = serving.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
                drain.setDaemon(true);
                drain.start();
                return m.group(1);
            }
        }
        throw new AssertionError("mlops serve exited with " + server.waitFor());
    }

    private JSONObject status(String url) throws Exception {
        return JSONObject.fromObject(http.send(HttpRequest.newBuilder(URI.create(url + "/admin/status")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    /** Keyed single-row requests until closed; counts answers that were not 200. */
    private final class Load implements AutoCloseable {
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong failed = new AtomicLong();
        final Thread thread;

        Load(String url) {
            thread = new Thread(() -> {
                for (int i = 0; running.get(); i++) {
                    try {
                        int code = http.send(HttpRequest.newBuilder(URI.create(url + "/v1/models/churn/predict"))
                                .header("X-Mlops-Key", "k" + i).POST(HttpRequest.BodyPublishers.ofString(ROW))
                                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                        if (code != 200) {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            });
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }

    @Test
    void promotesUnderLoadAndAnAbortedBuildRollsBack(JenkinsRule j) throws Exception {
        String registry = registry(j);
        String url = serve(registry);
        WorkflowJob deploy = j.createProject(WorkflowJob.class, "deploy-churn");
        deploy.setDefinition(new CpsFlowDefinition("node {\n"
                + "  def d = canaryDeploy model: 'churn', version: 2, server: '" + url + "', steps: [50, 100],"
                + " interval: '1s', rollbackOn: [errorRate: 0.01, p99Ms: 1000, predictionDivergence: 1.0],"
                + " registry: '" + registry + "'\n"
                + "  echo \"phase=${d.phase} stable=${d.stableVersion}\"\n}", true));
        try (Load load = new Load(url)) {
            WorkflowRun promoted = j.buildAndAssertSuccess(deploy);
            j.assertLogContains("phase=promoted stable=2", promoted);
            assertThat(load.failed.get(), is(0L));
        }
        assertThat(status(url).getJSONObject("stable").getInt("version"), is(2));
        // The rollout's job shows churn's delivery: v1 made production at registration, v2 by this canary.
        JSONObject delivered = j.getJSON("job/deploy-churn/mlops-delivery/api/json").getJSONObject()
                .getJSONArray("models").getJSONObject(0);
        assertThat(delivered.getString("name"), is("churn"));
        assertThat(delivered.getInt("deployments"), is(2));
        assertThat(delivered.getInt("failures"), is(0));

        WorkflowJob slow = j.createProject(WorkflowJob.class, "slow-rollout");
        slow.setDefinition(new CpsFlowDefinition("node {\n"
                + "  canaryDeploy model: 'churn', version: 1, server: '" + url + "', steps: [50, 100],"
                + " interval: '10m', registry: '" + registry + "'\n}", true));
        try (Load load = new Load(url)) {
            WorkflowRun run = slow.scheduleBuild2(0).waitForStart();
            j.waitForMessage("step 1/2", run);
            assertThat(status(url).getInt("weight"), is(50));
            run.doStop();
            j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(run));
            assertThat(load.failed.get(), is(0L));
        }
        // The rollback is done, logged and recorded before the aborted build ends: no waiting for it.
        JSONObject after = status(url);
        assertThat(after.getJSONObject("stable").getInt("version"), is(2));
        assertThat("all traffic back on stable", after.getInt("weight"), is(0));
        WorkflowRun aborted = slow.getLastBuild();
        j.assertLogContains("Build aborted during the rollout of churn v1: rolling back", aborted);
        j.assertLogContains("Rolled back churn: all traffic is on stable", aborted);
        MlLineageAction lineage = aborted.getAction(MlLineageAction.class);
        MlLineageAction.StepRecord rollback = lineage.getSteps().get(lineage.getSteps().size() - 1);
        assertThat(rollback.getCommand(), is("deploy"));
        assertThat(rollback.getHeadline(), containsString("aborted: the Jenkins build was aborted"));
        assertThat(lineage.getLineageSteps().get(lineage.getLineageSteps().size() - 1).get("outputs"),
                containsString("\"phase\":\"aborted\""));
        Path state = Path.of(j.jenkins.getWorkspaceFor(slow).child(".mlops/deploy-churn.json").getRemote());
        assertThat(java.nio.file.Files.readString(state), containsString("\"aborted\""));
        // The aborted rollout is a failed attempt in slow-rollout's figures for churn.
        JSONObject afterAbort = j.getJSON("job/slow-rollout/mlops-delivery/api/json").getJSONObject()
                .getJSONArray("models").getJSONObject(0);
        assertThat(afterAbort.getInt("failures"), is(1));
    }
}
