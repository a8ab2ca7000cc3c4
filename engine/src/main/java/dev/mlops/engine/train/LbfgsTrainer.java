package dev.mlops.engine.train;

import com.oracle.labs.mlrg.olcut.config.Config;
import org.tribuo.Output;
import org.tribuo.Trainer;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.provenance.impl.TrainerProvenanceImpl;

/**
 * What the engine's linear trainers share: the {@link Lbfgs} stopping rule, and the bookkeeping Tribuo asks of a
 * trainer (an invocation count and a provenance of the configured fields, which records the subclass's too).
 */
abstract class LbfgsTrainer<T extends Output<T>> implements Trainer<T> {

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
}
