package dev.mlops.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.engine.InputException;
import dev.mlops.engine.data.ColumnType;
import dev.mlops.engine.data.Columns;
import dev.mlops.engine.features.FittedColumn;
import dev.mlops.engine.features.FittedPipeline;
import dev.mlops.engine.features.FittedStep;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.MutableFeatureMap;

/** The matrix over many blocks of rows: the values and statistics of a row-by-row pass, and its first error. */
class FeatureMatrixTest {

    private static final Path FILE = Path.of("wide.csv");
    private static final int ROWS = 30_000; // several of FeatureMatrix's blocks, the last one partial

    @Test
    void valuesAndStatisticsAreThoseOfARowByRowPass() {
        Random random = new Random(5);
        double[] amount = new double[ROWS];
        double[] count = new double[ROWS];
        String[] plan = new String[ROWS];
        for (int i = 0; i < ROWS; i++) {
            amount[i] = i % 97 == 0 ? Double.NaN : random.nextGaussian() * 10;
            count[i] = random.nextInt(4); // few distinct values: Tribuo keeps it categorical
            plan[i] = i % 89 == 0 ? null : "p" + random.nextInt(5);
        }
        Columns columns = columns(Map.of("amount", amount, "count", count), Map.of("plan", plan));
        FittedPipeline pipeline = new FittedPipeline(FittedPipeline.VERSION, List.of(
                new FittedColumn("plan", true, List.of(new FittedStep.FillText("p0"),
                        new FittedStep.OneHot(List.of("p1", "p0", "p3")))),
                new FittedColumn("amount", false, List.of(new FittedStep.FillNumber(1.5),
                        new FittedStep.Affine(0.25, 3))),
                new FittedColumn("count", false, List.of())));
        int[] rows = IntStream.range(0, ROWS).filter(i -> i % 3 != 1).toArray();

        FeatureMatrix matrix = FeatureMatrix.of(pipeline, columns, rows, FILE);

        MutableFeatureMap expected = new MutableFeatureMap();
        List<String> names = pipeline.featureNames();
        for (int r = 0; r < rows.length; r++) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (String c : pipeline.inputColumns()) {
                row.put(c, columns.value(c, rows[r]));
            }
            double[] features = pipeline.transform(row);
            for (int k = 0; k < names.size(); k++) {
                expected.add(names.get(k), features[k]);
                int id = matrix.features().getID(names.get(k));
                assertThat(matrix.values()[r * names.size() + id]).isEqualTo((float) features[k]);
            }
        }
        ImmutableFeatureMap tribuos = new ImmutableFeatureMap(expected);
        assertThat(matrix.features()).isEqualTo(tribuos);
        assertThat(matrix.features().serialize()).isEqualTo(tribuos.serialize());
        assertThat(matrix.features().get("amount")).as("many distinct values: a real info")
                .isInstanceOf(org.tribuo.RealInfo.class);
        assertThat(matrix.features().get("count")).isInstanceOf(org.tribuo.CategoricalInfo.class);
    }

    @Test
    void theFirstRefusedRowIsReportedAcrossBlocks() {
        double[] early = new double[ROWS];
        double[] alsoEarly = new double[ROWS];
        double[] late = new double[ROWS];
        early[20_001] = -5;
        alsoEarly[20_001] = -5; // the same row: the column first in the pipeline is named
        alsoEarly[25_000] = -5;
        Columns columns = columns(Map.of("early", early, "alsoEarly", alsoEarly, "late", late), Map.of());
        FittedPipeline pipeline = new FittedPipeline(FittedPipeline.VERSION, List.of(
                new FittedColumn("early", false, List.of(new FittedStep.Log1p())),
                new FittedColumn("alsoEarly", false, List.of(new FittedStep.Log1p())),
                new FittedColumn("late", false, List.of(new FittedStep.Log1p()))));
        int[] all = IntStream.range(0, ROWS).toArray();

        assertThatThrownBy(() -> FeatureMatrix.of(pipeline, columns, all, FILE))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("wide.csv")
                .hasMessageContaining("row 20002")
                .hasMessageContaining("'early'")
                .hasMessageContaining("log1p of -5.0");

        late[9_000] = -3; // a lower row, in an earlier block, of the column last in the pipeline
        assertThatThrownBy(() -> FeatureMatrix.of(pipeline, columns, all, FILE))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("row 9001")
                .hasMessageContaining("'late'")
                .hasMessageContaining("log1p of -3.0");
    }

    /**
     * Without the features that never vary, a late change counts (the last row), signed zeros are one value, and the
     * columns kept hold the values they held, in sorted-name order, with the statistics observed.
     */
    @Test
    void withoutConstantFeaturesKeepsTheColumnsThatVary() {
        double[] zeros = new double[ROWS];
        double[] seven = new double[ROWS];
        double[] lateChange = new double[ROWS];
        double[] spread = new double[ROWS];
        for (int i = 0; i < ROWS; i++) {
            zeros[i] = i % 2 == 0 ? 0.0 : -0.0;
            seven[i] = 7;
            spread[i] = i % 13;
        }
        lateChange[ROWS - 1] = 1;
        Columns columns = columns(Map.of("zeros", zeros, "seven", seven, "late", lateChange, "spread", spread),
                Map.of());
        FittedPipeline pipeline = new FittedPipeline(FittedPipeline.VERSION, List.of(
                new FittedColumn("zeros", false, List.of()), new FittedColumn("spread", false, List.of()),
                new FittedColumn("seven", false, List.of()), new FittedColumn("late", false, List.of())));
        FeatureMatrix matrix = FeatureMatrix.of(pipeline, columns, IntStream.range(0, ROWS).toArray(), FILE);

        FeatureMatrix lean = matrix.withoutConstantFeatures();

        assertThat(lean.rows()).isEqualTo(ROWS);
        assertThat(lean.features().size()).isEqualTo(2);
        assertThat(lean.features().getID("late")).isZero();
        assertThat(lean.features().getID("spread")).isEqualTo(1);
        assertThat(lean.features().get("spread").makeIDInfo(2)).as("the statistics observed")
                .isEqualTo(matrix.features().get("spread"));
        for (int r = 0; r < ROWS; r++) {
            assertThat(lean.values()[2 * r]).isEqualTo((float) lateChange[r]);
            assertThat(lean.values()[2 * r + 1]).isEqualTo((float) spread[r]);
        }
        assertThat(matrix.valuesFor(lean.features())).containsExactly(lean.values());
        assertThat(lean.withoutConstantFeatures()).as("nothing left to leave out").isSameAs(lean);
        assertThat(matrix.valuesFor(matrix.features())).isSameAs(matrix.values());
    }

    private static Columns columns(Map<String, double[]> numbers, Map<String, String[]> texts) {
        Map<String, ColumnType> types = new LinkedHashMap<>();
        numbers.keySet().forEach(c -> types.put(c, ColumnType.DOUBLE));
        texts.keySet().forEach(c -> types.put(c, ColumnType.STRING));
        return new Columns(ROWS, types, numbers, texts);
    }
}
