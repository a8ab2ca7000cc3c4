package dev.mlops.cli;

import dev.mlops.engine.registry.ModelRef;
import dev.mlops.engine.registry.ModelRegistry;
import dev.mlops.engine.registry.ModelVersion;
import dev.mlops.engine.serve.DeployedModel;
import dev.mlops.engine.serve.ModelLoader;
import dev.mlops.engine.serve.ModelServer;
import dev.mlops.engine.serve.RequestLog;
import dev.mlops.engine.train.ModelBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mlops serve}: the model server, until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve NAME@ALIAS from the registry over HTTP: the Open Inference Protocol (KServe v2) at "
                + "/v2/models/NAME/infer, rows at /v1/models/NAME/predict, Prometheus metrics at /metrics, and the "
                + "admin API at /admin/ for canary and shadow rollouts. Stops gracefully on SIGTERM."})
final class ServeCommand extends EngineCommand {

    @Option(names = "--model", required = true, paramLabel = "NAME@ALIAS", description = "What to serve as stable, "
            + "e.g. churn@production.")
    String model;

    @Mixin
    RegistryOption registry;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE})"
            + "; anything but loopback needs --admin-token-env.")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}; 0 picks one).")
    int port;

    @Option(names = "--admin-token-env", paramLabel = "VAR", description = "Variable holding the admin API's bearer "
            + "token.")
    String adminTokenEnv;

    @Option(names = "--inference-token-env", paramLabel = "VAR", description = "Variable holding the bearer token "
            + "the model endpoints (/v1, /v2/models) require; must differ from the admin token. Without it they are "
            + "open (a warning when not bound to loopback).")
    String inferenceTokenEnv;

    @Option(names = "--request-log", paramLabel = "FILE", description = "Append sampled requests and predictions "
            + "(JSON Lines) for mlops monitor.")
    Path requestLog;

    @Option(names = "--sample", defaultValue = "0.1", description = "Share of rows written to the request log "
            + "(default: ${DEFAULT-VALUE}).")
    double sample;

    @Option(names = "--threads", paramLabel = "N", description = "Requests scored at once (default: twice the cores, "
            + "at least 4); a connection waiting for a slow client does not take one.")
    Integer threads;

    @Option(names = "--max-body", paramLabel = "BYTES", defaultValue = "" + ModelServer.Options.DEFAULT_MAX_BODY,
            description = "Largest request body (default: ${DEFAULT-VALUE}); larger ones get 413.")
    int maxBody;

    @Override
    Outcome run() throws Exception {
        ModelRef ref = ModelRef.parse(model);
        ModelRegistry r = registry.open(env());
        ModelVersion stable = r.resolve(ref);
        ModelLoader loader = version -> load(r, ref.name(), version);
        ModelServer.Options defaults = ModelServer.Options.defaults();
        ModelServer.Options options = new ModelServer.Options(host, port,
                secret(env(), adminTokenEnv, "--admin-token-env"),
                secret(env(), inferenceTokenEnv, "--inference-token-env"), maxBody,
                threads == null ? defaults.threads() : threads);
        RequestLog logFile = requestLog == null ? null : new RequestLog(requestLog, sample);
        ModelServer server = ModelServer.start(ref.name(), loader.load(stable.version()), loader, options, logFile,
                log());
        out().printf("serving %s version %d on http://%s:%d%n", ref.name(), stable.version(), host, server.port());
        out().flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop(5);
            } catch (java.io.IOException e) {
                // Exiting anyway; the request log's last lines may be lost.
            }
            stopped.countDown();
        }));
        stopped.await();
        return Outcome.passed(new java.util.LinkedHashMap<>());
    }

    static DeployedModel load(ModelRegistry r, String name, int version) throws java.io.IOException {
        ModelVersion v = r.resolve(new ModelRef(name, version, null));
        Path file = ModelArgument.download(r, v);
        try {
            return DeployedModel.of(name, version, v.sha256(), ModelBundle.read(file));
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
