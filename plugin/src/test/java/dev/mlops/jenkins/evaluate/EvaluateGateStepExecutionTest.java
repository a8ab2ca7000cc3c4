package dev.mlops.jenkins.evaluate;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.api.Test;

/** How {@code thresholds: [...]} become the CLI's bounds. */
class EvaluateGateStepExecutionTest {

    @Test
    void numbersAreMinimaExceptForErrorMetricsAndComparisonsAreKept() {
        assertThat(EvaluateGateStepExecution.threshold("auc", 0.85), is("auc>=0.85"));
        assertThat(EvaluateGateStepExecution.threshold("rmse", 4), is("rmse<=4"));
        assertThat(EvaluateGateStepExecution.threshold("logloss", "0.5"), is("logloss<=0.5"));
        assertThat(EvaluateGateStepExecution.threshold("r2", "<0.99"), is("r2<0.99"));
        assertThat(EvaluateGateStepExecution.threshold("f1", " >= 0.6"), is("f1>=0.6"));
    }
}
