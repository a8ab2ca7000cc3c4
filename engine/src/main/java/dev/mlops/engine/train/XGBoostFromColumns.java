package dev.mlops.engine.train;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.MutableDataset;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.classification.Label;
import org.tribuo.classification.xgboost.XGBoostClassificationConverter;
import org.tribuo.common.xgboost.XGBoostModel;
import org.tribuo.common.xgboost.XGBoostOutputConverter;
import org.tribuo.common.xgboost.XGBoostTrainer;
import org.tribuo.provenance.DataProvenance;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.xgboost.XGBoostRegressionConverter;

/**
 * Trains a Tribuo XGBoost trainer's booster on a {@link FeatureMatrix} and wraps it in the {@link XGBoostModel} that
 * trainer would have returned from a {@link MutableDataset} of the same rows: the same parameters, labels, weights,
 * feature and output maps, provenance and model name, so the model is byte-identical (tested) and keeps Tribuo's
 * persistence, provenance and evaluation. The one departure is the objective of two-class models (see
 * {@link #classifier}).
 *
 * <p>The trainer's parameters and its model factory are protected members meant for subclasses; they are read here
 * by reflection because a subclass would record its own class name as the trainer in the model's provenance.
 */
final class XGBoostFromColumns {

    private XGBoostFromColumns() {
    }

    /**
     * A classifier on {@code labels} (one per matrix row). With three classes or more it is the model
     * {@code trainer.train(dataset)} would make. With two it is trained with {@code binary:logistic}, one tree per
     * round as xgboost-python's classifier grows, where Tribuo's {@code multi:softprob} grows one per class: the
     * model's provenance records the objective, and {@link XGBoostBinaryConverter} reads its output.
     */
    static XGBoostModel<Label> classifier(XGBoostTrainer<Label> trainer, FeatureMatrix x, String[] labels,
                                          OutputFactory<Label> factory, DataProvenance source) {
        FeatureMatrix.Classes classes = FeatureMatrix.classes(labels, factory);
        ImmutableOutputInfo<Label> info = classes.info();
        float[] ids = new float[x.rows()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = classes.ids()[i];
        }
        Map<String, Object> params = parameters(trainer);
        if (info.size() == 2) {
            params.put("objective", XGBoostBinaryConverter.OBJECTIVE);
            Booster booster = boost(x, ids, params, numTrees(trainer));
            return model(trainer, "xgboost-classification-model", x, info, source, booster,
                    new XGBoostBinaryConverter(), Map.of("objective", new StringProvenance("objective",
                            XGBoostBinaryConverter.OBJECTIVE)));
        }
        params.put("num_class", info.size());
        Booster booster = boost(x, ids, params, numTrees(trainer));
        return model(trainer, "xgboost-classification-model", x, info, source, booster,
                new XGBoostClassificationConverter(), Map.of());
    }

    /** A regressor on {@code values} (one per matrix row) named {@code target}, as the trainer would make it. */
    static XGBoostModel<Regressor> regressor(XGBoostTrainer<Regressor> trainer, FeatureMatrix x, double[] values,
                                             String target, OutputFactory<Regressor> factory,
                                             DataProvenance source) {
        ImmutableOutputInfo<Regressor> info = FeatureMatrix.outputs(factory, x.rows(),
                i -> new Regressor(target, values[i]));
        float[] response = new float[x.rows()];
        for (int i = 0; i < response.length; i++) {
            response[i] = (float) values[i];
        }
        Booster booster = boost(x, response, parameters(trainer), numTrees(trainer));
        return model(trainer, "xgboost-regression-model", x, info, source, booster, new XGBoostRegressionConverter(),
                Map.of());
    }

    /** One booster, as Tribuo trains it: every row weighted 1, no evaluation sets, no callbacks. */
    private static Booster boost(FeatureMatrix x, float[] labels, Map<String, Object> params, int rounds) {
        float[] weights = new float[x.rows()];
        Arrays.fill(weights, 1f);
        try {
            DMatrix data = x.toDMatrix();
            try {
                data.setLabel(labels);
                data.setWeight(weights);
                return XGBoost.train(data, params, rounds, Collections.emptyMap(), null, null);
            } finally {
                data.dispose();
            }
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost could not train on " + x.rows() + " rows: " + e.getMessage(), e);
        }
    }

    private static <T extends Output<T>> XGBoostModel<T> model(XGBoostTrainer<T> trainer, String name,
                                                               FeatureMatrix x, ImmutableOutputInfo<T> info,
                                                               DataProvenance source, Booster booster,
                                                               XGBoostOutputConverter<T> converter,
                                                               Map<String, Provenance> instance) {
        ModelProvenance provenance = new ModelProvenance(XGBoostModel.class.getName(), ModelTrainer.FIXED_TIME,
                x.provenance(source, info.size()), trainer.getProvenance(),
                instance, false);
        try {
            Method create = XGBoostTrainer.class.getDeclaredMethod("createModel", String.class, ModelProvenance.class,
                    ImmutableFeatureMap.class, ImmutableOutputInfo.class, List.class, XGBoostOutputConverter.class);
            create.setAccessible(true);
            @SuppressWarnings("unchecked")
            XGBoostModel<T> model = (XGBoostModel<T>) create.invoke(trainer, name, provenance, x.features(), info,
                    List.of(booster), converter);
            return model;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create an XGBoost model with " + trainer.getClass().getName(), e);
        }
    }

    /**
     * The parameters the trainer passes to XGBoost, as its own {@code train} picks them: the map given to its
     * map-taking constructor (the random forest's) if there is one, else those made from its settings.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> parameters(XGBoostTrainer<?> trainer) {
        Map<String, ?> override = (Map<String, ?>) field(trainer, "overrideParameters");
        return new HashMap<>(override.isEmpty() ? (Map<String, ?>) field(trainer, "parameters") : override);
    }

    private static int numTrees(XGBoostTrainer<?> trainer) {
        return (Integer) field(trainer, "numTrees");
    }

    private static Object field(XGBoostTrainer<?> trainer, String name) {
        try {
            Field f = XGBoostTrainer.class.getDeclaredField(name);
            f.setAccessible(true);
            return f.get(trainer);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + name + " of " + trainer.getClass().getName(), e);
        }
    }
}
