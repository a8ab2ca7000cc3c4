package dev.mlops.engine.features;

import dev.mlops.engine.data.Selection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fits a {@link FeatureSpec} on training columns. Each step learns from the values the previous steps produced (so
 * {@code [log1p, standardize]} standardizes the logs), and the fitted step is applied before the next one learns.
 */
public final class FeatureFitter {

    private FeatureFitter() {
    }

    /**
     * Fits {@code spec}; the columns are only read, never changed, so callers may pass the loaded columns themselves.
     *
     * @param numbers the numeric training columns (NaN where missing)
     * @param texts   the text training columns (null where missing), for string and boolean columns
     */
    public static FittedPipeline fit(FeatureSpec spec, Map<String, double[]> numbers, Map<String, String[]> texts) {
        // Columns are fitted independently, in parallel; the first column's error (in spec order) is the one thrown.
        List<Map.Entry<String, List<Step>>> entries = new ArrayList<>(spec.columns().entrySet());
        List<Object> fitted = java.util.stream.IntStream.range(0, entries.size()).parallel().mapToObj(i -> {
            try {
                return (Object) fitColumn(entries.get(i).getKey(), entries.get(i).getValue(), numbers, texts);
            } catch (FeatureException e) {
                return e;
            }
        }).toList();
        List<FittedColumn> columns = new ArrayList<>();
        for (Object f : fitted) {
            if (f instanceof FeatureException e) {
                throw e;
            }
            columns.add((FittedColumn) f);
        }
        return new FittedPipeline(FittedPipeline.VERSION, columns);
    }

    private static FittedColumn fitColumn(String column, List<Step> steps, Map<String, double[]> numbers,
                                          Map<String, String[]> texts) {
        if (numbers.containsKey(column)) {
            return fitNumber(column, steps, numbers.get(column));
        } else if (texts.containsKey(column)) {
            return fitText(column, steps, texts.get(column));
        }
        throw new FeatureException(column, "not in the training data");
    }

    /**
     * Fits {@code steps} on {@code column}, which is left as it is: the values a step transforms for the next one to
     * learn from are a copy, made when a step first transforms them (the last step's output is never needed).
     */
    private static FittedColumn fitNumber(String column, List<Step> steps, double[] values) {
        List<FittedStep> fitted = new ArrayList<>();
        double[] x = values;
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            if (isEncoder(step) && i != steps.size() - 1) {
                throw new FeatureException(column, "an encoding step must be the last step");
            }
            FittedStep f = fitNumberStep(column, step, x);
            fitted.add(f);
            if (!isEncoder(step) && i != steps.size() - 1) {
                x = x == values ? x.clone() : x;
                FittedColumn partial = new FittedColumn(column, false, List.of(f));
                double[] one = new double[1];
                boolean fills = f instanceof FittedStep.FillNumber;
                for (int r = 0; r < x.length; r++) {
                    if (fills || !Double.isNaN(x[r])) {
                        partial.transformNumber(x[r], one, 0);
                        x[r] = one[0];
                    }
                }
            }
        }
        return new FittedColumn(column, false, fitted);
    }

    private static FittedColumn fitText(String column, List<Step> steps, String[] values) {
        Categories categories = new Categories(values);
        List<FittedStep> fitted = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            if (isEncoder(step) && i != steps.size() - 1) {
                throw new FeatureException(column, "an encoding step must be the last step");
            }
            FittedStep f = fitTextStep(column, step, categories);
            fitted.add(f);
        }
        if (fitted.isEmpty() || !(fitted.get(fitted.size() - 1) instanceof FittedStep.OneHot
                || fitted.get(fitted.size() - 1) instanceof FittedStep.Hash)) {
            throw new FeatureException(column, "a text column needs an encoding step (onehot or hash) last");
        }
        return new FittedColumn(column, true, fitted);
    }

    private static FittedStep fitNumberStep(String column, Step step, double[] x) {
        if (step instanceof Step.Impute impute) {
            return new FittedStep.FillNumber(numericFill(column, impute, x));
        }
        if (step instanceof Step.Standardize) {
            StreamSum sum = StreamSum.ofPresent(x);
            double mean = sum.mean();
            StreamSum squares = new StreamSum();
            for (double v : x) {
                if (!Double.isNaN(v)) {
                    squares.add((v - mean) * (v - mean));
                }
            }
            double std = Math.sqrt(squares.value() / Math.max(1, sum.count() - 1));
            return new FittedStep.Affine(mean, std > 0 ? std : 1);
        }
        if (step instanceof Step.MinMax) {
            double[] present = present(x);
            double min = Arrays.stream(present).min().orElse(0);
            double max = Arrays.stream(present).max().orElse(1);
            return new FittedStep.Affine(min, max > min ? max - min : 1);
        }
        if (step instanceof Step.Log1p) {
            return new FittedStep.Log1p();
        }
        if (step instanceof Step.Clip c) {
            return new FittedStep.Clip(c.min(), c.max());
        }
        if (step instanceof Step.Bucketize b) {
            return new FittedStep.Buckets(b.edges() != null ? b.edges() : quantileEdges(present(x), b.bins()));
        }
        throw new FeatureException(column, stepName(step) + " needs a text column"
                + (step instanceof Step.OneHot ? "; use bucketize for numbers" : ""));
    }

    private static FittedStep fitTextStep(String column, Step step, Categories categories) {
        if (step instanceof Step.Impute impute) {
            String fill;
            if (impute.strategy().equals("most-frequent")) {
                fill = categories.mostFrequent();
            } else if (impute.strategy().equals("constant")) {
                fill = impute.constant();
            } else {
                throw new FeatureException(column, "impute " + impute.strategy()
                        + " needs a numeric column; use most-frequent or constant");
            }
            categories.fillMissing(fill);
            return new FittedStep.FillText(fill);
        }
        if (step instanceof Step.OneHot o) {
            return new FittedStep.OneHot(categories.top(o.maxCategories()));
        }
        if (step instanceof Step.Hash h) {
            return new FittedStep.Hash(h.buckets());
        }
        throw new FeatureException(column, stepName(step) + " needs a numeric column");
    }

    private static String stepName(Step step) {
        return step.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    private static boolean isEncoder(Step step) {
        return step instanceof Step.OneHot || step instanceof Step.Hash || step instanceof Step.Bucketize;
    }

    private static double numericFill(String column, Step.Impute impute, double[] x) {
        return switch (impute.strategy()) {
            case "mean" -> StreamSum.ofPresent(x).mean();
            case "median" -> median(x);
            case "most-frequent" -> {
                Map<Double, Integer> counts = new HashMap<>();
                for (double v : present(x)) {
                    counts.merge(v, 1, Integer::sum);
                }
                yield counts.entrySet().stream()
                        .max(Map.Entry.<Double, Integer>comparingByValue()
                                .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                        .map(Map.Entry::getKey).orElse(0.0);
            }
            case "constant" -> {
                try {
                    yield Double.parseDouble(impute.constant());
                } catch (NumberFormatException e) {
                    throw new FeatureException(column, "impute constant '" + impute.constant() + "' is not a number");
                }
            }
            default -> throw new FeatureException(column, "unknown impute strategy " + impute.strategy());
        };
    }

    private static double[] present(double[] x) {
        double[] present = new double[x.length];
        int n = 0;
        for (double v : x) {
            if (!Double.isNaN(v)) {
                present[n++] = v;
            }
        }
        return n == x.length ? present : Arrays.copyOf(present, n);
    }

    private static double[] sorted(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s;
    }

    /**
     * {@link #quantile} at 0.5 of {@code x}'s values that are not NaN (0 when there are none), from the two middle
     * ranks alone, which {@link Selection#atRanks} finds without sorting. A value at a rank is the one a sort puts
     * there, but for a zero's sign, and that sign never reaches the median: {@code low + (high - low) * f} of two zeros
     * is {@code +0.0} whatever their signs, so the median has the bits of a sort's (and of the selection used before).
     */
    private static double median(double[] x) {
        double[] present = present(x);
        if (present.length == 0) {
            return 0;
        }
        double pos = 0.5 * (present.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, present.length - 1);
        double[] at = Selection.atRanks(present, present.length, lo == hi ? new int[] {lo} : new int[] {lo, hi});
        double low = at[0];
        double high = at[at.length - 1];
        return low + (high - low) * (pos - lo); // quantile(sorted, 0.5), from the two ranks it reads
    }

    /** Linear interpolation between closest ranks, as numpy's default. */
    static double quantile(double[] sorted, double p) {
        double pos = p * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    private static List<Double> quantileEdges(double[] present, int bins) {
        if (present.length == 0) {
            return List.of();
        }
        double[] s = sorted(present);
        List<Double> edges = new ArrayList<>();
        for (int i = 1; i < bins; i++) {
            double edge = quantile(s, (double) i / bins);
            if (edges.isEmpty() || edge > edges.get(edges.size() - 1)) {
                edges.add(edge);
            }
        }
        return edges;
    }

    /**
     * The sum {@code DoubleStream.sum()} and {@code average()} compute (Kahan's compensated summation, the compensation
     * subtracted at the end, as in Java 17.0.15 and 25), in a plain loop: pipelines fitted when these came from
     * streams keep their bits, and the fit pays no stream set-up in a cold JVM.
     */
    private static final class StreamSum {
        private double sum;
        private double compensation;
        private double simpleSum;
        private int count;

        /** The sum of {@code x}'s values that are not NaN, in order. */
        static StreamSum ofPresent(double[] x) {
            StreamSum sum = new StreamSum();
            for (double v : x) {
                if (!Double.isNaN(v)) {
                    sum.add(v);
                }
            }
            return sum;
        }

        void add(double v) {
            double y = v - compensation;
            double t = sum + y;
            compensation = (t - sum) - y;
            sum = t;
            simpleSum += v;
            count++;
        }

        int count() {
            return count;
        }

        /** {@code average().orElse(0)}. */
        double mean() {
            return count > 0 ? value() / count : 0;
        }

        double value() {
            double compensated = sum - compensation;
            // as the JDK: a compensated sum made NaN by same-signed infinities is the simple sum's infinity
            return Double.isNaN(compensated) && Double.isInfinite(simpleSum) ? simpleSum : compensated;
        }
    }

    /**
     * A text column's values as the steps fitted so far leave them: each value's count, and how many are missing.
     * Counted once per column, as a fill only moves the missing values to one category.
     */
    private static final class Categories {
        private final Map<String, Integer> counts = new HashMap<>();
        private int missing;

        Categories(String[] values) {
            // Counted in mutable cells (no Integer boxed per value), then kept as the map the steps read.
            Map<String, int[]> cells = new HashMap<>();
            for (String v : values) {
                if (v == null) {
                    missing++;
                } else {
                    cells.computeIfAbsent(v, k -> new int[1])[0]++;
                }
            }
            cells.forEach((v, count) -> counts.put(v, count[0]));
        }

        void fillMissing(String fill) {
            if (missing > 0) {
                counts.merge(fill, missing, Integer::sum);
                missing = 0;
            }
        }

        String mostFrequent() {
            return counts.entrySet().stream()
                    .max(Map.Entry.<String, Integer>comparingByValue()
                            .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                    .map(Map.Entry::getKey).orElse(FittedColumn.UNKNOWN);
        }

        /** The most frequent values, most frequent first, ties by value: a deterministic vocabulary. */
        List<String> top(int max) {
            return counts.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                            .thenComparing(Map.Entry.comparingByKey()))
                    .limit(max).map(Map.Entry::getKey).toList();
        }
    }
}
