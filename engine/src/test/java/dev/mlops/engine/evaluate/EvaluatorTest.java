package dev.mlops.engine.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.engine.InputException;
import dev.mlops.engine.LogSink;
import dev.mlops.engine.UsageException;
import dev.mlops.engine.data.ReadOptions;
import dev.mlops.engine.metrics.Metric;
import dev.mlops.engine.train.Algorithm;
import dev.mlops.engine.train.ModelTrainer;
import dev.mlops.engine.train.TrainOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluatorTest {

    static final Path TRAIN = Path.of("../examples/data/train.csv");
    static final Path HOLDOUT = Path.of("../examples/data/holdout.csv");
    static final Path CURRENT = Path.of("../examples/data/current.csv");

    @TempDir
    static Path dir;

    static Path logistic;
    static Path stump;

    @BeforeAll
    static void trainModels() throws IOException {
        logistic = dir.resolve("logistic.zip");
        ModelTrainer.train(TRAIN, ReadOptions.DEFAULTS, new TrainOptions("churned", Algorithm.LOGISTIC,
                Map.of("maxIterations", "30"), 42, null, null, null, 0, null), LogSink.NONE).bundle().write(logistic);
        stump = dir.resolve("stump.zip");
        ModelTrainer.train(TRAIN, ReadOptions.DEFAULTS, new TrainOptions("churned", Algorithm.CART,
                Map.of("maxDepth", "1"), 42, null, null, null, 0, null), LogSink.NONE).bundle().write(stump);
    }

    private static EvaluationReport evaluate(Path model, Path data, GateOptions gate) {
        return Evaluator.evaluate(model, data, ReadOptions.DEFAULTS, gate, LogSink.NONE);
    }

    private static GateOptions gate(List<Threshold> thresholds, Path baseline, Map<Metric, Double> minImprovement) {
        return new GateOptions(thresholds, baseline, minImprovement, Map.of(), List.of(), List.of(), 30);
    }

    @Test
    void thresholdsDecideTheVerdict() {
        EvaluationReport pass = evaluate(logistic, HOLDOUT, gate(List.of(Threshold.parse("auc>=0.6")), null,
                Map.of()));
        assertThat(pass.passed()).isTrue();
        assertThat(pass.checks()).singleElement().satisfies(c -> {
            assertThat(c.verdict()).isEqualTo("passed");
            assertThat(c.observed()).isEqualTo(pass.metrics().get("auc"));
        });
        assertThat(pass.curves()).containsKeys("roc", "pr", "calibration");
        assertThat(pass.confusion()).hasDimensions(2, 2);
        EvaluationReport fail = evaluate(logistic, HOLDOUT, gate(List.of(Threshold.parse("auc>=0.99")), null,
                Map.of()));
        assertThat(fail.passed()).isFalse();
        assertThat(fail.checks().get(0).verdict()).isEqualTo("failed");
    }

    @Test
    void firstModelPassesComparisonsWithANote() {
        EvaluationReport r = evaluate(logistic, HOLDOUT, gate(List.of(), null, Map.of(Metric.AUC, 0.0)));
        assertThat(r.passed()).isTrue();
        assertThat(r.checks()).singleElement().satisfies(c -> assertThat(c.verdict()).isEqualTo("skipped"));
        assertThat(r.notes()).contains("no champion yet: comparisons were skipped and the first model passes them");
        assertThat(r.champion()).isNull();
    }

    @Test
    void aWorseChallengerFailsAgainstTheChampion() {
        EvaluationReport r = evaluate(stump, HOLDOUT, gate(List.of(), logistic, Map.of(Metric.AUC, 0.0)));
        assertThat(r.passed()).isFalse();
        GateCheck c = r.checks().get(0);
        assertThat(c.kind()).isEqualTo("min-improvement");
        assertThat(c.observed()).isNegative();
        assertThat(c.champion()).isGreaterThan(r.metrics().get("auc"));
        EvaluationReport reverse = evaluate(logistic, HOLDOUT, gate(List.of(), stump, Map.of(Metric.AUC, 0.0)));
        assertThat(reverse.passed()).isTrue();
        assertThat(reverse.champion()).containsEntry("algorithm", "cart");
        assertThat(reverse.curves()).containsKeys("roc", "championRoc", "championPr");
        assertThat(dev.mlops.engine.report.EvaluationPage.render(reverse)).contains("fill=\"#8250df\"/></svg> champion")
                .containsPattern("(?s)<polyline[^>]*#8250df.*<polyline[^>]*#0969da");
    }

    @Test
    void slicesAreScoredAndCheckedSeparately() {
        GateOptions g = new GateOptions(List.of(), null, Map.of(), Map.of(), List.of("region"),
                List.of(Threshold.parse("accuracy>=0.0")), 30);
        EvaluationReport r = evaluate(logistic, HOLDOUT, g);
        assertThat(r.slices()).extracting(s -> s.get("value")).containsExactly("east", "north", "south", "west");
        assertThat(r.checks()).hasSize(4).allMatch(c -> c.slice().startsWith("region="));
        int rows = r.slices().stream().mapToInt(s -> (Integer) s.get("rows")).sum();
        assertThat(rows).isEqualTo(1000);
    }

    @Test
    void unseenCategoriesAreNotedNotFatal() {
        EvaluationReport r = evaluate(logistic, CURRENT, GateOptions.none());
        assertThat(r.notes()).anyMatch(n -> n.startsWith("column 'plan': 216 rows (14.4%) hold categories unseen in "
                + "training [enterprise]"));
    }

    @Test
    void holdoutThatDoesNotMatchTheSchemaNamesTheColumns() throws IOException {
        Path missing = dir.resolve("missing.csv");
        Files.writeString(missing, "age,plan,churned\n30,basic,0\n40,pro,1\n");
        assertThatThrownBy(() -> evaluate(logistic, missing, GateOptions.none())).isInstanceOf(InputException.class)
                .hasMessageStartingWith(missing + ": columns the model needs are missing: [tenure_months, "
                        + "monthly_charges, support_calls, region]");
        Path mistyped = dir.resolve("mistyped.csv");
        Files.writeString(mistyped, "age,tenure_months,plan,monthly_charges,support_calls,region,churned\n"
                + "thirty,3,basic,20.5,1,north,0\n40,4,pro,30.5,2,west,1\n");
        assertThatThrownBy(() -> evaluate(logistic, mistyped, GateOptions.none())).isInstanceOf(InputException.class)
                .hasMessage(mistyped + ": columns do not match the types the model was trained on: age (1 values are "
                        + "not integer)");
    }

    @Test
    void aThresholdOnAMetricTheModelLacksIsAUsageError() {
        assertThatThrownBy(() -> evaluate(logistic, HOLDOUT, gate(List.of(Threshold.parse("rmse<=1")), null,
                Map.of()))).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--threshold rmse<=1.0: the model's metrics have no rmse");
    }

    @Test
    void baselineForAnotherTargetIsRefused() throws IOException {
        Path regression = dir.resolve("charges.zip");
        ModelTrainer.train(TRAIN, ReadOptions.DEFAULTS, new TrainOptions("monthly_charges", Algorithm.CART,
                Map.of("maxDepth", "2"), 1, null, null, null, 0, null), LogSink.NONE).bundle().write(regression);
        assertThatThrownBy(() -> evaluate(logistic, HOLDOUT, gate(List.of(), regression, Map.of())))
                .isInstanceOf(InputException.class).hasMessageContaining("they cannot be compared");
    }
}
