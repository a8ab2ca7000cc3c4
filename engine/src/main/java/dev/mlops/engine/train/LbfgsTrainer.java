package dev.mlops.engine.train;

import com.oracle.labs.mlrg.olcut.config.Config;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.tribuo.Output;
import org.tribuo.Trainer;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.provenance.impl.TrainerProvenanceImpl;

/**
 * What the engine's linear trainers share: the {@link Lbfgs} stopping rule, sums over rows that do not depend on the
 * thread count, and the bookkeeping Tribuo asks of a trainer (an invocation count and a provenance of the configured
 * fields, which records the subclass's too).
 */
abstract class LbfgsTrainer<T extends Output<T>> implements Trainer<T> {

    /** Rows per block of {@link #sumInBlocks}: the unit of parallel work, fixed for determinism. */
    static final int BLOCK = 8192;

    @Config(description = "Maximum L-BFGS iterations")
    protected int maxIterations;

    @Config(description = "Stop when no gradient component of the scaled objective exceeds this")
    protected double tolerance;

    private int invocations;

    /** For OLCUT's configuration system. */
    protected LbfgsTrainer() {
    }

    protected LbfgsTrainer(int maxIterations, double tolerance) {
        this.maxIterations = maxIterations;
        this.tolerance = tolerance;
    }

    /** The provenance of this training run, counted as one more invocation. */
    protected synchronized TrainerProvenance startRun() {
        TrainerProvenance provenance = getProvenance();
        invocations++;
        return provenance;
    }

    @Override
    public synchronized int getInvocationCount() {
        return invocations;
    }

    @Override
    public synchronized void setInvocationCount(int invocationCount) {
        this.invocations = invocationCount;
    }

    @Override
    public TrainerProvenance getProvenance() {
        return new TrainerProvenanceImpl(this);
    }

    /** The loss and gradient of rows {@code from} to {@code to}: the gradient's components, then the loss. */
    @FunctionalInterface
    interface RowBlock {
        double[] sums(int from, int to);
    }

    /**
     * Sums a loss and its gradient over {@code rows} rows in blocks of {@link #BLOCK}, the blocks computed in parallel
     * and added in block order, so the sums do not depend on the thread count. Writes the gradient into
     * {@code gradient} and returns the loss.
     */
    static double sumInBlocks(int rows, RowBlock block, double[] gradient) {
        int blocks = (rows + BLOCK - 1) / BLOCK;
        List<double[]> partial = IntStream.range(0, blocks).parallel()
                .mapToObj(b -> block.sums(b * BLOCK, Math.min(rows, (b + 1) * BLOCK)))
                .toList();
        Arrays.fill(gradient, 0);
        double loss = 0;
        for (double[] p : partial) {
            for (int i = 0; i < gradient.length; i++) {
                gradient[i] += p[i];
            }
            loss += p[gradient.length];
        }
        return loss;
    }
}
