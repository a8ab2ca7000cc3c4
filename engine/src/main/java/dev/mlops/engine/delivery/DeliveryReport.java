package dev.mlops.engine.delivery;

import java.util.List;
import java.util.Map;

/**
 * The delivery figures of a window, overall, per model and per week, with the events they were computed from.
 *
 * @param since     start of the window (inclusive)
 * @param until     end of the window (exclusive)
 * @param overall   every model together
 * @param models    per model, by name
 * @param weeks     the same figures per ISO week (Monday to Monday, UTC) overlapping the window, oldest first
 * @param changes   each promotion to production in the window, with its lead time
 * @param attempts  each attempt to change production in the window, failed or not
 * @param recoveries each drift detection in the window and the promotion that answered it, if any
 * @param notes     gaps in the log that changed how a figure was computed
 */
public record DeliveryReport(String since, String until, Figures overall, Map<String, Figures> models,
                             List<Week> weeks, List<Change> changes, List<Attempt> attempts,
                             List<Recovery> recoveries, List<String> notes) {

    /**
     * @param promotions         forward moves of the production alias
     * @param perDay             promotions per day of the window
     * @param perWeek            promotions per week of the window
     * @param leadTimeHours      median and p90 of the changes' lead times
     * @param attempts           attempts to change production
     * @param failures           attempts that failed: a failed gate, a canary rolled back or aborted, a promotion
     *                           rolled back
     * @param changeFailureRate  failures over attempts, null without attempts
     * @param recoveryHours      median and worst time from a drift detection to the promotion that answered it
     * @param openDrifts         drift detections not yet answered by a promotion
     */
    public record Figures(int promotions, double perDay, double perWeek, Stat leadTimeHours, int attempts,
                          int failures, Double changeFailureRate, Stat recoveryHours, int openDrifts) {
    }

    /** A distribution's size and two of its points; the points are null when it is empty. */
    public record Stat(int count, Double median, Double p90, Double worst) {
    }

    public record Week(String week, String start, Figures figures) {
    }

    /**
     * @param startSource where the lead time starts: {@code data-arrival} (the training data's modification time),
     *                    {@code commit} (the training commit), {@code training} (the train step) or
     *                    {@code registration}, the first of them the lineage recorded; null (and no lead time) when
     *                    nothing was recorded
     */
    public record Change(String model, int version, String promotedAt, String startedAt, String startSource,
                         Double leadTimeHours, boolean rolledBack) {
    }

    /**
     * @param version null for a gate run on a candidate before it was registered
     * @param outcome {@code promoted}, {@code gate-failed}, {@code canary-rolled-back}, {@code canary-aborted} or
     *                {@code promotion-rolled-back}
     */
    public record Attempt(String model, Integer version, String at, String outcome, boolean failed) {
    }

    /** @param hours null while open: no promotion since the detection */
    public record Recovery(String model, String detectedAt, Integer version, String recoveredAt, Double hours) {
    }
}
