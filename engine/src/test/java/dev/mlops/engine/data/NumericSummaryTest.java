package dev.mlops.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NumericSummaryTest {

    /** Skewed values with repeats, a negative zero and non-finite values: what a profiled column can hold. */
    private static double[] awkwardValues(int n, long seed) {
        Random random = new Random(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = i % 97 == 0 ? Double.NaN : i % 101 == 0 ? Double.POSITIVE_INFINITY
                    : i % 89 == 0 ? Math.floor(random.nextDouble() * 5) : i == 7 ? -0.0
                    : Math.exp(random.nextGaussian() * 2) * 1e3;
        }
        return values;
    }

    @Test
    void agreesWithDuckDbsOwnAggregates() throws SQLException {
        double[] values = awkwardValues(20_000, 5);
        NumericSummary summary = NumericSummary.of(values.clone(), values.length, Profiler.HISTOGRAM_BINS, true);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE v (x DOUBLE)");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO v VALUES (?)")) {
                for (double v : values) {
                    insert.setDouble(1, v);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            String quantiles = ColumnProfile.QUANTILES.values().stream().map(String::valueOf)
                    .collect(Collectors.joining(", ", "[", "]"));
            try (ResultSet rs = st.executeQuery("SELECT count(*) FILTER (WHERE NOT isfinite(x)), "
                    + "min(x) FILTER (WHERE isfinite(x)), max(x) FILTER (WHERE isfinite(x)), "
                    + "avg(x) FILTER (WHERE isfinite(x)), stddev_samp(x) FILTER (WHERE isfinite(x)), "
                    + "quantile_cont(x, " + quantiles + ") FILTER (WHERE isfinite(x)) FROM v")) {
                rs.next();
                assertThat(summary.nonFinite()).isEqualTo(rs.getLong(1));
                assertThat(summary.min()).isEqualTo(rs.getDouble(2));
                assertThat(summary.max()).isEqualTo(rs.getDouble(3));
                assertThat(summary.mean()).isCloseTo(rs.getDouble(4), within(Math.abs(rs.getDouble(4)) * 1e-12));
                assertThat(summary.std()).isCloseTo(rs.getDouble(5), within(rs.getDouble(5) * 1e-12));
                Array duck = rs.getArray(6);
                Object[] expected = (Object[]) duck.getArray();
                List<Double> ours = new ArrayList<>(summary.quantiles().values());
                for (int i = 0; i < expected.length; i++) {
                    assertThat(ours.get(i)).isEqualTo(((Number) expected[i]).doubleValue());
                }
            }
        }
        assertThat(summary.histogram().total()).isEqualTo(values.length - summary.nonFinite());
        assertThat(summary.histogram().edges()).first().isEqualTo(summary.min());
        assertThat(summary.histogram().edges()).last().isEqualTo(summary.max());
    }

    @Test
    void selectionPlacesTheValueASortWouldOnOrdersThatDefeatNaivePivots() {
        int n = 10_001;
        Map<String, double[]> inputs = new LinkedHashMap<>();
        inputs.put("ascending", IntStream.range(0, n).mapToDouble(i -> i).toArray());
        inputs.put("descending", IntStream.range(0, n).mapToDouble(i -> n - i).toArray());
        inputs.put("constant", IntStream.range(0, n).mapToDouble(i -> 3).toArray());
        inputs.put("organ pipe", IntStream.range(0, n).mapToDouble(i -> Math.min(i, n - i)).toArray());
        inputs.put("two values", IntStream.range(0, n).mapToDouble(i -> i % 2).toArray());
        inputs.put("awkward", Arrays.stream(awkwardValues(n, 3)).filter(Double::isFinite).toArray());
        for (Map.Entry<String, double[]> input : inputs.entrySet()) {
            double[] sorted = input.getValue().clone();
            Arrays.sort(sorted);
            for (int k : new int[] {0, 1, sorted.length / 4, sorted.length / 2, sorted.length - 2, sorted.length - 1}) {
                double[] a = input.getValue().clone();
                Selection.select(a, 0, a.length, new int[] {k});
                assertThat(a[k]).as(input.getKey() + " k=" + k).isEqualTo(sorted[k]);
                for (int i = 0; i < a.length; i++) {
                    assertThat(i < k ? a[i] <= a[k] : a[i] >= a[k]).as(input.getKey() + " k=" + k + " i=" + i)
                            .isTrue();
                }
            }
            double[] several = input.getValue().clone();
            int[] ks = {0, sorted.length / 3, sorted.length / 3 + 1, sorted.length - 1};
            Selection.select(several, 0, several.length, ks);
            for (int k : ks) {
                assertThat(several[k]).as(input.getKey() + " several k=" + k).isEqualTo(sorted[k]);
            }
            NumericSummary summary = NumericSummary.of(input.getValue().clone(), sorted.length,
                    Profiler.HISTOGRAM_BINS, true);
            double rank = (sorted.length - 1) * 0.25;
            double d = rank - Math.floor(rank);
            assertThat(summary.quantiles().get("p25")).as(input.getKey())
                    .isEqualTo(sorted[(int) Math.floor(rank)] * (1 - d) + sorted[(int) Math.ceil(rank)] * d);
        }
    }

    /**
     * Finite columns of every shape a selection meets: spread values are answered from a few sorted buckets; heavy
     * tails, few values and extremes by a selection on the whole column.
     */
    private static Map<String, double[]> columnsOfEveryShape(int n, Random random) {
        Map<String, double[]> inputs = new LinkedHashMap<>();
        inputs.put("normal", random.doubles(n).map(u -> random.nextGaussian() * 3 + 10).toArray());
        inputs.put("awkward", Arrays.stream(awkwardValues(n + n / 20, 9)).filter(Double::isFinite).toArray());
        inputs.put("few integers", random.ints(n, 0, 80).asDoubleStream().toArray());
        inputs.put("uniform", random.doubles(n, -5, 5).toArray());
        inputs.put("two values", IntStream.range(0, n).mapToDouble(i -> i % 3 == 0 ? -1 : 1).toArray());
        inputs.put("constant", IntStream.range(0, n).mapToDouble(i -> 2.5).toArray());
        inputs.put("signed zeros", IntStream.range(0, n).mapToDouble(i -> i % 2 == 0 ? -0.0 : 0.0).toArray());
        inputs.put("narrow", random.doubles(n, 1, 1 + 1e-12).toArray());
        inputs.put("extremes", IntStream.range(0, n).mapToDouble(i -> switch (i % 7) {
            case 0 -> -Double.MAX_VALUE;
            case 1 -> Double.MAX_VALUE;
            case 2 -> Double.MIN_VALUE;
            case 3 -> -Double.MIN_VALUE;
            case 4 -> i % 2 == 0 ? -1e308 : 1e308;
            default -> random.nextGaussian() * 1e-300;
        }).toArray());
        inputs.put("small", random.doubles(1_000).toArray());
        return inputs;
    }

    @Test
    void aStreamedSummaryHasTheBytesOfAHeldOne() {
        Map<String, double[]> inputs = columnsOfEveryShape(50_000, new Random(23));
        inputs.put("awkward, non-finite too", awkwardValues(50_000, 3));
        Random random = new Random(29);
        inputs.put("normal, non-finite too", IntStream.range(0, 50_000).mapToDouble(i -> i % 97 == 0 ? Double.NaN
                : i % 101 == 0 ? Double.POSITIVE_INFINITY : i % 103 == 0 ? Double.NEGATIVE_INFINITY : i == 5 ? -0.0
                : random.nextGaussian()).toArray());
        inputs.put("no finite value", new double[] {Double.NaN, Double.NEGATIVE_INFINITY, Double.NaN});
        inputs.put("one value", new double[] {2.5});
        List<String> streamed = new ArrayList<>();
        for (Map.Entry<String, double[]> input : inputs.entrySet()) {
            double[] column = input.getValue();
            int[] reads = {0};
            java.util.Optional<NumericSummary> summary = NumericSummary.streamed(consumer -> {
                reads[0]++;
                for (double v : column) {
                    consumer.accept(v);
                }
            }, column.length, Profiler.HISTOGRAM_BINS, true);
            NumericSummary held = NumericSummary.of(column.clone(), column.length, Profiler.HISTOGRAM_BINS, true);
            if (summary.isPresent()) {
                // equals compares every double's bits (a zero's sign too), the quantiles and the histogram.
                assertThat(summary.get()).as(input.getKey()).isEqualTo(held);
                assertThat(reads[0]).as(input.getKey()).isLessThanOrEqualTo(3);
                streamed.add(input.getKey());
            }
        }
        // The others (one value, two, zeros of both signs, heavy tails) need most of the column: the caller holds it.
        assertThat(streamed).contains("normal", "few integers", "uniform", "small", "normal, non-finite too",
                "no finite value");
    }

    @Test
    void bucketSelectionGivesTheValuesASortPutsAtEachRank() {
        Random random = new Random(17);
        Map<String, double[]> inputs = columnsOfEveryShape(200_000, random);
        for (Map.Entry<String, double[]> input : inputs.entrySet()) {
            double[] a = input.getValue();
            double[] sorted = a.clone();
            Arrays.sort(sorted);
            int[] ks = IntStream.concat(IntStream.of(0, a.length / 2, a.length - 1), random.ints(12, 0, a.length))
                    .sorted().distinct().toArray();
            double[] ranked = Selection.atRanks(a.clone(), a.length, ks);
            for (int i = 0; i < ks.length; i++) {
                // == rather than equals: a selection need not order -0.0 before 0.0 as Arrays.sort does.
                assertThat(ranked[i] == sorted[ks[i]]).as(input.getKey() + " rank " + ks[i] + ": " + ranked[i]
                        + " against " + sorted[ks[i]]).isTrue();
            }
        }
    }

    @Test
    void compensatedSumsKeepTheMeanOfHugeAndTinyValues() {
        // A plain loop loses every 1.0 against 1e16 and reports a mean of 0; the compensated sum keeps them.
        int n = 1001;
        double[] values = new double[n];
        values[0] = 1e16;
        for (int i = 1; i < n - 1; i++) {
            values[i] = 1.0;
        }
        values[n - 1] = -1e16;
        NumericSummary summary = NumericSummary.of(values, n, Profiler.HISTOGRAM_BINS, true);
        assertThat(summary.mean()).isEqualTo(999.0 / n);
    }

    @Test
    void constantAndNonFiniteOnlyColumns() {
        NumericSummary constant = NumericSummary.of(new double[] {4, 4, 4}, 3, Profiler.HISTOGRAM_BINS, true);
        assertThat(constant.std()).isEqualTo(0.0);
        assertThat(constant.quantiles()).containsEntry("p50", 4.0);
        assertThat(constant.histogram().counts()).containsExactly(3L);
        assertThat(constant.histogram().edges()).containsExactly(4.0, 4.0);

        NumericSummary one = NumericSummary.of(new double[] {2.5}, 1, Profiler.HISTOGRAM_BINS, true);
        assertThat(one.std()).isNull();
        assertThat(one.mean()).isEqualTo(2.5);

        NumericSummary none = NumericSummary.of(new double[] {Double.NaN, Double.NEGATIVE_INFINITY}, 2,
                Profiler.HISTOGRAM_BINS, true);
        assertThat(none.nonFinite()).isEqualTo(2);
        assertThat(none.mean()).isNull();
        assertThat(none.histogram()).isNull();
        assertThat(none.quantiles()).isNull();
    }
}
