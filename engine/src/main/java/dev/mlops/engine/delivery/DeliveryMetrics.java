package dev.mlops.engine.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.engine.delivery.DeliveryReport.Attempt;
import dev.mlops.engine.delivery.DeliveryReport.Change;
import dev.mlops.engine.delivery.DeliveryReport.Figures;
import dev.mlops.engine.delivery.DeliveryReport.Recovery;
import dev.mlops.engine.delivery.DeliveryReport.Stat;
import dev.mlops.engine.delivery.DeliveryReport.Week;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Computes {@link DeliveryReport}s from audit-log entries. The figures, per model and overall:
 * <ul>
 *   <li><b>Deployment frequency</b>: forward moves of the {@value #PRODUCTION} alias (a move to a lower version
 *       than the one it leaves is a rollback, not a deployment), per day and per week of the window.</li>
 *   <li><b>Lead time</b>: from the start of a change to its promotion, median and p90. The start is the first the
 *       version's lineage records of: its training data's arrival (modification time), the training commit, the
 *       train step; else the version's registration.</li>
 *   <li><b>Change failure rate</b>: failed attempts over attempts. An attempt is a promotion, a failed gate or a
 *       canary that ended rolled back or aborted (passed gates and promoted canaries lead to the promotion, which is
 *       counted once). A promotion fails when the alias is later rolled back from it.</li>
 *   <li><b>Time to recover from drift</b>: from a drift detection to the promotion of a version registered after
 *       it, median and worst; a detection with no such promotion yet is open.</li>
 * </ul>
 */
public final class DeliveryMetrics {

    public static final String PRODUCTION = "production";

    private static final double HOUR = 3600.0;

    private DeliveryMetrics() {
    }

    /**
     * @param entries the registry's audit-log entries, oldest first
     * @param model   only this model, or null for every model
     * @param since   start of the window, or null for the first entry
     * @param until   end of the window
     */
    public static DeliveryReport compute(List<ObjectNode> entries, String model, Instant since, Instant until) {
        List<String> notes = new ArrayList<>();
        Map<String, History> histories = new TreeMap<>();
        Instant first = null;
        for (ObjectNode e : entries) {
            String name = e.path("model").asText(null);
            if (name == null || (model != null && !model.equals(name))) {
                continue;
            }
            Instant time = Instant.parse(e.get("time").asText());
            first = first == null || time.isBefore(first) ? time : first;
            histories.computeIfAbsent(name, History::new).add(e, time);
        }
        Instant from = since != null ? since : first != null ? first : until;
        Predicate<Instant> inWindow = t -> !t.isBefore(from) && t.isBefore(until);

        List<Change> changes = new ArrayList<>();
        List<Attempt> attempts = new ArrayList<>();
        List<Recovery> recoveries = new ArrayList<>();
        for (History h : histories.values()) {
            h.collect(inWindow, changes, attempts, recoveries, notes);
        }
        changes.sort(Comparator.comparing(Change::promotedAt));
        attempts.sort(Comparator.comparing(Attempt::at));
        recoveries.sort(Comparator.comparing(Recovery::detectedAt));

        double days = Math.max(0, Duration.between(from, until).toMillis() / 86_400_000.0);
        Map<String, Figures> perModel = new TreeMap<>();
        for (String name : histories.keySet()) {
            perModel.put(name, figures(changes, attempts, recoveries, days, name::equals));
        }
        List<Week> weeks = new ArrayList<>();
        Instant weekStart = from.atZone(ZoneOffset.UTC).toLocalDate()
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay(ZoneOffset.UTC).toInstant();
        for (Instant w = weekStart; w.isBefore(until); w = w.plus(7, ChronoUnit.DAYS)) {
            Instant start = w.isBefore(from) ? from : w;
            Instant end = w.plus(7, ChronoUnit.DAYS).isAfter(until) ? until : w.plus(7, ChronoUnit.DAYS);
            Predicate<Instant> inWeek = t -> !t.isBefore(start) && t.isBefore(end);
            double weekDays = Duration.between(start, end).toMillis() / 86_400_000.0;
            String label = w.atZone(ZoneOffset.UTC).get(IsoFields.WEEK_BASED_YEAR) + "-W"
                    + String.format("%02d", w.atZone(ZoneOffset.UTC).get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            weeks.add(new Week(label, w.toString(), figures(
                    changes.stream().filter(c -> inWeek.test(Instant.parse(c.promotedAt()))).toList(),
                    attempts.stream().filter(a -> inWeek.test(Instant.parse(a.at()))).toList(),
                    recoveries.stream().filter(r -> inWeek.test(Instant.parse(r.detectedAt()))).toList(),
                    weekDays, name -> true)));
        }
        if (changes.isEmpty()) {
            notes.add("no promotion to " + PRODUCTION + " in the window");
        }
        return new DeliveryReport(from.toString(), until.toString(),
                figures(changes, attempts, recoveries, days, name -> true), perModel, weeks, changes, attempts,
                recoveries, notes);
    }

    private static Figures figures(List<Change> changes, List<Attempt> attempts, List<Recovery> recoveries,
                                   double days, Predicate<String> model) {
        List<Change> c = changes.stream().filter(x -> model.test(x.model())).toList();
        List<Attempt> a = attempts.stream().filter(x -> model.test(x.model())).toList();
        List<Recovery> r = recoveries.stream().filter(x -> model.test(x.model())).toList();
        int failures = (int) a.stream().filter(Attempt::failed).count();
        return new Figures(c.size(), days > 0 ? c.size() / days : 0, days > 0 ? c.size() / (days / 7) : 0,
                stat(c.stream().map(Change::leadTimeHours).filter(java.util.Objects::nonNull).toList()), a.size(),
                failures,
                a.isEmpty() ? null : (double) failures / a.size(),
                stat(r.stream().map(Recovery::hours).filter(java.util.Objects::nonNull).toList()),
                (int) r.stream().filter(x -> x.hours() == null).count());
    }

    /** Median and p90 by linear interpolation between closest ranks (as numpy's default), and the worst. */
    static Stat stat(List<Double> values) {
        if (values.isEmpty()) {
            return new Stat(0, null, null, null);
        }
        List<Double> sorted = values.stream().sorted().toList();
        return new Stat(sorted.size(), quantile(sorted, 0.5), quantile(sorted, 0.9), sorted.get(sorted.size() - 1));
    }

    private static double quantile(List<Double> sorted, double p) {
        double rank = p * (sorted.size() - 1);
        int low = (int) Math.floor(rank);
        int high = Math.min(low + 1, sorted.size() - 1);
        return sorted.get(low) + (rank - low) * (sorted.get(high) - sorted.get(low));
    }

    /** Parses {@code --since}: an age ({@code 30d}, {@code 12h}, {@code 2w}) before {@code until}, or an instant. */
    public static Instant parseSince(String since, Instant until) {
        java.util.regex.Matcher age = java.util.regex.Pattern.compile("(\\d+)([hdw])").matcher(since.trim());
        if (age.matches()) {
            long n = Long.parseLong(age.group(1));
            return until.minus(switch (age.group(2)) {
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            });
        }
        try {
            return since.length() == 10 ? java.time.LocalDate.parse(since).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(since);
        } catch (java.time.format.DateTimeParseException e) {
            throw new dev.mlops.engine.UsageException("--since " + since + ": expected an age such as 30d, 12h or 2w, "
                    + "a date (2026-11-01) or an instant (2026-11-01T00:00:00Z)");
        }
    }

    /** A forward move of the production alias; a later move back to a lower version rolls it back. */
    private static final class Promotion {
        final int version;
        final Instant at;
        boolean rolledBack;

        Promotion(int version, Instant at) {
            this.version = version;
            this.at = at;
        }
    }

    /** One model's events, in log order. */
    private static final class History {
        final String model;
        final Map<Integer, Instant> registered = new HashMap<>();
        final Map<Integer, JsonNode> lineage = new HashMap<>();
        final List<ObjectNode> events = new ArrayList<>();
        final List<Instant> times = new ArrayList<>();

        History(String model) {
            this.model = model;
        }

        void add(ObjectNode e, Instant time) {
            String type = e.path("type").asText();
            Integer version = e.hasNonNull("version") ? e.get("version").asInt() : null;
            if (type.equals("registered") && version != null) {
                registered.put(version, time);
            } else if (type.equals("lineage") && version != null && e.path("lineage").path("steps").isArray()) {
                lineage.put(version, e.get("lineage"));
            }
            events.add(e);
            times.add(time);
        }

        void collect(Predicate<Instant> inWindow, List<Change> changes, List<Attempt> attempts,
                     List<Recovery> recoveries, List<String> notes) {
            // Promotions first (with rollbacks marking the promotion they undo), then everything else.
            List<Promotion> promotions = new ArrayList<>();
            Map<Integer, Promotion> lastPromotion = new HashMap<>();
            for (int i = 0; i < events.size(); i++) {
                ObjectNode e = events.get(i);
                if (!e.path("type").asText().equals("alias-set") || !PRODUCTION.equals(e.path("alias").asText())) {
                    continue;
                }
                int version = e.get("version").asInt();
                Integer previous = e.hasNonNull("previousVersion") ? e.get("previousVersion").asInt() : null;
                if (previous != null && version < previous) {
                    Promotion undone = lastPromotion.get(previous);
                    if (undone != null) {
                        undone.rolledBack = true;
                    }
                } else if (previous == null || version != previous) {
                    Promotion p = new Promotion(version, times.get(i));
                    promotions.add(p);
                    lastPromotion.put(version, p);
                }
            }
            for (Promotion p : promotions) {
                int version = p.version;
                Instant at = p.at;
                boolean rolledBack = p.rolledBack;
                if (!inWindow.test(at)) {
                    continue;
                }
                String[] start = start(version);
                Double hours = null;
                if (start == null) {
                    notes.add(model + " v" + version + ": neither lineage nor registration recorded; no lead time");
                    start = new String[] {null, null};
                } else {
                    if (!start[1].equals("data-arrival")) {
                        notes.add(model + " v" + version + ": lead time from its " + start[1] + " (no "
                                + (start[1].equals("commit") ? "data arrival" : "data arrival or commit")
                                + " recorded)");
                    }
                    hours = Math.max(0, Duration.between(Instant.parse(start[0]), at).toMillis() / 1000.0 / HOUR);
                }
                changes.add(new Change(model, version, at.toString(), start[0], start[1], hours, rolledBack));
                attempts.add(new Attempt(model, version, at.toString(), rolledBack ? "promotion-rolled-back"
                        : "promoted", rolledBack));
            }
            Recovery incident = null;
            for (int i = 0; i < events.size(); i++) {
                ObjectNode e = events.get(i);
                Instant at = times.get(i);
                if (e.path("type").asText().equals("drift")) {
                    // A detection while an earlier one is still unanswered is the same incident (a monitor runs
                    // again and again on drifted data): only the first starts the clock.
                    if (incident == null || (incident.recoveredAt() != null
                            && !Instant.parse(incident.recoveredAt()).isAfter(at))) {
                        incident = recovery(at, promotions);
                        if (inWindow.test(at)) {
                            recoveries.add(incident);
                        }
                    }
                    continue;
                }
                if (!inWindow.test(at)) {
                    continue;
                }
                Integer version = e.hasNonNull("version") ? e.get("version").asInt() : null;
                switch (e.path("type").asText()) {
                    case "gate" -> {
                        if (!e.path("passed").asBoolean(true)) {
                            attempts.add(new Attempt(model, version, at.toString(), "gate-failed", true));
                        }
                    }
                    case "canary" -> {
                        String outcome = e.path("outcome").asText();
                        if (outcome.equals("rolled-back") || outcome.equals("aborted")) {
                            attempts.add(new Attempt(model, version, at.toString(), "canary-" + outcome, true));
                        }
                    }
                    default -> {
                        // registrations, lineage, tags: not outcomes
                    }
                }
            }
        }

        private Recovery recovery(Instant detected, List<Promotion> promotions) {
            for (Promotion p : promotions) {
                Instant registeredAt = registered.get(p.version);
                if (p.at.isAfter(detected) && (registeredAt == null || registeredAt.isAfter(detected))) {
                    return new Recovery(model, detected.toString(), p.version, p.at.toString(),
                            Duration.between(detected, p.at).toMillis() / 1000.0 / HOUR);
                }
            }
            return new Recovery(model, detected.toString(), null, null, null);
        }

        /** Where the version's lead time starts, and from what; null when nothing was recorded. */
        private String[] start(int version) {
            JsonNode record = lineage.get(version);
            if (record != null) {
                JsonNode train = null;
                for (JsonNode step : record.path("steps")) {
                    if (step.path("command").asText().equals("train") && step.path("status").asText().equals(
                            "passed")) {
                        train = step;
                    }
                }
                if (train != null) {
                    TreeSet<String> arrivals = new TreeSet<>();
                    for (JsonNode in : train.path("inputs")) {
                        if (in.path("role").asText().equals("training-data") && in.hasNonNull("modifiedAt")) {
                            arrivals.add(in.get("modifiedAt").asText());
                        }
                    }
                    if (!arrivals.isEmpty()) {
                        return new String[] {arrivals.last(), "data-arrival"};
                    }
                }
                if (record.path("git").hasNonNull("committedAt")) {
                    return new String[] {record.path("git").get("committedAt").asText(), "commit"};
                }
                if (train != null && train.hasNonNull("at")) {
                    return new String[] {train.get("at").asText(), "training"};
                }
            }
            Instant registeredAt = registered.get(version);
            return registeredAt == null ? null : new String[] {registeredAt.toString(), "registration"};
        }
    }
}
