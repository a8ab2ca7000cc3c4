package dev.mlops.engine.monitor;

import dev.mlops.engine.UsageException;
import dev.mlops.engine.data.ColumnProfile;
import dev.mlops.engine.data.ColumnType;
import dev.mlops.engine.data.Columns;
import dev.mlops.engine.data.DatasetProfile;
import dev.mlops.engine.data.Histogram;
import dev.mlops.engine.data.CategoryCount;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Compares each column of current data with the reference and decides data drift. The default test follows the
 * size-aware rule most drift tools share (Evidently's): with a small reference (≤ 1000 rows) Kolmogorov–Smirnov
 * for numeric columns with more than five distinct values, chi-square for other columns, a Z-test for binary ones;
 * with a larger reference the normalized Wasserstein distance for numeric and the Jensen–Shannon distance for the
 * rest. Against a profile (histograms, not values) numeric columns use Jensen–Shannon over the profile's bins.
 */
public final class DriftDetector {

    /** Equal-width bins for the binned distances of numeric columns, as Evidently uses. */
    static final int DISTANCE_BINS = 30;
    /** Bins and categories the report draws. */
    static final int DISPLAY_BINS = 20;
    /** A numeric column with at most this many distinct values is compared as categorical. */
    static final int MAX_CATEGORICAL_NUMERIC = 5;
    static final String OTHER = "(other)";
    /** A text column with more distinct values than this share of its rows is an identifier, not a feature. */
    static final double IDENTIFIER_SHARE = 0.5;

    private DriftDetector() {
    }

    /** Every value of the reference against every value of the current data. */
    public static DriftReport compare(Columns reference, Columns current, List<String> columns, DriftOptions options) {
        List<String> skipped = new ArrayList<>();
        List<String> compared = selectColumns(columns, options, skipped, c -> reference.types().get(c),
                c -> reference.texts().containsKey(c) && looksLikeIdentifier(reference.texts().get(c)));
        ColumnDrift[] results = new ColumnDrift[compared.size()];
        // Columns are independent: compare them in parallel; each result lands in its own slot, so the order holds.
        IntStream.range(0, compared.size()).parallel().forEach(i -> {
            String c = compared.get(i);
            results[i] = reference.types().get(c).isNumeric() && current.types().get(c).isNumeric()
                    ? numeric(c, reference.numbers().get(c), current.numbers().get(c), reference.rows(), options)
                    : categorical(c, texts(reference, c), texts(current, c), reference.rows(), options);
        });
        return report("data", reference.rows(), current.rows(), Arrays.asList(results), options, skipped);
    }

    /** A profile's histograms and top values against every value of the current data. */
    public static DriftReport compare(DatasetProfile reference, Columns current, List<String> columns,
                                      DriftOptions options) {
        List<String> skipped = new ArrayList<>();
        List<String> compared = selectColumns(columns, options, skipped,
                c -> reference.column(c).map(ColumnProfile::type).orElse(null),
                c -> reference.column(c).filter(p -> p.type() == ColumnType.STRING && p.distinct() != null
                        && p.distinct() > IDENTIFIER_SHARE * p.count()).isPresent());
        List<ColumnDrift> results = new ArrayList<>();
        long referenceRows = reference.dataset().rows();
        for (String c : compared) {
            ColumnProfile profile = reference.column(c).orElseThrow();
            if (profile.histogram() != null && current.types().get(c).isNumeric()) {
                results.add(numericAgainstHistogram(c, profile, current.numbers().get(c), options));
            } else if (profile.topK() != null && profile.topKComplete() != null) {
                results.add(categoricalAgainstTopK(c, profile, texts(current, c), options));
            } else {
                skipped.add(c + ": the profile has no histogram or value counts for it");
            }
        }
        return report("profile", referenceRows, current.rows(), results, options, skipped);
    }

    private static List<String> selectColumns(List<String> columns, DriftOptions options, List<String> skipped,
                                              java.util.function.Function<String, ColumnType> referenceType,
                                              java.util.function.Predicate<String> identifier) {
        List<String> out = new ArrayList<>();
        for (String c : columns) {
            ColumnType type = referenceType.apply(c);
            if (options.ignored(c)) {
                skipped.add(c + ": ignored by the configuration");
            } else if (type == null) {
                skipped.add(c + ": not in the reference");
            } else if (identifier.test(c) && !options.columns().containsKey(c)) {
                skipped.add(c + ": looks like an identifier (more than half its values are distinct); configure a "
                        + "test for it to compare it anyway");
            } else if (type.isTemporal()) {
                skipped.add(c + ": dates and times are not compared (they always move)");
            } else {
                out.add(c);
            }
        }
        return out;
    }

    private static DriftReport report(String kind, long referenceRows, long currentRows, List<ColumnDrift> results,
                                      DriftOptions options, List<String> skipped) {
        long drifted = results.stream().filter(ColumnDrift::drifted).count();
        double share = results.isEmpty() ? 0 : (double) drifted / results.size();
        return new DriftReport(kind, referenceRows, currentRows, results, options.driftShare(), share,
                !results.isEmpty() && share >= options.driftShare(), skipped);
    }

    private static boolean looksLikeIdentifier(String[] values) {
        java.util.Set<String> distinct = new java.util.HashSet<>();
        long n = 0;
        for (String v : values) {
            if (v != null) {
                distinct.add(v);
                n++;
            }
        }
        return n > 0 && distinct.size() > IDENTIFIER_SHARE * n;
    }

    private static String[] texts(Columns columns, String column) {
        String[] t = columns.texts().get(column);
        if (t != null) {
            return t;
        }
        double[] n = columns.numbers().get(column);
        String[] out = new String[n.length];
        for (int i = 0; i < n.length; i++) {
            out[i] = Double.isNaN(n[i]) ? null : formatNumber(n[i]);
        }
        return out;
    }

    static String formatNumber(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /**
     * One numeric column with every value on both sides. Only the tests that need them sort the values: the
     * Kolmogorov–Smirnov test and the count per value of a column with few values. The Wasserstein distance sorts
     * only where the two distributions cross, and bins are counted in one pass.
     */
    static ColumnDrift numeric(String column, double[] referenceAll, double[] currentAll, long referenceRows,
                               DriftOptions options) {
        FiniteSample ref = FiniteSample.of(referenceAll);
        FiniteSample cur = FiniteSample.of(currentAll);
        if (ref.count() == 0 || cur.count() == 0) {
            throw new UsageException("column '" + column + "' has no values in the " + (ref.count() == 0
                    ? "reference" : "current data") + ": nothing to compare");
        }
        if (hasAtMostDistinct(MAX_CATEGORICAL_NUMERIC, referenceAll, currentAll)) {
            Map<String, long[]> counts = new HashMap<>();
            return categorical(column, counts, countRuns(ref.sorted(), counts, 0), countRuns(cur.sorted(), counts, 1),
                    referenceRows, options);
        }
        DriftOptions.ColumnRule rule = options.rule(column);
        DriftTest test = rule.test() != null ? rule.test()
                : ref.count() <= options.smallReference() ? DriftTest.KS : DriftTest.WASSERSTEIN;
        double threshold = rule.threshold() != null ? rule.threshold() : test.defaultThreshold();
        double lo = Math.min(ref.min(), cur.min());
        double hi = Math.max(ref.max(), cur.max());
        double statistic;
        Double pValue = null;
        switch (test) {
            case KS -> {
                KolmogorovSmirnov.Result r = KolmogorovSmirnov.testSorted(ref.sorted(), cur.sorted());
                statistic = r.statistic();
                pValue = r.pValue();
            }
            case WASSERSTEIN -> statistic = Wasserstein.distance(ref, cur) / Math.max(ref.populationStd(), 0.001);
            case JENSENSHANNON -> statistic = DriftStatistics.jensenShannon(equalWidthCounts(referenceAll, lo, hi,
                    DISTANCE_BINS), equalWidthCounts(currentAll, lo, hi, DISTANCE_BINS));
            case PSI -> statistic = DriftStatistics.psi(equalWidthCounts(referenceAll, lo, hi, DISTANCE_BINS),
                    equalWidthCounts(currentAll, lo, hi, DISTANCE_BINS));
            default -> throw wrongTest(column, test, "a numeric column with more than " + MAX_CATEGORICAL_NUMERIC
                    + " distinct values");
        }
        double score = pValue != null ? pValue : statistic;
        double[] refBins = equalWidthCounts(referenceAll, lo, hi, DISPLAY_BINS);
        double[] curBins = equalWidthCounts(currentAll, lo, hi, DISPLAY_BINS);
        return new ColumnDrift(column, "numeric", test, threshold, statistic, pValue, test.drifted(score, threshold),
                ref.count(), cur.count(), rangeLabels(lo, hi, DISPLAY_BINS), shares(refBins), shares(curBins));
    }

    /** One categorical (or binary, or low-cardinality numeric) column with every value on both sides. */
    static ColumnDrift categorical(String column, String[] referenceAll, String[] currentAll, long referenceRows,
                                   DriftOptions options) {
        Map<String, long[]> counts = new HashMap<>();
        return categorical(column, counts, count(referenceAll, counts, 0), count(currentAll, counts, 1),
                referenceRows, options);
    }

    /** A categorical column from its counts per value (reference, current), {@code refN} and {@code curN} in all. */
    private static ColumnDrift categorical(String column, Map<String, long[]> unordered, long refN, long curN,
                                           long referenceRows, DriftOptions options) {
        Map<String, long[]> counts = new TreeMap<>(unordered);
        if (refN == 0 || curN == 0) {
            throw new UsageException("column '" + column + "' has no values in the " + (refN == 0 ? "reference"
                    : "current data") + ": nothing to compare");
        }
        List<String> keys = new ArrayList<>(counts.keySet());
        double[] ref = keys.stream().mapToDouble(k -> counts.get(k)[0]).toArray();
        double[] cur = keys.stream().mapToDouble(k -> counts.get(k)[1]).toArray();
        boolean binary = keys.size() <= 2;
        DriftOptions.ColumnRule rule = options.rule(column);
        DriftTest test = rule.test() != null ? rule.test() : refN <= options.smallReference()
                ? (binary ? DriftTest.Z : DriftTest.CHISQUARE) : DriftTest.JENSENSHANNON;
        double threshold = rule.threshold() != null ? rule.threshold() : test.defaultThreshold();
        DriftStatistics.Value v = keys.size() == 1 && test.pValueTest()
                // One value on both sides: nothing moved.
                ? new DriftStatistics.Value(0, 1.0, "exact")
                : categoricalStatistic(column, test, ref, cur, refN, curN, "a categorical column");
        double statistic = v.statistic();
        Double pValue = test.pValueTest() ? v.pValue() : null;
        double score = pValue != null ? pValue : statistic;
        return topCategories(column, binary ? "binary" : "categorical", test, threshold, statistic, pValue,
                test.drifted(score, threshold), refN, curN, keys, ref, cur);
    }

    /** A category the reference never had makes the statistic infinite: certain drift, p = 0 (as in SciPy). */
    private static DriftStatistics.Value chiSquareAllowingNewCategories(double[] observed, double[] expected) {
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] == 0 && observed[i] > 0) {
                return new DriftStatistics.Value(Double.POSITIVE_INFINITY, 0.0, "asymp");
            }
        }
        return DriftStatistics.chiSquare(observed, expected);
    }

    /** Numeric column against a profile: the current values binned on the profile's edges (clamped at the ends). */
    static ColumnDrift numericAgainstHistogram(String column, ColumnProfile profile, double[] currentAll,
                                               DriftOptions options) {
        Histogram h = profile.histogram();
        double[] ref = h.counts().stream().mapToDouble(Long::doubleValue).toArray();
        double[] edges = h.edges().stream().mapToDouble(Double::doubleValue).toArray();
        double[] cur = new double[ref.length];
        long curN = 0;
        for (double v : currentAll) {
            if (Double.isFinite(v)) {
                int bin = Arrays.binarySearch(edges, v);
                int index = bin >= 0 ? bin : -bin - 2;
                cur[Math.max(0, Math.min(ref.length - 1, index))]++;
                curN++;
            }
        }
        if (curN == 0) {
            throw new UsageException("column '" + column + "' has no values in the current data: nothing to compare");
        }
        DriftOptions.ColumnRule rule = options.rule(column);
        DriftTest test = rule.test() != null ? rule.test() : DriftTest.JENSENSHANNON;
        if (test != DriftTest.JENSENSHANNON && test != DriftTest.PSI) {
            throw wrongTest(column, test, "a numeric column compared with a profile (only its histogram is known; "
                    + "give the reference data for ks or wasserstein)");
        }
        double threshold = rule.threshold() != null ? rule.threshold() : test.defaultThreshold();
        double statistic = test == DriftTest.PSI ? DriftStatistics.psi(ref, cur) : DriftStatistics.jensenShannon(ref,
                cur);
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < ref.length; i++) {
            labels.add(range(edges[i], edges[i + 1]));
        }
        return new ColumnDrift(column, "numeric", test, threshold, statistic, null,
                test.drifted(statistic, threshold), (long) Arrays.stream(ref).sum(), curN, labels, shares(ref),
                shares(cur));
    }

    /** Categorical column against a profile's top values; values outside them count as one "(other)" category. */
    static ColumnDrift categoricalAgainstTopK(String column, ColumnProfile profile, String[] currentAll,
                                              DriftOptions options) {
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (CategoryCount c : profile.topK()) {
            counts.put(c.value(), new long[] {c.count(), 0});
        }
        long other = profile.otherCount() == null ? 0 : profile.otherCount();
        counts.put(OTHER, new long[] {other, 0});
        long curN = 0;
        for (String v : currentAll) {
            if (v != null) {
                counts.getOrDefault(v, counts.get(OTHER))[1]++;
                curN++;
            }
        }
        if (curN == 0) {
            throw new UsageException("column '" + column + "' has no values in the current data: nothing to compare");
        }
        if (counts.get(OTHER)[0] == 0 && counts.get(OTHER)[1] == 0) {
            counts.remove(OTHER);
        }
        List<String> keys = new ArrayList<>(counts.keySet());
        double[] ref = keys.stream().mapToDouble(k -> counts.get(k)[0]).toArray();
        double[] cur = keys.stream().mapToDouble(k -> counts.get(k)[1]).toArray();
        long refN = (long) Arrays.stream(ref).sum();
        DriftOptions.ColumnRule rule = options.rule(column);
        DriftTest test = rule.test() != null ? rule.test()
                : refN <= options.smallReference() ? DriftTest.CHISQUARE : DriftTest.JENSENSHANNON;
        double threshold = rule.threshold() != null ? rule.threshold() : test.defaultThreshold();
        DriftStatistics.Value v = categoricalStatistic(column, test, ref, cur, refN, curN,
                "a categorical column compared with a profile");
        double statistic = v.statistic();
        Double pValue = test.pValueTest() ? v.pValue() : null;
        double score = pValue != null ? pValue : statistic;
        return topCategories(column, keys.size() <= 2 ? "binary" : "categorical", test, threshold, statistic, pValue,
                test.drifted(score, threshold), refN, curN, keys, ref, cur);
    }

    /** A categorical test over aligned counts; distances come with a NaN p-value. */
    private static DriftStatistics.Value categoricalStatistic(String column, DriftTest test, double[] ref,
                                                              double[] cur, long refN, long curN, String what) {
        return switch (test) {
            case CHISQUARE -> chiSquareAllowingNewCategories(cur, Arrays.stream(ref).map(r -> r * curN / refN)
                    .toArray());
            case Z -> DriftStatistics.twoProportionZ((long) ref[0], refN, (long) cur[0], curN);
            case JENSENSHANNON -> new DriftStatistics.Value(DriftStatistics.jensenShannon(ref, cur), Double.NaN,
                    "distance");
            case PSI -> new DriftStatistics.Value(DriftStatistics.psi(ref, cur), Double.NaN, "distance");
            default -> throw wrongTest(column, test, what);
        };
    }

    private static UsageException wrongTest(String column, DriftTest test, String what) {
        return new UsageException("column '" + column + "': test '" + test.id() + "' does not apply to " + what);
    }

    private static ColumnDrift topCategories(String column, String kind, DriftTest test, double threshold,
                                             double statistic, Double pValue, boolean drifted, long refN, long curN,
                                             List<String> keys, double[] ref, double[] cur) {
        Integer[] order = IntStream.range(0, keys.size()).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (a, b) -> Double.compare(ref[b] + cur[b], ref[a] + cur[a]));
        List<String> labels = new ArrayList<>();
        double[] refShown = new double[Math.min(keys.size(), DISPLAY_BINS + 1)];
        double[] curShown = new double[refShown.length];
        for (int i = 0; i < order.length; i++) {
            int slot = Math.min(i, DISPLAY_BINS);
            if (i <= DISPLAY_BINS) {
                labels.add(i == DISPLAY_BINS ? OTHER : keys.get(order[i]));
            }
            refShown[slot] += ref[order[i]];
            curShown[slot] += cur[order[i]];
        }
        return new ColumnDrift(column, kind, test, threshold, statistic, pValue, drifted, refN, curN, labels,
                shares(refShown), shares(curShown));
    }

    /**
     * Counts a sorted numeric column's values a run at a time, each value written as text once rather than once a
     * row (formatting a million numbers cost more than the test).
     */
    private static long countRuns(double[] sorted, Map<String, long[]> counts, int side) {
        for (int start = 0, end; start < sorted.length; start = end) {
            end = start + 1;
            while (end < sorted.length && sorted[end] == sorted[start]) {
                end++;
            }
            counts.computeIfAbsent(formatNumber(sorted[start]), k -> new long[2])[side] += end - start;
        }
        return sorted.length;
    }

    private static long count(String[] values, Map<String, long[]> counts, int side) {
        long n = 0;
        for (String v : values) {
            if (v != null) {
                counts.computeIfAbsent(v, k -> new long[2])[side]++;
                n++;
            }
        }
        return n;
    }

    /**
     * Whether the finite values of both columns together take at most {@code limit} distinct values (-0.0 and 0.0
     * as one, as the counts per value have them); stops at the first value past the limit.
     */
    private static boolean hasAtMostDistinct(int limit, double[]... columns) {
        long[] seen = new long[limit];
        int distinct = 0;
        for (double[] column : columns) {
            for (double v : column) {
                if (!Double.isFinite(v)) {
                    continue;
                }
                long bits = Double.doubleToLongBits(v + 0.0);
                int at = 0;
                while (at < distinct && seen[at] != bits) {
                    at++;
                }
                if (at == distinct) {
                    if (distinct == limit) {
                        return false;
                    }
                    seen[distinct++] = bits;
                }
            }
        }
        return true;
    }

    /**
     * Counts the finite values in {@code bins} equal-width bins over [lo, hi], the last bin closed (numpy.histogram's
     * convention).
     */
    static double[] equalWidthCounts(double[] values, double lo, double hi, int bins) {
        double[] counts = new double[bins];
        double width = (hi - lo) / bins;
        for (double v : values) {
            if (Double.isFinite(v)) {
                counts[bin(v, lo, width, bins)]++;
            }
        }
        return counts;
    }

    private static int bin(double value, double lo, double width, int bins) {
        int bin = width == 0 ? 0 : (int) ((value - lo) / width);
        return Math.max(0, Math.min(bins - 1, bin));
    }

    private static List<String> rangeLabels(double lo, double hi, int bins) {
        List<String> labels = new ArrayList<>();
        double width = (hi - lo) / bins;
        for (int i = 0; i < bins; i++) {
            labels.add(range(lo + i * width, i == bins - 1 ? hi : lo + (i + 1) * width));
        }
        return labels;
    }

    private static String range(double from, double to) {
        return String.format(Locale.ROOT, "%.4g–%.4g", from, to);
    }

    private static List<Double> shares(double[] counts) {
        double total = Arrays.stream(counts).sum();
        return Arrays.stream(counts).map(c -> total == 0 ? 0 : c / total).boxed().toList();
    }
}
