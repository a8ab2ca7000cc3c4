package dev.mlops.engine.metrics;

import java.util.Arrays;
import java.util.Optional;

/** The metrics a gate can check, with the direction in which they improve. */
public enum Metric {
    ACCURACY("accuracy", true),
    PRECISION("precision", true),
    RECALL("recall", true),
    F1("f1", true),
    MACRO_F1("macro_f1", true),
    AUC("auc", true),
    PR_AUC("pr_auc", true),
    LOG_LOSS("logloss", false),
    BRIER("brier", false),
    RMSE("rmse", false),
    MAE("mae", false),
    R2("r2", true),
    MAPE("mape", false);

    private final String id;
    private final boolean higherIsBetter;

    Metric(String id, boolean higherIsBetter) {
        this.id = id;
        this.higherIsBetter = higherIsBetter;
    }

    public String id() {
        return id;
    }

    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /** How much better {@code challenger} is than {@code champion} (negative when worse), in the metric's units. */
    public double improvement(double challenger, double champion) {
        return higherIsBetter ? challenger - champion : champion - challenger;
    }

    public static Optional<Metric> parse(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
    }

    public static String ids() {
        return String.join(", ", Arrays.stream(values()).map(Metric::id).toList());
    }
}
