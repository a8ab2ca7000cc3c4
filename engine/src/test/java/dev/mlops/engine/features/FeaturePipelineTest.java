package dev.mlops.engine.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.engine.InputException;
import dev.mlops.engine.Json;
import dev.mlops.engine.LogSink;
import dev.mlops.engine.data.DatasetProfile;
import dev.mlops.engine.data.Profiler;
import dev.mlops.engine.data.ReadOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturePipelineTest {

    @TempDir
    Path dir;

    private static FittedPipeline fit(Map<String, List<Step>> spec, Map<String, double[]> numbers,
                                      Map<String, String[]> texts) {
        return FeatureFitter.fit(new FeatureSpec(spec), numbers, texts);
    }

    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** The median by selection is the sorted array's, on odd and even counts, repeats and adversarial orders. */
    @Test
    void medianImputationIsTheSortedMedian() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        for (int n : new int[] {1, 2, 3, 10, 1001, 100_000}) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = switch (i % 3) {
                    case 0 -> random.nextInt(7) - 3; // many repeats
                    case 1 -> n - i; // descending run
                    default -> random.nextGaussian();
                };
            }
            if (n > 2) {
                x[n / 2] = Double.NaN;
            }
            double[] present = java.util.Arrays.stream(x).filter(v -> !Double.isNaN(v)).sorted().toArray();
            double expected = FeatureFitter.quantile(present, 0.5);
            FittedPipeline p = fit(Map.of("x", List.of(new Step.Impute("median", null))), Map.of("x", x), Map.of());
            assertThat(p.columns().get(0).steps()).as("n = " + n).containsExactly(new FittedStep.FillNumber(expected));
        }
    }

    /**
     * The median from {@code Selection.atRanks} has the bits the selection before it gave, where zeros of both signs
     * meet at the middle ranks too (which one a selection finds first depends on the order; a sort puts -0.0 first),
     * so pipelines fitted before refit the same.
     */
    @Test
    void medianImputationKeepsTheBitsOfTheSelectionBeforeIt() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        for (int trial = 0; trial < 600; trial++) {
            double[] x;
            if (trial < 300) { // zeros of both signs, many, among few or many values
                x = new double[1 + random.nextInt(trial < 200 ? 40 : 20_000)];
                for (int i = 0; i < x.length; i++) {
                    x[i] = switch (random.nextInt(5)) {
                        case 0 -> 0.0;
                        case 1 -> -0.0;
                        case 2 -> Double.NaN;
                        case 3 -> random.nextInt(3) - 1;
                        default -> random.nextGaussian() * (trial % 2 == 0 ? 1e-3 : 1e6);
                    };
                }
            } else { // spread values and two zeros in the middle: the median is a zero found without selection
                int half = 500 + random.nextInt(500);
                x = new double[2 * half + 1 + random.nextInt(2)];
                for (int i = 0; i < x.length; i++) {
                    double magnitude = 0.5 + Math.abs(random.nextGaussian());
                    x[i] = i < half ? -magnitude : magnitude;
                }
                x[x.length - 1] = 0.0;
                x[x.length - 2] = -0.0;
                for (int i = x.length - 1; i > 0; i--) { // shuffled: which zero a selection meets first varies
                    int j = random.nextInt(i + 1);
                    double t = x[i];
                    x[i] = x[j];
                    x[j] = t;
                }
            }
            int n = x.length;
            double[] present = java.util.Arrays.stream(x).filter(v -> !Double.isNaN(v)).toArray();
            double expected = 0;
            if (present.length > 0) {
                int lo = (present.length - 1) / 2;
                int hi = Math.min(lo + 1, present.length - 1);
                dev.mlops.engine.data.Selection.select(present, 0, present.length,
                        lo == hi ? new int[] {lo} : new int[] {lo, hi});
                expected = FeatureFitter.quantile(present, 0.5);
            }
            FittedPipeline p = fit(Map.of("x", List.of(new Step.Impute("median", null))), Map.of("x", x), Map.of());
            double fill = ((FittedStep.FillNumber) p.columns().get(0).steps().get(0)).value();
            assertThat(Double.doubleToRawLongBits(fill)).as("trial %d, n = %d: %s vs %s", trial, n, fill, expected)
                    .isEqualTo(Double.doubleToRawLongBits(expected));
        }
    }

    /** Standardizing and mean imputation keep the bits {@code DoubleStream}'s average and sum gave them. */
    @Test
    void standardizeAndMeanKeepTheBitsOfTheStreamsBeforeThem() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int trial = 0; trial < 2_000; trial++) {
            // short columns of values of very different sizes: where compensated summation changes the last bits
            double[] x = new double[1 + random.nextInt(trial < 1_900 ? 50 : 5_000)];
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextInt(10) == 0 ? Double.NaN
                        : random.nextGaussian() * Math.pow(10, random.nextInt(12) - 6);
            }
            double[] present = java.util.Arrays.stream(x).filter(v -> !Double.isNaN(v)).toArray();
            double mean = java.util.Arrays.stream(present).average().orElse(0);
            double std = Math.sqrt(java.util.Arrays.stream(present).map(v -> (v - mean) * (v - mean)).sum()
                    / Math.max(1, present.length - 1));
            FittedPipeline p = fit(Map.of("s", List.of(new Step.Standardize()),
                    "m", List.of(new Step.Impute("mean", null))), Map.of("s", x, "m", x), Map.of());
            FittedColumn s = p.columns().stream().filter(c -> c.name().equals("s")).findFirst().orElseThrow();
            FittedColumn m = p.columns().stream().filter(c -> c.name().equals("m")).findFirst().orElseThrow();
            assertThat(s.steps()).as("trial %d", trial).containsExactly(new FittedStep.Affine(mean, std > 0 ? std : 1));
            assertThat(m.steps()).as("trial %d", trial).containsExactly(new FittedStep.FillNumber(mean));
        }
    }

    @Test
    void imputeThenStandardizeLearnsFromImputedValues() {
        double[] x = {1, 2, Double.NaN, 4, 5};
        FittedPipeline p = fit(Map.of("x", List.of(new Step.Impute("median", null), new Step.Standardize())),
                Map.of("x", x), Map.of());
        // median of 1,2,4,5 is 3; imputed column 1,2,3,4,5 has mean 3 and sample std sqrt(2.5)
        assertThat(p.columns().get(0).steps()).containsExactly(new FittedStep.FillNumber(3),
                new FittedStep.Affine(3, Math.sqrt(2.5)));
        assertThat(x).as("the trainer passes its loaded columns: fitting leaves them as they were")
                .containsExactly(1, 2, Double.NaN, 4, 5);
        assertThat(p.transform(row("x", 5.0))[0]).isCloseTo(2 / Math.sqrt(2.5), within(1e-12));
        assertThat(p.transform(row("x", null))[0]).isEqualTo(0.0);
        assertThat(p.transform(row("x", "4"))[0]).as("serving may send numbers as text")
                .isCloseTo(1 / Math.sqrt(2.5), within(1e-12));
    }

    @Test
    void log1pClipMinMaxAndBuckets() {
        double[] x = {0, Math.E - 1, 100};
        FittedPipeline p = fit(Map.of("x", List.of(new Step.Clip(null, 50.0), new Step.Log1p(), new Step.MinMax())),
                Map.of("x", x), Map.of());
        assertThat(p.transform(row("x", 1000.0))[0]).isCloseTo(1.0, within(1e-12));
        assertThat(p.transform(row("x", 0.0))[0]).isEqualTo(0.0);
        FittedPipeline buckets = fit(Map.of("y", List.of(new Step.Bucketize(null, 4))),
                Map.of("y", new double[] {1, 2, 3, 4, 5, 6, 7, 8}), Map.of());
        assertThat(buckets.featureNames()).containsExactly("y[0]", "y[1]", "y[2]", "y[3]");
        assertThat(buckets.transform(row("y", 1.0))).containsExactly(1, 0, 0, 0);
        assertThat(buckets.transform(row("y", 8.0))).containsExactly(0, 0, 0, 1);
    }

    @Test
    void oneHotKeepsTheMostFrequentAndSendsTheRestToUnknown() {
        String[] plan = {"a", "b", "a", "c", null, "a", "b"};
        FittedPipeline p = fit(Map.of("plan", List.of(new Step.Impute("most-frequent", null), new Step.OneHot(2))),
                Map.of(), Map.of("plan", plan));
        assertThat(p.featureNames()).containsExactly("plan=a", "plan=b", "plan=__unknown__");
        assertThat(p.transform(row("plan", "b"))).containsExactly(0, 1, 0);
        assertThat(p.transform(row("plan", "c"))).containsExactly(0, 0, 1);
        assertThat(p.transform(row("plan", "never seen"))).containsExactly(0, 0, 1);
        assertThat(p.transform(row("plan", null))).as("imputed with the most frequent").containsExactly(1, 0, 0);
    }

    @Test
    void theVocabularyCountsTheFilledValues() {
        String[] plan = {"b", "b", "a", null, null, null, "c", "c"};
        FittedPipeline filled = fit(Map.of("plan", List.of(new Step.Impute("constant", "none"), new Step.OneHot(2))),
                Map.of(), Map.of("plan", plan));
        assertThat(filled.featureNames()).as("three filled values outnumber every category")
                .containsExactly("plan=none", "plan=b", "plan=__unknown__");
        FittedPipeline complete = fit(Map.of("plan", List.of(new Step.Impute("constant", "none"), new Step.OneHot(3))),
                Map.of(), Map.of("plan", new String[] {"b", "a", "b"}));
        assertThat(complete.featureNames()).as("a fill that fills nothing is no category")
                .containsExactly("plan=b", "plan=a", "plan=__unknown__");
        assertThat(plan).as("the training column is not changed").containsNull();
    }

    @Test
    void hashingIsStableAcrossRuns() {
        FittedPipeline p = fit(Map.of("zip", List.of(new Step.Impute("constant", "none"), new Step.Hash(8))),
                Map.of(), Map.of("zip", new String[] {"10115", "80331"}));
        double[] f = p.transform(row("zip", "10115"));
        assertThat(f).hasSize(8);
        assertThat(f[Math.floorMod("10115".hashCode(), 8)]).isEqualTo(1.0);
    }

    @Test
    void wrongStepsAndMissingValuesAreNamedByColumn() {
        assertThatThrownBy(() -> fit(Map.of("x", List.of(new Step.OneHot(5))), Map.of("x", new double[] {1}),
                Map.of())).isInstanceOf(FeatureException.class).hasMessageContaining("column 'x'")
                .hasMessageContaining("onehot needs a text column");
        assertThatThrownBy(() -> fit(Map.of("s", List.of(new Step.Standardize(), new Step.OneHot(5))), Map.of(),
                Map.of("s", new String[] {"a"}))).isInstanceOf(FeatureException.class)
                .hasMessageContaining("standardize needs a numeric column");
        FittedPipeline noImpute = fit(Map.of("x", List.of(new Step.Standardize())), Map.of("x", new double[] {1, 2}),
                Map.of());
        assertThatThrownBy(() -> noImpute.transform(row("x", null))).isInstanceOf(FeatureException.class)
                .hasMessage("column 'x': missing value and no impute step");
        assertThatThrownBy(() -> noImpute.transform(row("x", "abc"))).isInstanceOf(FeatureException.class)
                .hasMessage("column 'x': expected a number, got 'abc'");
    }

    @Test
    void fittedPipelineRoundTripsThroughJson() throws IOException {
        FittedPipeline p = fit(Map.of(
                        "x", List.of(new Step.Impute("mean", null), new Step.Log1p(), new Step.Standardize()),
                        "s", List.of(new Step.Impute("most-frequent", null), new Step.OneHot(10)),
                        "b", List.of(new Step.Bucketize(List.of(0.0, 10.0), null))),
                Map.of("x", new double[] {1, 2, 3}, "b", new double[] {-1, 5, 20}),
                Map.of("s", new String[] {"u", "v", "u"}));
        FittedPipeline back = Json.mapper().readValue(Json.write(p), FittedPipeline.class);
        assertThat(back).isEqualTo(p);
        Map<String, Object> r = row("x", 2.5, "s", "v", "b", 7.0);
        assertThat(back.transform(r)).containsExactly(p.transform(r)).hasSize(p.featureNames().size());
        assertThat(Json.write(p)).doesNotContain("featureCount");
    }

    @Test
    void everyColumnCountsTheFeaturesItNames() {
        FittedPipeline p = fit(Map.of(
                        "x", List.of(new Step.Impute("mean", null), new Step.Standardize()),
                        "s", List.of(new Step.Impute("most-frequent", null), new Step.OneHot(10)),
                        "h", List.of(new Step.Impute("constant", "none"), new Step.Hash(6)),
                        "b", List.of(new Step.Bucketize(List.of(0.0, 10.0, 20.0), null))),
                Map.of("x", new double[] {1, 2, 3}, "b", new double[] {-1, 5, 20}),
                Map.of("s", new String[] {"u", "v", "u"}, "h", new String[] {"p", "q", "r"}));
        for (FittedColumn c : p.columns()) {
            assertThat(c.featureCount()).as(c.name()).isEqualTo(c.featureNames().size());
        }
        assertThat(p.transform(row("x", 1.0, "s", "u", "h", "p", "b", 3.0))).hasSize(1 + 3 + 6 + 4);
    }

    @Test
    void defaultSpecDropsIdentifiersAndDatesAndEncodesByType() throws IOException {
        DatasetProfile profile = Profiler.profile(Path.of("../examples/data/train.csv"), ReadOptions.DEFAULTS,
                LogSink.NONE);
        FeatureSpec spec = FeatureSpec.defaults(profile, "churned");
        assertThat(spec.columns()).doesNotContainKeys("customer_id", "signup_date", "churned");
        assertThat(spec.columns().get("age")).containsExactly(new Step.Impute("median", null), new Step.Standardize());
        assertThat(spec.columns().get("plan")).containsExactly(new Step.Impute("most-frequent", null),
                new Step.OneHot(FeatureSpec.DEFAULT_MAX_ONEHOT));
    }

    @Test
    void specFileIsReadStrictly() throws IOException {
        DatasetProfile profile = Profiler.profile(Path.of("../examples/data/train.csv"), ReadOptions.DEFAULTS,
                LogSink.NONE);
        Path ok = dir.resolve("f.yaml");
        Files.writeString(ok, """
                columns:
                  age: [{impute: median}, standardize]
                  monthly_charges: [{clip: [0, 200]}, log1p, minmax]
                  plan: [{onehot: {maxCategories: 2}}]
                  customer_id: drop
                others: default
                """);
        FeatureSpec spec = FeatureSpec.read(ok, profile, "churned");
        assertThat(spec.columns().get("monthly_charges")).containsExactly(new Step.Clip(0.0, 200.0), new Step.Log1p(),
                new Step.MinMax());
        assertThat(spec.columns()).containsKey("region").doesNotContainKey("customer_id");
        Path badStep = dir.resolve("bad.yaml");
        Files.writeString(badStep, "columns:\n  age: [standardise]\n");
        assertThatThrownBy(() -> FeatureSpec.read(badStep, profile, "churned")).isInstanceOf(InputException.class)
                .hasMessageStartingWith(badStep + ": columns.age[0]: unknown step 'standardise'");
        Path badColumn = dir.resolve("col.yaml");
        Files.writeString(badColumn, "columns:\n  agee: [standardize]\n");
        assertThatThrownBy(() -> FeatureSpec.read(badColumn, profile, "churned"))
                .hasMessage(badColumn + ": columns.agee: no such column in the training data");
        Path target = dir.resolve("t.yaml");
        Files.writeString(target, "columns:\n  churned: [standardize]\n");
        assertThatThrownBy(() -> FeatureSpec.read(target, profile, "churned"))
                .hasMessageContaining("the target cannot be a feature");
    }
}
