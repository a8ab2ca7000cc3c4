package dev.mlops.engine.features;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fitted feature pipeline stored in a model bundle: turns a row (column name to value: numbers, text, booleans,
 * null for missing) into the model's feature vector. Training, evaluation and serving all call
 * {@link #transform(Map)}.
 */
public record FittedPipeline(int version, List<FittedColumn> columns) {

    public static final int VERSION = 1;

    public FittedPipeline {
        columns = List.copyOf(columns);
    }

    public List<String> featureNames() {
        List<String> names = new ArrayList<>();
        for (FittedColumn c : columns) {
            names.addAll(c.featureNames());
        }
        return names;
    }

    /** The input columns a row must provide (a missing key counts as a missing value). */
    public List<String> inputColumns() {
        return columns.stream().map(FittedColumn::name).toList();
    }

    public double[] transform(Map<String, ?> row) {
        double[] out = new double[featureCount()];
        int offset = 0;
        for (FittedColumn c : columns) {
            offset += c.transform(row.get(c.name()), out, offset);
        }
        return out;
    }

    /** Counted on every row: building the names to count them took a tenth of a logistic model's training. */
    private int featureCount() {
        int n = 0;
        for (FittedColumn c : columns) {
            n += c.featureCount();
        }
        return n;
    }
}
