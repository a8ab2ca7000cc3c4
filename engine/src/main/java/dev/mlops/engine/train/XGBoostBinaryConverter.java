package dev.mlops.engine.train;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.tribuo.Example;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.common.xgboost.XGBoostOutputConverter;
import org.tribuo.common.xgboost.protos.XGBoostOutputConverterProto;
import org.tribuo.protos.ProtoSerializableClass;
import org.tribuo.protos.ProtoUtil;

/**
 * Turns the output of a two-class XGBoost model trained with {@code binary:logistic} (one number: the probability of
 * the class whose Tribuo ID is 1) into a Tribuo prediction over both classes. Tribuo's own converter expects
 * {@code multi:softprob}, one probability per class, which grows a tree per class and round: twice the work for two
 * classes, and not what xgboost-python's classifier does. Stored in the bundle by class name, as Tribuo stores its own.
 */
@ProtoSerializableClass(version = XGBoostBinaryConverter.CURRENT_VERSION)
public final class XGBoostBinaryConverter implements XGBoostOutputConverter<Label> {
    private static final long serialVersionUID = 1L;

    /** Protobuf serialization version. */
    public static final int CURRENT_VERSION = 0;

    /** The objective this converter reads the output of. */
    static final String OBJECTIVE = "binary:logistic";

    public XGBoostBinaryConverter() {
    }

    /** Deserialization factory, called by Tribuo's {@link ProtoUtil}. */
    public static XGBoostBinaryConverter deserializeFromProto(int version, String className, Any message) {
        if (version < 0 || version > CURRENT_VERSION) {
            throw new IllegalArgumentException("Unknown version " + version + ", this class supports at most version "
                    + CURRENT_VERSION);
        }
        if (message.getValue() != ByteString.EMPTY) {
            throw new IllegalArgumentException("Invalid proto");
        }
        return new XGBoostBinaryConverter();
    }

    /**
     * The probability of the class with Tribuo ID {@code id} (0 or 1) given the model's output {@code positive}, the
     * probability of ID 1. The native batch scorer uses this too, so both paths give the same bits.
     */
    static double probability(float positive, int id) {
        return id == 1 ? positive : 1f - positive;
    }

    @Override
    public boolean generatesProbabilities() {
        return true;
    }

    @Override
    public Prediction<Label> convertOutput(ImmutableOutputInfo<Label> info, List<float[]> outputs,
                                           int numValidFeatures, Example<Label> example) {
        if (outputs.size() != 1) {
            throw new IllegalArgumentException("expected the output of one booster, got " + outputs.size());
        }
        return prediction(info, outputs.get(0), numValidFeatures, example);
    }

    @Override
    public List<Prediction<Label>> convertBatchOutput(ImmutableOutputInfo<Label> info, List<float[][]> outputs,
                                                      int[] numValidFeatures, Example<Label>[] examples) {
        if (outputs.size() != 1) {
            throw new IllegalArgumentException("expected the output of one booster, got " + outputs.size());
        }
        float[][] rows = outputs.get(0);
        List<Prediction<Label>> predictions = new ArrayList<>(rows.length);
        for (int i = 0; i < rows.length; i++) {
            predictions.add(prediction(info, rows[i], numValidFeatures[i], examples[i]));
        }
        return predictions;
    }

    private static Prediction<Label> prediction(ImmutableOutputInfo<Label> info, float[] output, int numValidFeatures,
                                                Example<Label> example) {
        if (output.length != 1 || info.size() != 2) {
            throw new IllegalArgumentException("a binary:logistic model gives one number for two classes; got "
                    + output.length + " for " + info.size());
        }
        LinkedHashMap<String, Label> scores = new LinkedHashMap<>();
        Label best = null;
        for (int id = 0; id < 2; id++) {
            Label label = new Label(info.getOutput(id).getLabel(), probability(output[0], id));
            scores.put(label.getLabel(), label);
            if (best == null || label.getScore() > best.getScore()) {
                best = label;
            }
        }
        return new Prediction<>(best, scores, numValidFeatures, example, true);
    }

    @Override
    public XGBoostOutputConverterProto serialize() {
        return ProtoUtil.serialize(this);
    }

    @Override
    public Class<Label> getTypeWitness() {
        return Label.class;
    }
}
