package dev.mlops.jenkins.webhook;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import dev.mlops.jenkins.config.MlopsConfiguration;
import hudson.model.ParametersAction;
import hudson.util.Secret;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The webhook over real HTTP: signed events start matching jobs; anything else gets 403 and starts nothing. */
@WithJenkins
class MlopsWebhookITest {

    private static final String SECRET = "hook-secret";
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private int post(JenkinsRule j, byte[] body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(j.getURL() + "mlops-webhook/"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static WorkflowJob triggered(JenkinsRule j, String name, MlopsEventTrigger trigger) throws Exception {
        WorkflowJob job = j.createProject(WorkflowJob.class, name);
        job.setDefinition(new CpsFlowDefinition("echo \"event ${env.MLOPS_EVENT} version ${env.MLOPS_VERSION}\"",
                true));
        job.addTrigger(trigger);
        return job;
    }

    @Test
    void signedEventsStartMatchingJobsAndNothingElseDoes(JenkinsRule j) throws Exception {
        SystemCredentialsProvider.getInstance().getCredentials().add(new StringCredentialsImpl(
                CredentialsScope.GLOBAL, "webhook", "mlops webhook", Secret.fromString(SECRET)));
        MlopsConfiguration.get().setWebhookCredentialsId("webhook");
        MlopsEventTrigger onChurn = new MlopsEventTrigger("model_version.created");
        onChurn.setModelName("churn");
        WorkflowJob deploy = triggered(j, "deploy-churn", onChurn);
        WorkflowJob other = triggered(j, "deploy-other", new MlopsEventTrigger("model_version_alias.*"));

        long now = Instant.now().getEpochSecond();
        byte[] created = ("{\"entity\":\"model_version\",\"action\":\"created\",\"timestamp\":\"t\","
                + "\"data\":{\"name\":\"churn\",\"version\":\"7\",\"source\":\"models:/1\"}}")
                .getBytes(StandardCharsets.UTF_8);
        Map<String, String> signed = WebhookSignaturesTest.mlflow(SECRET, "delivery-1", now, created);
        assertThat(post(j, created, signed), is(202));
        j.waitUntilNoActivity();
        WorkflowRun run = deploy.getBuildByNumber(1);
        assertThat(run, notNullValue());
        assertThat(run.getCause(MlopsEventCause.class).getEventType(), is("model_version.created"));
        assertThat(run.getAction(ParametersAction.class).getParameter("MLOPS_VERSION").getValue(), is("7"));
        j.assertLogContains("event model_version.created version 7", run);
        assertThat("its trigger does not match", other.getBuilds(), empty());

        assertThat("replayed", post(j, created, signed), is(403));
        assertThat("badly signed", post(j, created, WebhookSignaturesTest.mlflow("wrong", "delivery-2", now,
                created)), is(403));
        assertThat("stale", post(j, created, WebhookSignaturesTest.mlflow(SECRET, "delivery-3", now - 3600,
                created)), is(403));
        assertThat("unsigned", post(j, created, Map.of()), is(403));
        for (String malformed : new String[] {"not json", "[1, 2]", "{\"data\": ", ""}) {
            byte[] body = malformed.getBytes(StandardCharsets.UTF_8);
            assertThat("signed but malformed: " + malformed, post(j, body, WebhookSignaturesTest.mlops(SECRET, now,
                    body)), is(400));
        }
        j.waitUntilNoActivity();
        assertThat(deploy.getBuilds(), hasSize(1));

        byte[] drift = "{\"event\":\"drift\",\"model\":\"nobody-has-this\"}".getBytes(StandardCharsets.UTF_8);
        assertThat("accepted, though no job matches: the answer reveals nothing",
                post(j, drift, WebhookSignaturesTest.mlops(SECRET, now, drift)), is(202));
        j.waitUntilNoActivity();
        assertThat(deploy.getBuilds(), hasSize(1));
        assertThat(other.getBuilds(), empty());
    }

    @Test
    void withoutAConfiguredSecretEveryCallIsRefused(JenkinsRule j) throws Exception {
        WorkflowJob job = triggered(j, "any", new MlopsEventTrigger("*"));
        byte[] body = "{\"event\":\"data.arrived\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(post(j, body, WebhookSignaturesTest.mlops(SECRET, Instant.now().getEpochSecond(), body)), is(403));
        j.waitUntilNoActivity();
        assertThat(job.getBuilds(), empty());
    }
}
