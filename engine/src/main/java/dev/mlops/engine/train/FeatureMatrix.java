package dev.mlops.engine.train;

import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.BooleanProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import dev.mlops.engine.InputException;
import dev.mlops.engine.data.Columns;
import dev.mlops.engine.features.FeatureException;
import dev.mlops.engine.features.FittedColumn;
import dev.mlops.engine.features.FittedPipeline;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;
import java.util.stream.IntStream;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.tribuo.CategoricalInfo;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.MutableDataset;
import org.tribuo.MutableFeatureMap;
import org.tribuo.MutableOutputInfo;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.SkeletalVariableInfo;
import org.tribuo.Tribuo;
import org.tribuo.VariableInfo;
import org.tribuo.classification.Label;
import org.tribuo.provenance.DataProvenance;
import org.tribuo.provenance.DatasetProvenance;

/**
 * Training rows through a fitted pipeline as XGBoost reads them: one dense row-major float matrix whose columns are in
 * Tribuo's feature-ID order (names sorted), and the per-feature statistics Tribuo keeps in a model's feature map. It
 * holds what Tribuo's own path derives from one example object per row, which took half of an XGBoost training at 1M
 * rows (docs/benchmarks.md), and the same values: every feature present, as a float.
 *
 * <p>Input columns are transformed in parallel, each in row order, so the statistics do not depend on the thread
 * count; a value the pipeline refuses is reported at its first row, as a row-by-row pass would.
 */
final class FeatureMatrix {

    private final float[] values;
    private final int rows;
    private final ImmutableFeatureMap features;

    private FeatureMatrix(float[] values, int rows, ImmutableFeatureMap features) {
        this.values = values;
        this.rows = rows;
        this.features = features;
    }

    /**
     * {@code rows} of {@code columns} through {@code pipeline}, with Tribuo's statistics of every feature, for
     * training.
     *
     * @throws InputException naming {@code file}, the row and the column of the first value the pipeline refuses
     */
    static FeatureMatrix of(FittedPipeline pipeline, Columns columns, int[] rows, Path file) {
        List<String> names = pipeline.featureNames();
        Map<String, Integer> id = new HashMap<>();
        int next = 0;
        for (String name : new TreeSet<>(names)) {
            id.put(name, next++);
        }
        if (id.size() != names.size()) {
            throw new InputException(file, "two features of the pipeline have the same name " + duplicates(names)
                    + "; rename a column or a category");
        }
        float[] values = new float[Math.multiplyExact(rows.length, id.size())];
        List<ColumnFill> filled;
        try {
            filled = fill(pipeline, columns, rows, id::get, id.size(), new FloatCells(values), true);
        } catch (FeatureException e) {
            throw new InputException(file, (long) rows[e.row()] + 1, e.column(), e.problem(), e);
        }
        List<VariableInfo> infos = new ArrayList<>(id.size());
        for (ColumnFill column : filled) {
            infos.addAll(column.statistics.infos());
        }
        return new FeatureMatrix(values, rows.length, new ImmutableFeatureMap(infos));
    }

    /**
     * {@code rows} of {@code columns} through {@code pipeline}, row-major in the column order of {@code model}'s
     * features, for scoring: in doubles, as the pipeline gives them; a model feature the pipeline does not produce
     * holds {@code absent}, and a produced feature the model never saw is left out.
     *
     * @throws FeatureException for the first value the pipeline refuses, with its position in {@code rows}
     */
    static double[] forModel(FittedPipeline pipeline, Columns columns, int[] rows, ImmutableFeatureMap model,
                             double absent) {
        double[] values = new double[Math.multiplyExact(rows.length, model.size())];
        if (absent != 0) {
            java.util.Arrays.fill(values, absent);
        }
        fill(pipeline, columns, rows, model::getID, model.size(), (at, value) -> values[at] = value, false);
        return values;
    }

    /**
     * {@link #forModel} in floats, for a model that reads floats (XGBoost): half the memory, and the same writes as
     * the training matrix's.
     */
    static float[] forModelAsFloats(FittedPipeline pipeline, Columns columns, int[] rows, ImmutableFeatureMap model,
                                    float absent) {
        float[] values = new float[Math.multiplyExact(rows.length, model.size())];
        if (absent != 0) {
            java.util.Arrays.fill(values, absent);
        }
        fill(pipeline, columns, rows, model::getID, model.size(), new FloatCells(values), false);
        return values;
    }

    /** Where {@link #fill} writes a value: its index in a row-major matrix. */
    @FunctionalInterface
    private interface Cells {
        void put(int index, double value);
    }

    /**
     * A float matrix's cells: one class for the training matrix and the scoring one, so that scoring after training
     * runs the code the JIT compiled for training rather than a second writer that sends it back to the interpreter.
     */
    private record FloatCells(float[] values) implements Cells {
        @Override
        public void put(int index, double value) {
            values[index] = (float) value;
        }
    }

    /**
     * Rows per step of {@link #fill}: the part of a row-major matrix that the column tasks of one step write (at 40
     * features, 1.3 MB of floats) stays in the processors' caches. Filling the whole matrix one column at a time
     * touched a new cache line for every value: 1M x 40 took 0.75 s that way and 0.5 s in blocks (warm JVM).
     */
    private static final int BLOCK_ROWS = 8192;

    /**
     * Writes each row's features into {@code cells} at {@code row * width + column(name)} (nowhere when that is
     * negative), a block of rows at a time, one input column per task within a block, and when {@code observe} keeps
     * Tribuo's statistics of each feature: every column still sees its rows in order.
     *
     * @return each input column's fill, in pipeline order
     * @throws FeatureException the refused value with the lowest row, then the first column in pipeline order
     */
    private static List<ColumnFill> fill(FittedPipeline pipeline, Columns columns, int[] rows,
                                         ToIntFunction<String> column, int width, Cells cells, boolean observe) {
        List<ColumnFill> fills = pipeline.columns().stream()
                .map(fitted -> new ColumnFill(fitted, columns, column, observe)).toList();
        for (int from = 0; from < rows.length; from += BLOCK_ROWS) {
            int start = from;
            int end = Math.min(rows.length, from + BLOCK_ROWS);
            FeatureException first = fills.parallelStream()
                    .map(f -> f.fill(rows, start, end, width, cells))
                    .filter(java.util.Objects::nonNull)
                    .reduce((a, b) -> b.row() < a.row() ? b : a).orElse(null);
            if (first != null) {
                throw first;
            }
        }
        return fills;
    }

    /** One input column's part of {@link #fill}: its features' matrix columns, its values and its statistics. */
    private static final class ColumnFill {
        private final FittedColumn fitted;
        private final String[] names;
        private final int[] at;
        private final double[] scratch;
        private final double[] numbers;
        private final String[] texts;
        private final FeatureStatistics statistics;

        ColumnFill(FittedColumn fitted, Columns columns, ToIntFunction<String> column, boolean observe) {
            this.fitted = fitted;
            this.names = fitted.featureNames().toArray(String[]::new);
            this.at = new int[names.length];
            for (int k = 0; k < names.length; k++) {
                at[k] = column.applyAsInt(names[k]);
            }
            this.scratch = new double[names.length];
            this.numbers = columns.numbers().get(fitted.name());
            this.texts = columns.texts().get(fitted.name());
            this.statistics = observe ? new FeatureStatistics(names) : null;
        }

        /** Rows {@code rows[start..end)}; returns the first value it refuses instead of throwing. */
        FeatureException fill(int[] rows, int start, int end, int width, Cells cells) {
            for (int r = start; r < end; r++) {
                try {
                    if (numbers != null) {
                        fitted.transformNumber(numbers[rows[r]], scratch, 0);
                    } else {
                        fitted.transform(texts == null ? null : texts[rows[r]], scratch, 0);
                    }
                } catch (FeatureException e) {
                    return e.atRow(r);
                }
                long base = (long) r * width;
                for (int k = 0; k < names.length; k++) {
                    if (statistics != null) {
                        statistics.observe(k, scratch[k]);
                    }
                    if (at[k] >= 0) {
                        cells.put((int) (base + at[k]), scratch[k]);
                    }
                }
            }
            return null;
        }
    }

    /**
     * Tribuo's statistics of one input column's features, kept as {@link MutableFeatureMap#add} keeps them (a
     * categorical info per feature, made a real info once it has seen more than {@link CategoricalInfo#THRESHOLD}
     * distinct values) without its map lookup by name for every value, which took a quarter of a second at 1M rows.
     * Tribuo's {@code observe} is protected, hence the handle; the byte-identity tests of XGBoostFromColumnsTest
     * compare the result with Tribuo's own dataset.
     */
    private static final class FeatureStatistics {
        private static final MethodHandle OBSERVE;

        static {
            try {
                OBSERVE = MethodHandles.privateLookupIn(SkeletalVariableInfo.class, MethodHandles.lookup())
                        .findVirtual(SkeletalVariableInfo.class, "observe",
                                MethodType.methodType(void.class, double.class));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("this Tribuo version has no SkeletalVariableInfo.observe(double)", e);
            }
        }

        private final SkeletalVariableInfo[] infos;

        FeatureStatistics(String[] names) {
            infos = new SkeletalVariableInfo[names.length];
            for (int k = 0; k < names.length; k++) {
                infos[k] = new CategoricalInfo(names[k]);
            }
        }

        void observe(int feature, double value) {
            SkeletalVariableInfo info = infos[feature];
            try {
                OBSERVE.invokeExact(info, value);
            } catch (Throwable e) {
                throw new IllegalStateException("Tribuo's observe failed", e);
            }
            if (info instanceof CategoricalInfo categorical
                    && categorical.getUniqueObservations() > CategoricalInfo.THRESHOLD) {
                infos[feature] = categorical.generateRealInfo();
            }
        }

        List<VariableInfo> infos() {
            return List.of(infos);
        }
    }

    private static List<String> duplicates(List<String> names) {
        TreeSet<String> seen = new TreeSet<>();
        return names.stream().filter(n -> !seen.add(n)).distinct().toList();
    }

    int rows() {
        return rows;
    }

    /** Row-major, {@link #features()}' IDs as columns. */
    float[] values() {
        return values;
    }

    /**
     * These rows without the features that have one value in every row (compared as numbers: 0.0 and -0.0 are one
     * value), which no tree can split on; this matrix itself when every feature varies. The statistics of the
     * features kept are the ones observed.
     */
    FeatureMatrix withoutConstantFeatures() {
        int width = features.size();
        boolean[] varies = new boolean[width];
        int constant = width;
        for (int r = 1; r < rows && constant > 0; r++) {
            int base = r * width;
            for (int c = 0; c < width; c++) {
                if (!varies[c] && values[base + c] != values[c]) {
                    varies[c] = true;
                    constant--;
                }
            }
        }
        if (constant == 0 || rows == 0) {
            return this;
        }
        List<VariableInfo> kept = new ArrayList<>(width - constant);
        for (VariableInfo info : features) {
            if (varies[features.getID(info.getName())]) {
                kept.add(info);
            }
        }
        ImmutableFeatureMap keptFeatures = new ImmutableFeatureMap(kept);
        return new FeatureMatrix(valuesFor(keptFeatures), rows, keptFeatures);
    }

    /**
     * Row-major values of {@code subset}'s features (some of this matrix's, IDs by sorted name as here): this matrix's
     * own array when the subset is all of them, else a copy of those columns.
     */
    float[] valuesFor(ImmutableFeatureMap subset) {
        int width = features.size();
        if (subset.size() == width) {
            return values;
        }
        int[] from = new int[subset.size()];
        for (VariableInfo info : subset) {
            from[subset.getID(info.getName())] = features.getID(info.getName());
        }
        float[] copy = new float[Math.multiplyExact(rows, from.length)];
        IntStream.range(0, (rows + BLOCK_ROWS - 1) / BLOCK_ROWS).parallel().forEach(block -> {
            for (int r = block * BLOCK_ROWS, end = Math.min(rows, r + BLOCK_ROWS); r < end; r++) {
                for (int k = 0; k < from.length; k++) {
                    copy[r * from.length + k] = values[r * width + from[k]];
                }
            }
        });
        return copy;
    }

    /** Tribuo's feature map of these rows: IDs by sorted name, with each feature's observed statistics. */
    ImmutableFeatureMap features() {
        return features;
    }

    /**
     * Tribuo's output domain of these rows, {@code output(i)} being row {@code i}'s: what a dataset of them would have
     * observed, in the same order.
     */
    static <T extends Output<T>> ImmutableOutputInfo<T> outputs(OutputFactory<T> factory, int rows,
                                                               IntFunction<T> output) {
        MutableOutputInfo<T> info = factory.generateInfo();
        for (int i = 0; i < rows; i++) {
            info.observe(output.apply(i));
        }
        return info.generateImmutableOutputInfo();
    }

    /**
     * The feature values of Tribuo examples as a row-major matrix in their dataset's feature-ID order (a feature an
     * example lacks is 0, as in Tribuo's sparse vectors).
     */
    static float[] valuesOf(Dataset<?> examples) {
        ImmutableFeatureMap features = examples.getFeatureIDMap();
        int width = features.size();
        float[] values = new float[Math.multiplyExact(examples.size(), width)];
        int r = 0;
        for (Example<?> e : examples) {
            for (Feature f : e) {
                int id = features.getID(f.getName());
                if (id >= 0) {
                    values[r * width + id] = (float) f.getValue();
                }
            }
            r++;
        }
        return values;
    }

    /** Labelled rows' classes as Tribuo indexes them: its output domain, and each row's class ID in it. */
    record Classes(ImmutableOutputInfo<Label> info, int[] ids) {
    }

    /** The classes of rows labelled {@code labels}, one per row. */
    static Classes classes(String[] labels, OutputFactory<Label> factory) {
        Map<String, Label> interned = new HashMap<>();
        IntFunction<Label> output = i -> interned.computeIfAbsent(labels[i], Label::new);
        ImmutableOutputInfo<Label> info = outputs(factory, labels.length, output);
        int[] ids = new int[labels.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = info.getID(output.apply(i));
        }
        return new Classes(info, ids);
    }

    /**
     * What {@link MutableDataset#getProvenance()} records for a dataset of these rows with {@code outputs} outputs
     * (dense: every row has every feature), through the public constructor its deserialization uses.
     */
    DatasetProvenance provenance(DataProvenance source, int outputs) {
        Map<String, Provenance> map = new HashMap<>();
        map.put(ObjectProvenance.CLASS_NAME, new StringProvenance(ObjectProvenance.CLASS_NAME,
                MutableDataset.class.getName()));
        map.put("datasource", source);
        map.put("transformations", new ListProvenance<>());
        map.put("is-dense", new BooleanProvenance("is-dense", true));
        map.put("is-sequence", new BooleanProvenance("is-sequence", false));
        map.put("num-examples", new IntProvenance("num-examples", rows));
        map.put("num-features", new IntProvenance("num-features", features.size()));
        map.put("num-outputs", new IntProvenance("num-outputs", outputs));
        map.put("tribuo-version", new StringProvenance("tribuo-version", Tribuo.VERSION));
        return new DatasetProvenance(map);
    }

    /** A native copy of the matrix; the caller disposes of it. */
    DMatrix toDMatrix() throws XGBoostError {
        return new DMatrix(values, rows, features.size(), Float.NaN);
    }
}
