package dev.mlops.engine.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.engine.UsageException;
import dev.mlops.engine.data.CategoryCount;
import dev.mlops.engine.data.ColumnProfile;
import dev.mlops.engine.data.ColumnType;
import dev.mlops.engine.data.Columns;
import dev.mlops.engine.data.DatasetProfile;
import dev.mlops.engine.data.Fingerprint;
import dev.mlops.engine.data.Histogram;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DriftDetectorTest {

    /** Columns: x (normal, shifted by {@code shift}), plan (3 categories), flag (binary), id (unique). */
    static Columns data(int n, double shift, double enterpriseShare, long seed) {
        Random random = new Random(seed);
        double[] x = new double[n];
        String[] plan = new String[n];
        String[] flag = new String[n];
        String[] id = new String[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextGaussian() + shift;
            double u = random.nextDouble();
            plan[i] = u < enterpriseShare ? "enterprise" : u < (1 + enterpriseShare) / 2 ? "basic" : "pro";
            flag[i] = random.nextDouble() < 0.3 + enterpriseShare / 2 ? "yes" : "no";
            id[i] = "c" + seed + "-" + i;
        }
        Map<String, ColumnType> types = new LinkedHashMap<>();
        types.put("x", ColumnType.DOUBLE);
        types.put("plan", ColumnType.STRING);
        types.put("flag", ColumnType.STRING);
        types.put("id", ColumnType.STRING);
        return new Columns(n, types, Map.of("x", x), Map.of("plan", plan, "flag", flag, "id", id));
    }

    private static final List<String> ALL = List.of("x", "plan", "flag", "id");

    private static ColumnDrift column(DriftReport r, String name) {
        return r.columns().stream().filter(c -> c.column().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void binCountsBySearchEqualACountOfEveryValue() {
        Random random = new Random(11);
        double lo = -2;
        double hi = 3;
        int bins = 30;
        double width = (hi - lo) / bins;
        double[] values = new double[50_000];
        for (int i = 0; i < values.length; i++) {
            // Every third value on a bin edge (or one ulp either side), where a value's bin is decided by rounding.
            double edge = lo + random.nextInt(bins + 1) * width;
            values[i] = switch (i % 6) {
                case 0 -> edge;
                case 1 -> Math.nextUp(edge);
                case 2 -> Math.nextDown(edge);
                default -> lo + random.nextDouble() * (hi - lo);
            };
            values[i] = Math.max(lo, Math.min(hi, values[i]));
        }
        java.util.Arrays.sort(values);
        double[] expected = new double[bins];
        for (double v : values) {
            int bin = (int) ((v - lo) / width);
            expected[Math.max(0, Math.min(bins - 1, bin))]++;
        }
        assertThat(DriftDetector.equalWidthCounts(values, lo, hi, bins)).containsExactly(expected);
        assertThat(DriftDetector.equalWidthCounts(new double[] {4, 4, 4}, 4, 4, 5)).containsExactly(3, 0, 0, 0, 0);
        assertThat(DriftDetector.equalWidthCounts(new double[0], 0, 1, 3)).containsExactly(0, 0, 0);
    }

    @Test
    void smallReferenceUsesKsChiSquareAndZ() {
        DriftReport same = DriftDetector.compare(data(800, 0, 0.1, 1), data(900, 0, 0.1, 2), ALL,
                DriftOptions.DEFAULTS);
        assertThat(column(same, "x").test()).isEqualTo(DriftTest.KS);
        assertThat(column(same, "plan").test()).isEqualTo(DriftTest.CHISQUARE);
        assertThat(column(same, "flag").test()).isEqualTo(DriftTest.Z);
        assertThat(column(same, "flag").kind()).isEqualTo("binary");
        assertThat(same.datasetDrift()).isFalse();
        assertThat(same.columns()).noneMatch(ColumnDrift::drifted);
        assertThat(same.skipped()).singleElement().asString().startsWith("id: looks like an identifier");

        DriftReport shifted = DriftDetector.compare(data(800, 0, 0.1, 1), data(900, 0.5, 0.4, 2), ALL,
                DriftOptions.DEFAULTS);
        assertThat(shifted.driftedColumns()).containsExactly("x", "plan", "flag");
        assertThat(column(shifted, "x").pValue()).isLessThan(1e-6);
        assertThat(shifted.share()).isEqualTo(1.0);
        assertThat(shifted.datasetDrift()).isTrue();
    }

    @Test
    void largeReferenceUsesWassersteinAndJensenShannon() {
        DriftReport r = DriftDetector.compare(data(5000, 0, 0.1, 3), data(3000, 0.3, 0.1, 4), ALL,
                DriftOptions.DEFAULTS);
        assertThat(column(r, "x").test()).isEqualTo(DriftTest.WASSERSTEIN);
        assertThat(column(r, "x").statistic()).isBetween(0.2, 0.4);
        assertThat(column(r, "x").drifted()).isTrue();
        assertThat(column(r, "plan").test()).isEqualTo(DriftTest.JENSENSHANNON);
        assertThat(column(r, "plan").drifted()).isFalse();
        assertThat(column(r, "flag").test()).isEqualTo(DriftTest.JENSENSHANNON);
        assertThat(r.share()).isCloseTo(1.0 / 3, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(r.datasetDrift()).isFalse();
    }

    @Test
    void configuredTestsThresholdsShareAndIgnoreApply() {
        DriftOptions options = new DriftOptions(0.3, null, Map.of("x", new DriftOptions.ColumnRule(DriftTest.PSI, 0.5,
                false), "plan", new DriftOptions.ColumnRule(null, null, true)), List.of("flag"), null, null);
        DriftReport r = DriftDetector.compare(data(5000, 0, 0.1, 3), data(3000, 0.3, 0.1, 4), ALL, options);
        assertThat(r.columns()).extracting(ColumnDrift::column).containsExactly("x");
        assertThat(column(r, "x").test()).isEqualTo(DriftTest.PSI);
        assertThat(column(r, "x").threshold()).isEqualTo(0.5);
        assertThat(r.skipped()).anyMatch(s -> s.startsWith("plan: ignored")).anyMatch(s -> s.startsWith("flag: ignored"));

        DriftOptions wrong = new DriftOptions(null, null, Map.of("plan", new DriftOptions.ColumnRule(DriftTest.KS,
                null, false)), null, null, null);
        assertThatThrownBy(() -> DriftDetector.compare(data(500, 0, 0.1, 3), data(500, 0, 0.1, 4), ALL, wrong))
                .isInstanceOf(UsageException.class).hasMessageContaining("column 'plan': test 'ks' does not apply");
    }

    @Test
    void newCategoryInCurrentDataIsCertainChiSquareDrift() {
        Columns ref = data(500, 0, 0.0, 5);
        Columns cur = data(500, 0, 0.2, 6);
        DriftReport r = DriftDetector.compare(ref, cur, List.of("plan"), DriftOptions.DEFAULTS);
        assertThat(column(r, "plan").test()).isEqualTo(DriftTest.CHISQUARE);
        assertThat(column(r, "plan").pValue()).isZero();
        assertThat(column(r, "plan").drifted()).isTrue();
    }

    @Test
    void profileReferenceComparesHistogramsAndTopValues() {
        DatasetProfile profile = new DatasetProfile(1, new Fingerprint("train.csv", "0".repeat(64), 2000,
                List.of("x", "plan")), List.of(
                new ColumnProfile("x", ColumnType.DOUBLE, 2000, 0, 0, 0, 0L, null, -2.0, 2.0, 0.0, 1.0, Map.of(), null,
                        null, null, null, null, new Histogram(List.of(-2.0, -1.0, 0.0, 1.0, 2.0),
                        List.of(300L, 700L, 700L, 300L))),
                new ColumnProfile("plan", ColumnType.STRING, 2000, 0, 0, 0, null, 3L, null, null, null, null, null,
                        null, null, List.of(new CategoryCount("basic", 900), new CategoryCount("pro", 900)), 200L,
                        false, null)));
        DriftReport r = DriftDetector.compare(profile, data(3000, 0, 0.1, 7), List.of("x", "plan"),
                DriftOptions.DEFAULTS);
        assertThat(r.referenceKind()).isEqualTo("profile");
        assertThat(column(r, "x").test()).isEqualTo(DriftTest.JENSENSHANNON);
        assertThat(column(r, "x").bins()).hasSize(4);
        assertThat(column(r, "x").drifted()).isFalse();
        assertThat(column(r, "plan").bins()).contains("(other)");
        assertThat(column(r, "plan").drifted()).isFalse();

        DriftReport moved = DriftDetector.compare(profile, data(3000, 1.5, 0.6, 8), List.of("x", "plan"),
                DriftOptions.DEFAULTS);
        assertThat(moved.driftedColumns()).containsExactly("x", "plan");

        DriftOptions ks = new DriftOptions(null, null, Map.of("x", new DriftOptions.ColumnRule(DriftTest.KS, null,
                false)), null, null, null);
        assertThatThrownBy(() -> DriftDetector.compare(profile, data(100, 0, 0.1, 9), List.of("x"), ks))
                .hasMessageContaining("give the reference data for ks or wasserstein");
    }

    @Test
    void pageHinkleyAlarmsWhenTheErrorRateRises() {
        boolean[] correct = new boolean[3000];
        Random random = new Random(11);
        for (int i = 0; i < correct.length; i++) {
            correct[i] = random.nextDouble() > (i < 1500 ? 0.1 : 0.45);
        }
        ConceptDrift.Result r = ConceptDrift.classification(correct, 0.9, DriftOptions.ConceptOptions.DEFAULTS);
        assertThat(r.alarmRow()).isBetween(1501L, 1900L);
        assertThat(r.windows()).hasSize(6);
        assertThat(r.windows().subList(0, 3)).noneMatch(ConceptDrift.Window::drifted);
        assertThat(r.windows().subList(3, 6)).allMatch(ConceptDrift.Window::drifted);
        assertThat(r.drifted()).isTrue();

        boolean[] steady = new boolean[3000];
        for (int i = 0; i < steady.length; i++) {
            steady[i] = random.nextDouble() > 0.1;
        }
        ConceptDrift.Result fine = ConceptDrift.classification(steady, 0.9, DriftOptions.ConceptOptions.DEFAULTS);
        assertThat(fine.alarmRow()).isNull();
        assertThat(fine.drifted()).isFalse();
    }
}
