package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.engine.registry.FileRegistry;
import dev.mlops.engine.train.TestBundles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveryCommandTest {

    @TempDir
    Path dir;

    /** v1 promoted, a failed gate, drift on v1, v2 registered and promoted: 2 deployments, 1 of 3 attempts failed. */
    private String registryWithALoop() {
        FileRegistry r = new FileRegistry(dir.resolve("reg"));
        r.register("churn", TestBundles.write(dir.resolve("v1.zip"), new byte[] {1}), Map.of(), "ci", null);
        r.setAlias("churn", "production", 1, "ci", "first");
        r.recordEvent("gate", "churn", null, "ci", null, Map.of("passed", false));
        r.recordEvent("drift", "churn", 1, "monitor", null, Map.of("window", "w1"));
        r.register("churn", TestBundles.write(dir.resolve("v2.zip"), new byte[] {2}), Map.of(), "ci", null);
        r.setAlias("churn", "production", 2, "ci", "canary passed");
        return "file:" + dir.resolve("reg");
    }

    @Test
    void figuresAsJsonHtmlAndPrometheusText() throws IOException {
        String registry = registryWithALoop();
        Path json = dir.resolve("d.json");
        Path html = dir.resolve("out").resolve("delivery.html");
        Path prom = dir.resolve("delivery.prom");
        CliRun run = CliRun.of("delivery", "--registry", registry, "--since", "1d", "--json", json.toString(),
                "--html", html.toString(), "--prometheus", prom.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("deployments     2").contains("change failure  33% (1 of 3 attempts)")
                .contains("1 recovered");
        JsonNode r = CliRun.json(json);
        assertThat(r.path("command").asText()).isEqualTo("delivery");
        assertThat(r.at("/overall/promotions").asInt()).isEqualTo(2);
        assertThat(r.at("/overall/attempts").asInt()).isEqualTo(3);
        assertThat(r.at("/overall/changeFailureRate").asDouble()).isEqualTo(1 / 3.0);
        assertThat(r.at("/overall/recoveryHours/count").asInt()).isEqualTo(1);
        assertThat(r.at("/models/churn/promotions").asInt()).isEqualTo(2);
        assertThat(r.path("changes")).hasSize(2);
        assertThat(r.at("/changes/0/startSource").asText()).isEqualTo("registration");
        assertThat(r.path("weeks").size()).isBetween(1, 2);

        String text = Files.readString(prom);
        assertThat(text).contains("# TYPE mlops_delivery_deployments gauge\n")
                .contains("mlops_delivery_deployments{model=\"*\"} 2.0\n")
                .contains("mlops_delivery_deployments{model=\"churn\"} 2.0\n")
                .containsPattern("mlops_delivery_change_failure_rate\\{model=\"churn\"} 0\\.333")
                .containsPattern("mlops_delivery_drift_recovery_seconds\\{model=\"churn\",quantile=\"0.5\"} \\d");
        assertThat(Files.readString(html)).contains("<h1>ML delivery</h1>").contains("mlops-report.css")
                .doesNotContain("style=");
        assertThat(html.resolveSibling("mlops-report.css")).exists();

        CliRun other = CliRun.of("delivery", "--registry", registry, "--model", "fraud", "--since", "1d");
        assertThat(other.exitCode()).isZero();
        assertThat(other.out()).contains("deployments     0").contains("no promotion to production in the window");
    }

    @Test
    void aMissingLogExitsThreeAndATamperedOneFourteen() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        CliRun missing = CliRun.of("delivery", "--registry", "file:" + empty);
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(missing.err()).contains("no audit log");

        String registry = registryWithALoop();
        Path log = dir.resolve("reg").resolve("audit.jsonl");
        Files.writeString(log, Files.readString(log).replace("\"passed\":false", "\"passed\":true"));
        Path json = dir.resolve("t.json");
        CliRun tampered = CliRun.of("delivery", "--registry", registry, "--json", json.toString());
        assertThat(tampered.exitCode()).isEqualTo(ExitCodes.AUDIT_FAILED);
        assertThat(tampered.out()).contains("no figures from a log that was tampered with").contains("line 3");
        assertThat(CliRun.json(json).path("problems")).isNotEmpty();
        assertThat(CliRun.json(json).has("overall")).isFalse();
    }
}
