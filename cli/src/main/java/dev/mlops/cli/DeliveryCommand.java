package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.engine.AtomicFiles;
import dev.mlops.engine.InputException;
import dev.mlops.engine.UsageException;
import dev.mlops.engine.delivery.DeliveryMetrics;
import dev.mlops.engine.delivery.DeliveryPrometheus;
import dev.mlops.engine.delivery.DeliveryReport;
import dev.mlops.engine.delivery.DeliveryReport.Figures;
import dev.mlops.engine.registry.AuditLog;
import dev.mlops.engine.registry.ModelRegistry;
import dev.mlops.engine.report.DeliveryPage;
import dev.mlops.engine.report.Html;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mlops delivery}: the ML delivery figures from the registry's audit log. */
@Command(name = "delivery", mixinStandardHelpOptions = true,
        description = {"ML delivery metrics from the registry's audit log, per model and overall, and by week: "
                + "deployment frequency, lead time (data arrival or commit to production), change failure rate "
                + "and time to recover from drift (docs/cli.md).",
                "Exit 0; 3 when the registry has no audit log, 14 when the log was tampered with."})
final class DeliveryCommand extends EngineCommand {

    @Mixin
    RegistryOption registry;

    @Option(names = "--model", paramLabel = "NAME", description = "Only this model (default: every model).")
    String model;

    @Option(names = "--since", paramLabel = "AGE|DATE|INSTANT", defaultValue = "30d",
            description = "Start of the window: an age before --until (30d, 12h, 2w), a date or an ISO-8601 instant "
                    + "(default: ${DEFAULT-VALUE}).")
    String since;

    @Option(names = "--until", paramLabel = "INSTANT", description = "End of the window (default: now).")
    String until;

    @Option(names = "--html", paramLabel = "FILE", description = "Write an HTML page with the weekly trends.")
    Path html;

    @Option(names = "--prometheus", paramLabel = "FILE", description = "Write the figures in the Prometheus text "
            + "format (for a node-exporter textfile collector), atomically.")
    Path prometheus;

    @Override
    Outcome run() throws Exception {
        ModelRegistry r = registry.open(env());
        AuditLog log = r.auditLog();
        if (!Files.exists(log.file())) {
            throw new InputException(log.file(), "no audit log: registry " + r.location() + " has recorded nothing "
                    + "yet");
        }
        List<AuditLog.Problem> problems = log.verify().stream().filter(p -> !p.harmless()).toList();
        if (!problems.isEmpty()) {
            out().printf("%s: %d problem(s); no figures from a log that was tampered with%n", log.file(),
                    problems.size());
            problems.forEach(p -> out().printf("  line %d: %s: %s%n", p.line(), p.kind(), p.message()));
            out().flush();
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("registry", r.location());
            fields.put("log", log.file().toString());
            fields.put("problems", problems);
            return new Outcome("failed", ExitCodes.AUDIT_FAILED, fields);
        }
        // Whole seconds for readable windows, rounded up so that what happened this second is in the window.
        Instant end = until == null ? Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1)
                : parseInstant(until);
        List<ObjectNode> entries = r.auditEntries();
        DeliveryReport report = DeliveryMetrics.compute(entries, model, DeliveryMetrics.parseSince(since, end), end);
        print(report, r.location());
        if (html != null) {
            Html.write(html, DeliveryPage.render(report));
        }
        if (prometheus != null) {
            AtomicFiles.write(prometheus, DeliveryPrometheus.format(report));
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("registry", r.location());
        fields.put("model", model);
        fields.put("since", report.since());
        fields.put("until", report.until());
        fields.put("overall", report.overall());
        fields.put("models", report.models());
        fields.put("weeks", report.weeks());
        fields.put("changes", report.changes());
        fields.put("attempts", report.attempts());
        fields.put("recoveries", report.recoveries());
        fields.put("notes", report.notes());
        if (html != null) {
            fields.put("report", html.toString());
        }
        if (prometheus != null) {
            fields.put("prometheus", prometheus.toString());
        }
        return Outcome.passed(fields);
    }

    private static Instant parseInstant(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new UsageException("--until " + value + ": expected an ISO-8601 instant such as "
                    + "2026-12-01T00:00:00Z");
        }
    }

    private void print(DeliveryReport report, String location) {
        out().printf("ML delivery %s to %s, registry %s%n", report.since(), report.until(), location);
        describe("all models", report.overall());
        report.models().forEach(this::describe);
        report.notes().forEach(n -> out().println("  note: " + n));
        out().flush();
    }

    private void describe(String name, Figures f) {
        out().printf(Locale.ROOT, "%s%n  deployments     %d (%.2f/day, %.2f/week)%n", name, f.promotions(),
                f.perDay(), f.perWeek());
        out().printf(Locale.ROOT, "  lead time       %s%n", f.leadTimeHours().count() == 0 ? "none"
                : String.format(Locale.ROOT, "median %.1f h, p90 %.1f h (%d changes)", f.leadTimeHours().median(),
                        f.leadTimeHours().p90(), f.leadTimeHours().count()));
        out().printf(Locale.ROOT, "  change failure  %s%n", f.changeFailureRate() == null ? "no attempts"
                : String.format(Locale.ROOT, "%.0f%% (%d of %d attempts)", 100 * f.changeFailureRate(),
                        f.failures(), f.attempts()));
        out().printf(Locale.ROOT, "  drift recovery  %s%s%n", f.recoveryHours().count() == 0 ? "none recovered"
                : String.format(Locale.ROOT, "median %.1f h, worst %.1f h (%d recovered)",
                        f.recoveryHours().median(), f.recoveryHours().worst(), f.recoveryHours().count()),
                f.openDrifts() == 0 ? "" : ", " + f.openDrifts() + " open");
    }
}
