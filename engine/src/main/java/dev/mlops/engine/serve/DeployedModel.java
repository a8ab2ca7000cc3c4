package dev.mlops.engine.serve;

import dev.mlops.engine.train.ModelBundle;
import dev.mlops.engine.train.Predictor;
import java.util.List;

/** One loaded model version: its bundle's predictor and the raw input columns a request must provide. */
public record DeployedModel(String name, int version, String sha256, ModelBundle bundle, Predictor predictor,
                            List<String> inputs) {

    public static DeployedModel of(String name, int version, String sha256, ModelBundle bundle) {
        Predictor predictor = new Predictor(bundle);
        return new DeployedModel(name, version, sha256, bundle, predictor, List.copyOf(predictor.inputColumns()));
    }
}
