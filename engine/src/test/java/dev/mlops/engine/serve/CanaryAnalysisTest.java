package dev.mlops.engine.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.engine.LogSink;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How a step's prediction divergence is judged when one side has few predictions, on scrapes written as the server
 * writes them: candidate version 2 against stable version 1, at least 20 predictions per side.
 */
class CanaryAnalysisTest {

    private final CanaryController controller = new CanaryController(
            new AdminClient(URI.create("http://127.0.0.1:1"), null),
            new CanaryController.Options("churn", 2, List.of(25, 50, 100), Duration.ofSeconds(1), 0.01, 250, 0.5, 20,
                    Duration.ofMillis(200), Path.of("unused.json"), null), LogSink.NONE);

    /** Counters of one scrape: stable's and the canary's predictions of label 0 and label 1. */
    private static PrometheusText scrape(long stable0, long stable1, long canary0, long canary1) {
        return PrometheusText.parse(String.join("\n",
                "mlops_requests_total{model=\"churn\",version=\"1\",route=\"stable\"} " + (stable0 + stable1),
                "mlops_requests_total{model=\"churn\",version=\"2\",route=\"canary\"} " + (canary0 + canary1),
                "mlops_predictions_total{model=\"churn\",version=\"1\",route=\"stable\",prediction=\"0\"} " + stable0,
                "mlops_predictions_total{model=\"churn\",version=\"1\",route=\"stable\",prediction=\"1\"} " + stable1,
                "mlops_predictions_total{model=\"churn\",version=\"2\",route=\"canary\",prediction=\"0\"} " + canary0,
                "mlops_predictions_total{model=\"churn\",version=\"2\",route=\"canary\",prediction=\"1\"} " + canary1,
                ""));
    }

    private CanaryController.Step judge(PrometheusText rolloutStart, PrometheusText before, PrometheusText after)
            throws Exception {
        return controller.analyse(rolloutStart, before, after, 100, 1, Instant.now());
    }

    @Test
    void atFullWeightAStragglerOnStableIsNotTheReference() throws Exception {
        // Steps 1-2 gave stable 300 predictions (two thirds 0); at 100% it answered one request in flight, a 1.
        PrometheusText start = scrape(0, 0, 0, 0);
        PrometheusText stepThreeStart = scrape(200, 100, 90, 60);
        CanaryController.Step step = judge(start, stepThreeStart, scrape(200, 101, 90 + 600, 60 + 400));

        assertThat(step.passed()).as(step.reason()).isTrue();
        assertThat(step.divergence()).isLessThan(0.1);
        assertThat(step.reason()).contains("vs stable since the rollout began");
    }

    @Test
    void aCanaryUnlikeStableSinceTheRolloutBeganStillFails() throws Exception {
        PrometheusText start = scrape(0, 0, 0, 0);
        PrometheusText stepThreeStart = scrape(200, 100, 90, 60);
        CanaryController.Step step = judge(start, stepThreeStart, scrape(200, 101, 90, 60 + 1000));

        assertThat(step.passed()).isFalse();
        assertThat(step.divergence()).isGreaterThan(0.5);
        assertThat(step.reason()).contains("prediction divergence").contains("vs stable since the rollout began");
    }

    @Test
    void enoughStableTrafficInTheIntervalIsTheReference() throws Exception {
        PrometheusText start = scrape(0, 0, 0, 0);
        // Before the interval stable predicted like the canary; within it, it did not.
        PrometheusText before = scrape(500, 500, 0, 0);
        CanaryController.Step step = judge(start, before, scrape(500 + 100, 500, 0, 100));

        assertThat(step.passed()).isFalse();
        assertThat(step.reason()).contains("(Jensen-Shannon vs stable)");
    }

    @Test
    void withoutEnoughPredictionsOnEitherSideDivergenceIsNotJudged() throws Exception {
        // A rollout straight to 100%: stable never answered enough to compare with; the other checks still judge.
        PrometheusText start = scrape(3, 2, 0, 0);
        CanaryController.Step step = judge(start, start, scrape(3, 2, 0, 50));

        assertThat(step.divergence()).isNull();
        assertThat(step.passed()).as(step.reason()).isTrue();
        assertThat(step.reason()).contains("divergence not judged (50 canary predictions, 0 stable since the "
                + "rollout began)");
    }
}
