package dev.mlops.engine.features;

import java.util.ArrayList;
import java.util.List;

/**
 * One input column's fitted chain. {@code text} says whether it reads its value as text (categories) or as a number.
 */
public record FittedColumn(String name, boolean text, List<FittedStep> steps) {

    static final String UNKNOWN = "__unknown__";

    public FittedColumn {
        steps = List.copyOf(steps);
    }

    /** The names of the features this column produces, in order. */
    public List<String> featureNames() {
        FittedStep last = steps.isEmpty() ? null : steps.get(steps.size() - 1);
        List<String> names = new ArrayList<>();
        if (last instanceof FittedStep.OneHot oneHot) {
            for (String category : oneHot.categories()) {
                names.add(name + "=" + category);
            }
            names.add(name + "=" + UNKNOWN);
        } else if (last instanceof FittedStep.Hash hash) {
            for (int i = 0; i < hash.buckets(); i++) {
                names.add(name + "#" + i);
            }
        } else if (last instanceof FittedStep.Buckets buckets) {
            for (int i = 0; i <= buckets.edges().size(); i++) {
                names.add(name + "[" + i + "]");
            }
        } else {
            names.add(name);
        }
        return names;
    }

    /** How many features this column produces: the size of {@link #featureNames()}, without building the names. */
    public int featureCount() {
        FittedStep last = steps.isEmpty() ? null : steps.get(steps.size() - 1);
        if (last instanceof FittedStep.OneHot oneHot) {
            return oneHot.categories().size() + 1;
        } else if (last instanceof FittedStep.Hash hash) {
            return hash.buckets();
        } else if (last instanceof FittedStep.Buckets buckets) {
            return buckets.edges().size() + 1;
        }
        return 1;
    }

    /**
     * Writes this column's features for {@code value} into {@code out} from {@code offset}; returns the count.
     *
     * @throws FeatureException when the value is missing without an impute step, infinite, or not a number
     */
    public int transform(Object value, double[] out, int offset) {
        if (text) {
            String s = value == null ? null : value.toString();
            for (FittedStep step : steps) {
                if (step instanceof FittedStep.FillText fill) {
                    s = s == null ? fill.value() : s;
                } else if (step instanceof FittedStep.OneHot oneHot) {
                    requirePresent(s);
                    int at = oneHot.categories().indexOf(s);
                    int width = oneHot.categories().size() + 1;
                    java.util.Arrays.fill(out, offset, offset + width, 0.0);
                    out[offset + (at < 0 ? width - 1 : at)] = 1.0;
                    return width;
                } else if (step instanceof FittedStep.Hash hash) {
                    requirePresent(s);
                    java.util.Arrays.fill(out, offset, offset + hash.buckets(), 0.0);
                    out[offset + Math.floorMod(s.hashCode(), hash.buckets())] = 1.0;
                    return hash.buckets();
                }
            }
            throw new FeatureException(name, "a text column needs an encoding step (onehot or hash)");
        }
        return transformNumber(toNumber(value), out, offset);
    }

    /**
     * {@link #transform} of a number column's value ({@code NaN} when missing), without boxing it: the batch paths
     * read number columns as {@code double[]}.
     */
    public int transformNumber(double value, double[] out, int offset) {
        if (text) {
            return transform(Double.isNaN(value) ? null : value, out, offset);
        }
        double x = value;
        for (FittedStep step : steps) {
            if (step instanceof FittedStep.FillNumber fill) {
                x = Double.isNaN(x) ? fill.value() : x;
            } else if (step instanceof FittedStep.Affine affine) {
                x = (x - affine.shift()) / affine.scale();
            } else if (step instanceof FittedStep.Log1p) {
                if (x < -1) {
                    throw new FeatureException(name, "log1p of " + x + " (below -1)");
                }
                x = Math.log1p(x);
            } else if (step instanceof FittedStep.Clip clip) {
                x = clip.min() != null ? Math.max(x, clip.min()) : x;
                x = clip.max() != null ? Math.min(x, clip.max()) : x;
            } else if (step instanceof FittedStep.Buckets buckets) {
                requirePresent(x);
                int width = buckets.edges().size() + 1;
                int bucket = 0;
                while (bucket < buckets.edges().size() && x >= buckets.edges().get(bucket)) {
                    bucket++;
                }
                java.util.Arrays.fill(out, offset, offset + width, 0.0);
                out[offset + bucket] = 1.0;
                return width;
            }
        }
        requirePresent(x);
        out[offset] = x;
        return 1;
    }

    private void requirePresent(String s) {
        if (s == null) {
            throw new FeatureException(name, "missing value and no impute step");
        }
    }

    private void requirePresent(double x) {
        if (Double.isNaN(x)) {
            throw new FeatureException(name, "missing value and no impute step");
        }
        if (Double.isInfinite(x)) {
            throw new FeatureException(name, "infinite value");
        }
    }

    private double toNumber(Object value) {
        if (value == null) {
            return Double.NaN;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        try {
            return Double.parseDouble(value.toString().strip());
        } catch (NumberFormatException e) {
            throw new FeatureException(name, "expected a number, got '" + value + "'");
        }
    }
}
