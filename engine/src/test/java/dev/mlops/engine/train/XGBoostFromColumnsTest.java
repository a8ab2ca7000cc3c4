package dev.mlops.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.engine.InputException;
import dev.mlops.engine.data.Columns;
import dev.mlops.engine.features.FittedColumn;
import dev.mlops.engine.features.FittedPipeline;
import dev.mlops.engine.features.FittedStep;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.common.xgboost.XGBoostModel;
import org.tribuo.common.xgboost.XGBoostTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

/** Training from the feature matrix gives the model Tribuo trains from one example per row, to the byte. */
class XGBoostFromColumnsTest {

    private static final Path TRAIN = ChurnData.TRAIN;
    private static Columns columns;
    private static FittedPipeline pipeline;
    private static FittedPipeline planPipeline;
    private static int[] rows;

    @BeforeAll
    static void load() {
        columns = ChurnData.columns();
        pipeline = ChurnData.pipelineFor("churned");
        planPipeline = ChurnData.pipelineFor("plan");
        // every other row, so that the matrix rows are a selection as in a cross-validation fold
        rows = IntStream.range(0, (int) columns.rows()).filter(i -> i % 2 == 0).toArray();
    }

    /** With three classes the engine trains as Tribuo does ({@code multi:softprob}), so the models are equal. */
    @ParameterizedTest
    @ValueSource(strings = {"xgboost", "random-forest"})
    void multiClassClassifierIsTheOneTribuoTrainsFromExamples(String algorithm) {
        Algorithm a = Algorithm.parse(algorithm).orElseThrow();
        Map<String, Double> params = a.resolve(Map.of("numTrees", "15"));
        LabelFactory factory = new LabelFactory();
        String[] labels = ChurnData.labels(columns, "plan", rows);
        Model<Label> fromExamples = a.classifier(params, 11).train(examples(planPipeline, labels, factory));
        Model<Label> fromMatrix = XGBoostFromColumns.classifier((XGBoostTrainer<Label>) a.classifier(params, 11),
                FeatureMatrix.of(planPipeline, columns, rows, TRAIN), labels, factory, SOURCE);

        assertThat(fromExamples.getOutputIDInfo().size()).isEqualTo(3);
        assertThat(bytes(fromMatrix)).isEqualTo(bytes(fromExamples));
        assertThat(fromMatrix.getFeatureIDMap().size()).isEqualTo(planPipeline.featureNames().size());
    }

    /**
     * With two classes the engine grows one tree per round ({@code binary:logistic}) where Tribuo grows one per class:
     * Tribuo's predictions through the engine's converter rank the other half of the file as well as Tribuo's own
     * model does. Reading the output as the wrong class would turn an AUC of about 0.67 into 0.33.
     */
    @ParameterizedTest
    @ValueSource(strings = {"xgboost", "random-forest"})
    void twoClassClassifierLearnsWithOneTreePerRound(String algorithm) {
        Algorithm a = Algorithm.parse(algorithm).orElseThrow();
        Map<String, Double> params = a.resolve(Map.of("numTrees", "30"));
        LabelFactory factory = new LabelFactory();
        String[] labels = ChurnData.labels(columns, "churned", rows);
        XGBoostModel<Label> tribuos = (XGBoostModel<Label>) a.classifier(params, 11)
                .train(examples(pipeline, labels, factory));
        XGBoostModel<Label> ours = XGBoostFromColumns.classifier((XGBoostTrainer<Label>) a.classifier(params, 11),
                FeatureMatrix.of(pipeline, columns, rows, TRAIN), labels, factory, SOURCE);

        assertThat(ours.getProvenance().getInstanceProvenance().getMap().get("objective").toString())
                .contains("binary:logistic");
        double ourAuc = heldOutAuc(ours);
        assertThat(ourAuc).isGreaterThan(0.6).isCloseTo(heldOutAuc(tribuos), org.assertj.core.data.Offset.offset(0.02));
        Model<Label> readBack = Model.deserialize(ours.serialize()).castModel(Label.class);
        assertThat(heldOutAuc(readBack)).isEqualTo(ourAuc);
    }

    @Test
    void regressorIsTheOneTribuoTrainsFromExamples() {
        Map<String, Double> params = Algorithm.XGBOOST.resolve(Map.of("numTrees", "15"));
        RegressionFactory factory = new RegressionFactory();
        SimpleDataSourceProvenance source = new SimpleDataSourceProvenance("sha256:test", ModelTrainer.FIXED_TIME,
                factory);
        MutableDataset<Regressor> examples = new MutableDataset<>(source, factory);
        double[] values = new double[rows.length];
        for (int k = 0; k < rows.length; k++) {
            values[k] = columns.numbers().get("tenure_months")[rows[k]];
            examples.add(new ArrayExample<>(new Regressor("tenure_months", values[k]), names(pipeline),
                    features(pipeline, rows[k])));
        }
        Model<Regressor> fromExamples = Algorithm.XGBOOST.regressor(params, 3).train(examples);
        Model<Regressor> fromMatrix = XGBoostFromColumns.regressor(
                (XGBoostTrainer<Regressor>) Algorithm.XGBOOST.regressor(params, 3),
                FeatureMatrix.of(pipeline, columns, rows, TRAIN), values, "tenure_months", factory, source);

        assertThat(bytes(fromMatrix)).isEqualTo(bytes(fromExamples));
    }

    @Test
    void aRefusedValueIsReportedAtItsFirstRowWhateverTheColumnOrder() {
        // log1p refuses values below -1: tenure_months below 3 (first at file row 12), age below 25 (row 10)
        FittedPipeline refusing = new FittedPipeline(FittedPipeline.VERSION, List.of(
                new FittedColumn("tenure_months", false, List.of(new FittedStep.Affine(4, 1), new FittedStep.Log1p())),
                new FittedColumn("age", false, List.of(new FittedStep.Affine(26, 1), new FittedStep.Log1p()))));
        int[] all = IntStream.range(0, (int) columns.rows()).toArray();

        assertThatThrownBy(() -> FeatureMatrix.of(refusing, columns, all, TRAIN))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("train.csv")
                .hasMessageContaining("row 10")
                .hasMessageContaining("age")
                .hasMessageContaining("log1p of -4.0");
    }

    @Test
    void featuresWithOneNameAreRefused() {
        FittedPipeline clash = new FittedPipeline(FittedPipeline.VERSION, List.of(
                new FittedColumn("plan", true, List.of(new FittedStep.OneHot(List.of("a=b")))),
                new FittedColumn("plan=a", true, List.of(new FittedStep.OneHot(List.of("b"))))));

        assertThatThrownBy(() -> FeatureMatrix.of(clash, columns, rows, TRAIN))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("plan=a=b");
    }

    private static final SimpleDataSourceProvenance SOURCE = new SimpleDataSourceProvenance("sha256:test",
            ModelTrainer.FIXED_TIME, new LabelFactory());

    /** The rows as Tribuo's own path sees them: one example per row. */
    private static MutableDataset<Label> examples(FittedPipeline through, String[] labels, LabelFactory factory) {
        MutableDataset<Label> examples = new MutableDataset<>(SOURCE, factory);
        for (int k = 0; k < rows.length; k++) {
            examples.add(new ArrayExample<>(new Label(labels[k]), names(through), features(through, rows[k])));
        }
        return examples;
    }

    /** AUC of "churned = 1" on the rows the models were not trained on, through Tribuo's own prediction. */
    private static double heldOutAuc(Model<Label> model) {
        List<String> actual = new java.util.ArrayList<>();
        double[][] probabilities = new double[(int) columns.rows() / 2][];
        int k = 0;
        for (int i = 1; i < columns.rows(); i += 2) {
            actual.add(Predictor.labelOf(columns.value("churned", i)));
            org.tribuo.Prediction<Label> p = model.predict(new ArrayExample<>(new Label("?"), names(pipeline),
                    features(pipeline, i)));
            probabilities[k++] = new double[] {p.getOutputScores().get("0").getScore(),
                    p.getOutputScores().get("1").getScore()};
        }
        return dev.mlops.engine.metrics.ClassificationMetrics.compute(actual, probabilities, List.of("0", "1"), "1")
                .metrics().get("auc");
    }

    private static String[] names(FittedPipeline through) {
        return through.featureNames().toArray(String[]::new);
    }

    private static double[] features(FittedPipeline through, int row) {
        Map<String, Object> values = new HashMap<>();
        for (String c : through.inputColumns()) {
            values.put(c, columns.value(c, row));
        }
        return through.transform(values);
    }

    private static byte[] bytes(Model<?> model) {
        return ModelTrainer.withFixedTrainingTime(model).serialize().toByteArray();
    }
}
