package dev.mlops.engine.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.engine.metrics.Metric;
import org.junit.jupiter.api.Test;

class ThresholdTest {

    @Test
    void thresholdsParseAndHold() {
        Threshold t = Threshold.parse("AUC >= 0.85");
        assertThat(t.metric()).isEqualTo(Metric.AUC);
        assertThat(t.holds(0.85)).isTrue();
        assertThat(t.holds(0.84)).isFalse();
        assertThat(Threshold.parse("logloss<0.4").holds(0.4)).isFalse();
        assertThatThrownBy(() -> Threshold.parse("auc=0.8")).hasMessageContaining("expected METRIC>=VALUE");
        assertThatThrownBy(() -> Threshold.parse("roc>=0.8")).hasMessageContaining("unknown metric 'roc'");
        assertThat(Metric.LOG_LOSS.improvement(0.3, 0.4)).isCloseTo(0.1, within(1e-12));
        assertThat(Metric.AUC.improvement(0.8, 0.85)).isCloseTo(-0.05, within(1e-12));
    }
}
