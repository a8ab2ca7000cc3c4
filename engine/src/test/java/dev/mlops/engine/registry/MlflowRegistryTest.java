package dev.mlops.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.engine.Json;
import dev.mlops.engine.LogSink;
import dev.mlops.engine.data.Hashing;
import dev.mlops.engine.data.ReadOptions;
import dev.mlops.engine.train.Algorithm;
import dev.mlops.engine.train.ModelTrainer;
import dev.mlops.engine.train.TrainOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real MLflow tracking server started for this class. */
class MlflowRegistryTest {

    @TempDir
    static Path dir;

    static MlflowServer server;
    static Path bundleA;
    static Path bundleB;

    @BeforeAll
    static void startServer() throws Exception {
        server = MlflowServer.start(dir.resolve("mlflow"));
        Path train = Path.of("../examples/data/train.csv");
        bundleA = dir.resolve("a.zip");
        ModelTrainer.train(train, ReadOptions.DEFAULTS, new TrainOptions("churned", Algorithm.CART,
                Map.of("maxDepth", "2"), 1, null, null, null, 0, null), LogSink.NONE).bundle().write(bundleA);
        bundleB = dir.resolve("b.zip");
        ModelTrainer.train(train, ReadOptions.DEFAULTS, new TrainOptions("churned", Algorithm.CART,
                Map.of("maxDepth", "3"), 1, null, null, null, 0, null), LogSink.NONE).bundle().write(bundleB);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private MlflowRegistry registry(String audit) {
        return new MlflowRegistry(server.uri(), null, dir.resolve(audit));
    }

    @Test
    void registersVersionsWithRunsAliasesAndHistory() throws Exception {
        MlflowRegistry r = registry("audit-main.jsonl");
        ModelVersion v1 = r.register("churn", bundleA, Map.of("team", "risk"), "alice", "first model");
        ModelVersion v2 = r.register("churn", bundleB, Map.of(), "bob", null);
        assertThat(v1.version()).isEqualTo(1);
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v1.sha256()).isEqualTo(Hashing.sha256(bundleA));
        assertThat(r.get("churn", 1).tags()).containsEntry("team", "risk");
        assertThat(r.get("churn", 1).actor()).isEqualTo("alice");
        assertThat(r.models()).contains("churn");
        assertThat(r.versions("churn")).extracting(ModelVersion::version).containsExactly(1, 2);
        assertThat(r.resolve(ModelRef.parse("churn")).version()).isEqualTo(2);

        assertThat(r.setAlias("churn", "production", 1, "alice", "first")).isEmpty();
        assertThat(r.setAlias("churn", "production", 2, "bob", "canary passed")).contains(1);
        assertThat(r.resolve(ModelRef.parse("churn@production")).version()).isEqualTo(2);
        assertThat(Registries.rollback(r, "churn", "production", "carol", "error rate")).isEqualTo(1);
        assertThat(r.aliases("churn")).containsEntry("production", 1);
        assertThat(r.history("churn")).extracting(RegistryEvent::type)
                .containsExactly("registered", "registered", "alias-set", "alias-set", "alias-set");

        r.setTag("churn", 2, "approved-by", "board", "alice");
        assertThat(r.get("churn", 2).tags()).containsEntry("approved-by", "board");
        assertThat(r.deleteAlias("churn", "production", "dave", "retired")).isEqualTo(1);
        assertThat(r.aliases("churn")).doesNotContainKey("production");

        Path downloaded = r.download("churn", 2, dir.resolve("dl.zip"));
        assertThat(Hashing.sha256(downloaded)).isEqualTo(Hashing.sha256(bundleB));
        ModelRegistry.VerifyReport report = r.verify();
        assertThat(report.problems()).isEmpty();
        assertThat(report.versions()).isGreaterThanOrEqualTo(2);

        // The run behind version 1 holds the parameters, metrics and the training data's digest.
        HttpResponse<String> run = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                server.uri() + "/api/2.0/mlflow/runs/get?run_id=" + v1.runId())).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode data = Json.mapper().readTree(run.body()).get("run");
        assertThat(data.path("data").path("params").toString()).contains("maxDepth").contains("cart");
        assertThat(data.path("data").path("metrics").toString()).contains("train_auc");
        assertThat(data.path("inputs").path("dataset_inputs").toString()).contains("train.csv");
    }

    @Test
    void errorsNameWhatWasAttempted() {
        MlflowRegistry r = registry("audit-errors.jsonl");
        assertThatThrownBy(() -> r.get("no-such-model", 1)).isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("MLflow refused to get no-such-model/1: HTTP 404");
        assertThatThrownBy(() -> r.register("bad/name", bundleA, Map.of(), "x", null))
                .isInstanceOf(RegistryException.class).hasMessageContaining("invalid model name");
        MlflowRegistry unreachable = new MlflowRegistry(URI.create("http://127.0.0.1:9"), null,
                dir.resolve("audit-x.jsonl"));
        assertThatThrownBy(() -> unreachable.models()).isInstanceOf(RegistryException.class)
                .hasMessageContaining("list models");
    }

    @Test
    void refusesAFileThatIsNotABundleBeforeTouchingTheServer() throws Exception {
        MlflowRegistry r = registry("audit-refused.jsonl");
        Path csv = Path.of("../examples/data/train.csv");
        assertThatThrownBy(() -> r.register("refused", csv, Map.of(), "x", null))
                .isInstanceOf(dev.mlops.engine.InputException.class)
                .hasMessageContaining("is not an mlops model bundle");
        assertThat(r.models()).doesNotContain("refused");
        assertThat(r.history("refused")).isEmpty();
    }

    @Test
    void concurrentRegistrationsGetDistinctVersions() throws Exception {
        MlflowRegistry r = registry("audit-concurrent.jsonl");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                futures.add(pool.submit(() -> r.register("concurrent", bundleA, Map.of(), "t", null).version()));
            }
            List<Integer> versions = new ArrayList<>();
            for (Future<Integer> f : futures) {
                versions.add(f.get());
            }
            assertThat(versions).doesNotHaveDuplicates().hasSize(9);
            assertThat(r.versions("concurrent")).extracting(ModelVersion::version)
                    .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
            assertThat(r.auditLog().verify()).isEmpty();
        } finally {
            pool.shutdownNow();
        }
        assertThat(Files.exists(dir.resolve("audit-concurrent.jsonl"))).isTrue();
    }
}
