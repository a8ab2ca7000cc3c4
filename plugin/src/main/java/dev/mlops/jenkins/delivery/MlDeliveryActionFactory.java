package dev.mlops.jenkins.delivery;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Action;
import hudson.model.Job;
import java.util.Collection;
import java.util.List;
import jenkins.model.TransientActionFactory;

/**
 * Puts the "ML delivery" section on every job whose recent completed builds computed delivery figures. A factory of
 * its own, beside the trend's: core consults a factory only for lookups of its {@link #actionType}.
 */
@Extension
public final class MlDeliveryActionFactory extends TransientActionFactory<Job> {

    @Override
    public Class<Job> type() {
        return Job.class;
    }

    @Override
    public Class<MlDeliveryAction> actionType() {
        return MlDeliveryAction.class;
    }

    @NonNull
    @Override
    public Collection<? extends Action> createFor(@NonNull Job target) {
        return MlDeliveryAction.hasDelivery(target) ? List.of(new MlDeliveryAction(target)) : List.of();
    }
}
