package dev.mlops.jenkins.lineage;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Action;
import hudson.model.Job;
import java.util.Collection;
import java.util.List;
import jenkins.model.TransientActionFactory;

/** Puts the metric trend on every job whose last completed build ran an mlops step. */
@Extension
public final class MlTrendActionFactory extends TransientActionFactory<Job> {

    @Override
    public Class<Job> type() {
        return Job.class;
    }

    @NonNull
    @Override
    public Collection<? extends Action> createFor(@NonNull Job target) {
        var last = target.getLastCompletedBuild();
        if (last == null || last.getAction(MlLineageAction.class) == null) {
            return List.of();
        }
        return List.of(new MlTrendAction(target));
    }
}
