package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.engine.registry.MlflowServer;
import dev.mlops.engine.registry.ModelRef;
import dev.mlops.engine.registry.ModelRegistry;
import dev.mlops.engine.registry.Registries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's main job, end to end: each stage's own result file, not only the demo's summary, is checked. */
class DemoCommandTest {

    @TempDir
    Path dir;

    /** The result file of the stage whose file name ends with {@code -command.json}. */
    private static JsonNode stage(Path workdir, String command) throws Exception {
        try (var files = Files.list(workdir.resolve("results"))) {
            List<Path> matching = files.filter(f -> f.getFileName().toString().endsWith("-" + command + ".json"))
                    .sorted().toList();
            assertThat(matching).as(command + " result").isNotEmpty();
            return CliRun.json(matching.get(matching.size() - 1));
        }
    }

    private static List<JsonNode> stages(Path workdir, String command) throws Exception {
        try (var files = Files.list(workdir.resolve("results"))) {
            List<JsonNode> out = new ArrayList<>();
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith("-" + command + ".json")).sorted()
                    .toList()) {
                out.add(CliRun.json(f));
            }
            return out;
        }
    }

    private void runsTheLoop(String registry, Path workdir) throws Exception {
        Path report = dir.resolve("report");
        Path result = dir.resolve("demo.json");
        List<String> args = new ArrayList<>(List.of("demo", "--workdir", workdir.toString(), "--report",
                report.toString(), "--interval", "2s", "--json", result.toString()));
        if (registry != null) {
            args.addAll(List.of("--registry", registry));
        }
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("The loop closed");

        JsonNode demo = CliRun.json(result);
        assertThat(demo.path("stages")).hasSizeGreaterThanOrEqualTo(15)
                .allSatisfy(s -> assertThat(s.path("exitCode").asInt()).as(s.path("title").asText())
                        .isEqualTo(s.path("expectedExit").asInt()));

        // Every stage's result has the envelope of docs/schemas/result.schema.json.
        JsonNode schema = CliRun.json(Path.of("../docs/schemas/result.schema.json"));
        try (var files = Files.list(workdir.resolve("results"))) {
            for (Path f : files.toList()) {
                JsonNode r = CliRun.json(f);
                schema.path("required").forEach(field -> assertThat(r.has(field.asText()))
                        .as(f + " has " + field.asText()).isTrue());
                assertThat(r.path("schemaVersion").asInt()).isEqualTo(schema.at("/properties/schemaVersion/const")
                        .asInt()).isEqualTo(EngineCommand.RESULT_SCHEMA_VERSION);
                assertThat(schema.at("/properties/status/enum")).as(f.toString()).contains(r.path("status"));
                assertThat(schema.at("/properties/exitCode/enum")).as(f.toString()).contains(r.path("exitCode"));
            }
        }
        assertThat(stage(workdir, "validate").path("status").asText()).isEqualTo("passed");
        List<JsonNode> trainings = stages(workdir, "train");
        assertThat(trainings).hasSize(2).allSatisfy(t -> assertThat(t.at("/search/trials")).hasSize(4));

        // The injected drift: older customers, higher charges, a new plan; and the concept drift.
        JsonNode monitor = stage(workdir, "monitor");
        assertThat(monitor.path("exitCode").asInt()).isEqualTo(ExitCodes.DRIFT);
        assertThat(monitor.at("/dataDrift/driftedColumns")).extracting(JsonNode::asText)
                .contains("age", "monthly_charges", "plan").doesNotContain("region", "tenure_months");
        assertThat(monitor.at("/concept/drifted").asBoolean()).isTrue();
        assertThat(monitor.path("triggers")).hasSize(1);
        assertThat(monitor.at("/triggers/0/error").isMissingNode()).as(monitor.path("triggers").toString()).isTrue();
        assertThat(demo.path("stages").toString()).contains("retraining webhook (signature verified)");

        // v2 beat v1 on the drifted holdout, was canaried on labels and promoted.
        List<JsonNode> gates = stages(workdir, "evaluate");
        assertThat(gates).hasSize(2);
        JsonNode v2Gate = gates.get(1);
        assertThat(v2Gate.path("status").asText()).isEqualTo("passed");
        assertThat(v2Gate.at("/metrics/auc").asDouble()).isGreaterThan(v2Gate.at("/champion/metrics/auc")
                .asDouble());
        List<JsonNode> registered = stages(workdir, "register");
        int v1 = registered.get(0).path("version").asInt();
        int v2 = registered.get(1).path("version").asInt();
        assertThat(v2).isGreaterThan(v1);
        JsonNode canary = stage(workdir, "deploy-canary");
        assertThat(canary.path("phase").asText()).isEqualTo("promoted");
        assertThat(canary.path("steps")).hasSize(3).allSatisfy(s -> {
            assertThat(s.path("canaryAccuracy").asDouble()).isGreaterThanOrEqualTo(0.7);
            assertThat(s.path("canaryLabelled").asLong()).isGreaterThanOrEqualTo(20);
        });
        ModelRegistry models = Registries.open(registry != null ? registry : "file:" + workdir.resolve("registry"),
                Map.of(), registry != null ? workdir.resolve("mlflow-audit.jsonl") : null);
        assertThat(models.resolve(ModelRef.parse("churn@production")).version()).isEqualTo(v2);

        // Trust: audit chain intact, v2 rebuilt byte for byte from its lineage, and a report that links it all.
        assertThat(stage(workdir, "audit-verify").path("problems")).isEmpty();
        assertThat(stage(workdir, "reproduce").path("identical").asBoolean()).isTrue();

        // The loop's delivery figures come from the outcomes the stages recorded in the audit log: v1 and v2
        // promoted, the gate of v2 against v1 passed, the drift answered by v2's promotion.
        JsonNode delivery = stage(workdir, "delivery");
        assertThat(delivery.at("/overall/promotions").asInt()).isEqualTo(2);
        assertThat(delivery.at("/overall/attempts").asInt()).isEqualTo(2);
        assertThat(delivery.at("/overall/changeFailureRate").asDouble()).isZero();
        assertThat(delivery.at("/recoveries/0/version").asInt()).isEqualTo(v2);
        assertThat(delivery.at("/changes/1/startSource").asText()).isEqualTo("data-arrival");
        assertThat(run.out()).contains("ML delivery figures of this run: 2 deployments");
        List<String> types = new java.util.ArrayList<>();
        models.auditEntries().forEach(e -> types.add(e.path("type").asText()));
        assertThat(types).contains("gate", "drift", "canary");

        String index = Files.readString(report.resolve("index.html"));
        assertThat(index).doesNotContain("class=\"badge\"").contains("<span class=\"status passed\">passed</span>");
        for (String page : List.of("validate.html", "evaluate-v1.html", "drift.html", "evaluate-v2.html",
                "lineage.html", "delivery.html")) {
            assertThat(index).contains("href=\"" + page + "\"");
            assertThat(report.resolve(page)).isNotEmptyFile();
        }
    }

    @Test
    void closesTheLoopWithAFileRegistryAndRunsAgainInTheSameWorkdir() throws Exception {
        Path workdir = dir.resolve("work");
        runsTheLoop(null, workdir);
        runsTheLoop(null, workdir);
    }

    @Test
    void refusesToEmptyADirectoryItDidNotMake() throws Exception {
        Path foreign = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(foreign.resolve("notes.txt"), "keep me");
        CliRun run = CliRun.of("demo", "--workdir", foreign.toString(), "--report", dir.resolve("r").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("was not made by mlops demo");
        assertThat(foreign.resolve("notes.txt")).hasContent("keep me");
    }

    @Test
    void closesTheLoopAgainstMlflow() throws Exception {
        try (MlflowServer mlflow = MlflowServer.start(dir.resolve("mlflow"))) {
            runsTheLoop("mlflow:" + mlflow.uri(), dir.resolve("work-mlflow"));
        }
    }
}
