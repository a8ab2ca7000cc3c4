package dev.mlops.engine.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.engine.Json;
import dev.mlops.engine.delivery.DeliveryReport.Figures;
import dev.mlops.engine.registry.AuditLog;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each figure on a crafted audit log whose answers are worked out by hand (see the comments). */
class DeliveryMetricsTest {

    static final Instant SINCE = Instant.parse("2026-11-02T00:00:00Z");
    static final Instant UNTIL = Instant.parse("2026-11-16T00:00:00Z");

    @TempDir
    Path dir;

    /** Appends crafted entries, with their times, through the real log: the chain is intact. */
    private List<ObjectNode> log(String... entries) {
        AuditLog log = new AuditLog(dir.resolve("audit.jsonl"));
        log.write(tx -> {
            for (String entry : entries) {
                tx.append(parse(entry));
            }
            return null;
        });
        assertThat(log.verify()).isEmpty();
        return log.read();
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) Json.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String lineage(String trainAt, String dataArrival, String commitAt) {
        return "{\"schemaVersion\":1,\"git\":" + (commitAt == null ? "null" : "{\"committedAt\":\"" + commitAt + "\"}")
                + ",\"steps\":[{\"command\":\"train\",\"status\":\"passed\",\"at\":\"" + trainAt + "\",\"inputs\":["
                + "{\"role\":\"training-data\",\"path\":\"train.csv\"" + (dataArrival == null ? ""
                : ",\"modifiedAt\":\"" + dataArrival + "\"") + "}]}]}";
    }

    private List<ObjectNode> craftedLog() {
        return log(
                // churn v1: data arrived 10-29, promoted 11-02 -> lead 96 h
                "{\"time\":\"2026-10-30T00:00:00Z\",\"type\":\"registered\",\"model\":\"churn\",\"version\":1}",
                "{\"time\":\"2026-10-30T01:00:00Z\",\"type\":\"lineage\",\"model\":\"churn\",\"version\":1,"
                        + "\"lineage\":" + lineage("2026-10-29T12:00:00Z", "2026-10-29T00:00:00Z", null) + "}",
                "{\"time\":\"2026-11-02T00:00:00Z\",\"type\":\"alias-set\",\"model\":\"churn\",\"version\":1,"
                        + "\"alias\":\"production\"}",
                // a failed gate on an unregistered candidate: a failed attempt
                "{\"time\":\"2026-11-03T00:00:00Z\",\"type\":\"gate\",\"model\":\"churn\",\"passed\":false}",
                "{\"time\":\"2026-11-03T06:00:00Z\",\"type\":\"gate\",\"model\":\"churn\",\"passed\":true}",
                // drift 1, answered by v2 (registered after it) promoted 24 h later
                "{\"time\":\"2026-11-04T00:00:00Z\",\"type\":\"drift\",\"model\":\"churn\",\"version\":1}",
                // the monitor's next run still sees drift: the same incident, not a second one
                "{\"time\":\"2026-11-04T06:00:00Z\",\"type\":\"drift\",\"model\":\"churn\",\"version\":1}",
                "{\"time\":\"2026-11-04T12:00:00Z\",\"type\":\"registered\",\"model\":\"churn\",\"version\":2}",
                // v2: no data arrival recorded, committed 11-04T06 -> lead 18 h
                "{\"time\":\"2026-11-04T12:30:00Z\",\"type\":\"lineage\",\"model\":\"churn\",\"version\":2,"
                        + "\"lineage\":" + lineage("2026-11-04T10:00:00Z", null, "2026-11-04T06:00:00Z") + "}",
                "{\"time\":\"2026-11-05T00:00:00Z\",\"type\":\"canary\",\"model\":\"churn\",\"version\":2,"
                        + "\"outcome\":\"promoted\"}",
                "{\"time\":\"2026-11-05T00:00:00Z\",\"type\":\"alias-set\",\"model\":\"churn\",\"version\":2,"
                        + "\"alias\":\"production\",\"previousVersion\":1}",
                // rolled back to v1: v2's promotion failed; not a deployment
                "{\"time\":\"2026-11-06T00:00:00Z\",\"type\":\"alias-set\",\"model\":\"churn\",\"version\":1,"
                        + "\"alias\":\"production\",\"previousVersion\":2}",
                // a candidate alias moving is not a deployment
                "{\"time\":\"2026-11-06T01:00:00Z\",\"type\":\"alias-set\",\"model\":\"churn\",\"version\":2,"
                        + "\"alias\":\"candidate\"}",
                // v3: no lineage (a gap) -> lead from registration 11-09 to 11-12 = 72 h
                "{\"time\":\"2026-11-09T00:00:00Z\",\"type\":\"registered\",\"model\":\"churn\",\"version\":3}",
                "{\"time\":\"2026-11-10T00:00:00Z\",\"type\":\"canary\",\"model\":\"churn\",\"version\":3,"
                        + "\"outcome\":\"rolled-back\"}",
                // drift 2: v3 was registered before it, so its promotion does not answer it: open
                "{\"time\":\"2026-11-11T00:00:00Z\",\"type\":\"drift\",\"model\":\"churn\",\"version\":1}",
                "{\"time\":\"2026-11-11T06:00:00Z\",\"type\":\"drift\",\"model\":\"churn\",\"version\":1}",
                "{\"time\":\"2026-11-12T00:00:00Z\",\"type\":\"alias-set\",\"model\":\"churn\",\"version\":3,"
                        + "\"alias\":\"production\",\"previousVersion\":1}",
                // another model whose registration is missing from the log (a gap): a deployment, no lead time
                "{\"time\":\"2026-11-15T00:00:00Z\",\"type\":\"alias-set\",\"model\":\"fraud\",\"version\":1,"
                        + "\"alias\":\"production\"}",
                // outside the window
                "{\"time\":\"2026-11-16T00:00:00Z\",\"type\":\"gate\",\"model\":\"churn\",\"passed\":false}");
    }

    @Test
    void eachFigureOnACraftedLog() {
        DeliveryReport report = DeliveryMetrics.compute(craftedLog(), null, SINCE, UNTIL);
        Figures all = report.overall();
        // deployments: churn v1, v2, v3 and fraud v1 over 14 days
        assertThat(all.promotions()).isEqualTo(4);
        assertThat(all.perDay()).isCloseTo(4 / 14.0, within(1e-9));
        assertThat(all.perWeek()).isCloseTo(2.0, within(1e-9));
        // lead times 96, 18, 72 (fraud has none): median 72, p90 72 + 0.8 * 24 = 91.2, worst 96
        assertThat(all.leadTimeHours().count()).isEqualTo(3);
        assertThat(all.leadTimeHours().median()).isCloseTo(72, within(1e-9));
        assertThat(all.leadTimeHours().p90()).isCloseTo(91.2, within(1e-9));
        assertThat(all.leadTimeHours().worst()).isCloseTo(96, within(1e-9));
        // attempts: 4 promotions, 1 failed gate, 1 rolled-back canary; failures: gate, canary, v2 rolled back
        assertThat(all.attempts()).isEqualTo(6);
        assertThat(all.failures()).isEqualTo(3);
        assertThat(all.changeFailureRate()).isCloseTo(0.5, within(1e-9));
        // drift 1 recovered in 24 h by v2; drift 2 open
        assertThat(all.recoveryHours().count()).isEqualTo(1);
        assertThat(all.recoveryHours().median()).isCloseTo(24, within(1e-9));
        assertThat(all.recoveryHours().worst()).isCloseTo(24, within(1e-9));
        assertThat(all.openDrifts()).isEqualTo(1);

        assertThat(report.changes()).extracting(c -> c.model() + " v" + c.version() + " " + c.startSource() + " "
                + c.leadTimeHours() + (c.rolledBack() ? " rolled back" : "")).containsExactly(
                "churn v1 data-arrival 96.0", "churn v2 commit 18.0 rolled back", "churn v3 registration 72.0",
                "fraud v1 null null");
        assertThat(report.recoveries()).extracting(r -> r.detectedAt() + " " + r.version() + " " + r.hours())
                .containsExactly("2026-11-04T00:00:00Z 2 24.0", "2026-11-11T00:00:00Z null null");
        assertThat(report.notes()).contains("churn v2: lead time from its commit (no data arrival recorded)",
                "churn v3: lead time from its registration (no data arrival or commit recorded)",
                "fraud v1: neither lineage nor registration recorded; no lead time");

        Figures churn = report.models().get("churn");
        assertThat(churn.promotions()).isEqualTo(3);
        assertThat(churn.attempts()).isEqualTo(5);
        assertThat(churn.changeFailureRate()).isCloseTo(0.6, within(1e-9));
        assertThat(report.models().get("fraud").changeFailureRate()).isCloseTo(0.0, within(1e-9));

        // by ISO week: W45 has v1 and v2 (lead 96 and 18), the failed gate and drift 1; W46 the rest
        assertThat(report.weeks()).extracting(DeliveryReport.Week::week).containsExactly("2026-W45", "2026-W46");
        Figures w45 = report.weeks().get(0).figures();
        assertThat(w45.promotions()).isEqualTo(2);
        assertThat(w45.leadTimeHours().median()).isCloseTo(57, within(1e-9));
        assertThat(w45.attempts()).isEqualTo(3);
        assertThat(w45.failures()).isEqualTo(2);
        assertThat(w45.recoveryHours().median()).isCloseTo(24, within(1e-9));
        Figures w46 = report.weeks().get(1).figures();
        assertThat(w46.promotions()).isEqualTo(2);
        assertThat(w46.changeFailureRate()).isCloseTo(1 / 3.0, within(1e-9));
        assertThat(w46.openDrifts()).isEqualTo(1);
        assertThat(w46.perWeek()).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void oneModelAndANarrowerWindow() {
        DeliveryReport report = DeliveryMetrics.compute(craftedLog(), "churn",
                Instant.parse("2026-11-09T00:00:00Z"), UNTIL);
        assertThat(report.models()).containsOnlyKeys("churn");
        assertThat(report.overall().promotions()).isEqualTo(1);
        assertThat(report.overall().attempts()).isEqualTo(2);
        assertThat(report.overall().failures()).isEqualTo(1);
        assertThat(report.overall().openDrifts()).isEqualTo(1);
        assertThat(report.weeks()).extracting(DeliveryReport.Week::week).containsExactly("2026-W46");
    }

    @Test
    void anEmptyLogHasNoFiguresButAWindow() {
        DeliveryReport report = DeliveryMetrics.compute(List.of(), null, SINCE, UNTIL);
        Figures all = report.overall();
        assertThat(all.promotions()).isZero();
        assertThat(all.perDay()).isZero();
        assertThat(all.attempts()).isZero();
        assertThat(all.changeFailureRate()).isNull();
        assertThat(all.leadTimeHours().median()).isNull();
        assertThat(all.recoveryHours().worst()).isNull();
        assertThat(report.models()).isEmpty();
        assertThat(report.weeks()).hasSize(2);
        assertThat(report.notes()).containsExactly("no promotion to production in the window");
    }

    @Test
    void sinceTakesAnAgeADateOrAnInstant() {
        assertThat(DeliveryMetrics.parseSince("30d", UNTIL)).isEqualTo(Instant.parse("2026-10-17T00:00:00Z"));
        assertThat(DeliveryMetrics.parseSince("2w", UNTIL)).isEqualTo(SINCE);
        assertThat(DeliveryMetrics.parseSince("12h", UNTIL)).isEqualTo(Instant.parse("2026-11-15T12:00:00Z"));
        assertThat(DeliveryMetrics.parseSince("2026-11-02", UNTIL)).isEqualTo(SINCE);
        assertThat(DeliveryMetrics.parseSince("2026-11-02T00:00:00Z", UNTIL)).isEqualTo(SINCE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DeliveryMetrics.parseSince("last week", UNTIL))
                .isInstanceOf(dev.mlops.engine.UsageException.class).hasMessageContaining("--since last week");
    }
}
