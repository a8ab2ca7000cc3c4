package dev.mlops.jenkins.lineage;

import dev.mlops.jenkins.delivery.MlDeliveryAction;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Action;
import hudson.model.Job;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import jenkins.model.TransientActionFactory;

/**
 * Puts the job-level ML views on every job whose recent completed builds feed them: the metric trend when one of
 * them has ML lineage (a last build without, a docs-only change, does not hide it), the ML delivery section when one
 * of them computed delivery figures.
 */
@Extension
public final class MlJobActionFactory extends TransientActionFactory<Job> {

    @Override
    public Class<Job> type() {
        return Job.class;
    }

    @NonNull
    @Override
    public Collection<? extends Action> createFor(@NonNull Job target) {
        List<Action> actions = new ArrayList<>();
        if (MlTrendAction.hasLineage(target)) {
            actions.add(new MlTrendAction(target));
        }
        if (MlDeliveryAction.hasDelivery(target)) {
            actions.add(new MlDeliveryAction(target));
        }
        return actions;
    }
}
