package dev.mlops.jenkins.lineage;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Action;
import hudson.model.Job;
import java.util.Collection;
import java.util.List;
import jenkins.model.TransientActionFactory;

/**
 * Puts the metric trend on every job with ML lineage in one of its recent completed builds: a last build without
 * (a failed checkout, a docs-only change) does not hide the trend of the builds before it.
 */
@Extension
public final class MlTrendActionFactory extends TransientActionFactory<Job> {

    @Override
    public Class<Job> type() {
        return Job.class;
    }

    /** Only a lookup of this action scans the recent builds, not every {@code getAction} on a job. */
    @Override
    public Class<MlTrendAction> actionType() {
        return MlTrendAction.class;
    }

    @NonNull
    @Override
    public Collection<? extends Action> createFor(@NonNull Job target) {
        return MlTrendAction.hasLineage(target) ? List.of(new MlTrendAction(target)) : List.of();
    }
}
