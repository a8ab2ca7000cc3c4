package dev.mlops.jenkins.monitor;

import hudson.AbortException;
import hudson.model.BooleanParameterValue;
import hudson.model.CauseAction;
import hudson.model.Item;
import hudson.model.Job;
import hudson.model.ParameterValue;
import hudson.model.ParametersAction;
import hudson.model.Queue;
import hudson.model.Run;
import hudson.model.StringParameterValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import jenkins.model.ParameterizedJobMixIn;

/**
 * Schedules the downstream retraining job of a monitor build that saw drift, at most once per data window: a build
 * or queue item of that job already caused by the same window is enough.
 */
final class RetrainingBuild {

    /** How many of the downstream job's recent builds are checked for the same window. */
    static final int RECENT_BUILDS = 20;

    private RetrainingBuild() {
    }

    /**
     * Returns a description of what happened ("scheduled", or why not); throws when the job cannot be used. Runs as
     * the monitor build's authentication, so it needs Item.BUILD on the downstream job.
     */
    static String schedule(Run<?, ?> monitor, String jobName, Map<?, ?> parameters, int quietPeriod,
                           DriftCause cause) throws AbortException {
        Job<?, ?> job = Jenkins.get().getItem(jobName, monitor.getParent().getParent(), Job.class);
        if (job == null || !job.hasPermission(Item.READ)) {
            throw new AbortException(Messages.RetrainingBuild_NoJob(jobName));
        }
        if (!job.hasPermission(Item.BUILD)) {
            throw new AbortException(Messages.RetrainingBuild_NoPermission(job.getFullName()));
        }
        if (alreadyCaused(job, cause.getWindow())) {
            return Messages.RetrainingBuild_AlreadyScheduled(job.getFullName(), cause.getWindow());
        }
        List<ParameterValue> values = new ArrayList<>();
        values.add(new StringParameterValue("DRIFT_COLUMNS", String.join(",", cause.getDriftedColumns())));
        values.add(new StringParameterValue("DRIFT_WINDOW", cause.getWindow()));
        values.add(new StringParameterValue("DRIFT_MONITOR_BUILD", monitor.getExternalizableId()));
        for (Map.Entry<?, ?> p : parameters.entrySet()) {
            String name = String.valueOf(p.getKey());
            values.add(p.getValue() instanceof Boolean b ? new BooleanParameterValue(name, b)
                    : new StringParameterValue(name, String.valueOf(p.getValue())));
        }
        // Named as safe: the retraining job sees them even where it does not declare them (SECURITY-170).
        List<String> names = values.stream().map(ParameterValue::getName).toList();
        Queue.Item item = ParameterizedJobMixIn.scheduleBuild2(job, quietPeriod, new CauseAction(cause),
                new ParametersAction(values, names));
        if (item == null) {
            throw new AbortException(Messages.RetrainingBuild_Refused(job.getFullName()));
        }
        return Messages.RetrainingBuild_Scheduled(job.getFullName());
    }

    private static boolean alreadyCaused(Job<?, ?> job, String window) {
        if (window == null) {
            return false;
        }
        for (Queue.Item queued : Jenkins.get().getQueue().getItems()) {
            if (queued.task == job && sameWindow(queued.getCauses(), window)) {
                return true;
            }
        }
        Run<?, ?> run = job.getLastBuild();
        for (int seen = 0; run != null && seen < RECENT_BUILDS; seen++, run = run.getPreviousBuild()) {
            if (sameWindow(run.getCauses(), window)) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameWindow(List<hudson.model.Cause> causes, String window) {
        for (hudson.model.Cause c : causes) {
            if (c instanceof DriftCause drift && window.equals(drift.getWindow())) {
                return true;
            }
        }
        return false;
    }
}
