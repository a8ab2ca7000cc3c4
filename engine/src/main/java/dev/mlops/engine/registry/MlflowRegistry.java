package dev.mlops.engine.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.engine.AtomicFiles;
import dev.mlops.engine.Json;
import dev.mlops.engine.data.Hashing;
import dev.mlops.engine.train.BundleMetadata;
import dev.mlops.engine.train.ModelBundle;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;

/**
 * A registry in an MLflow tracking server. Each registration creates a run in experiment {@value #EXPERIMENT} with the
 * bundle's parameters, metrics and training-data digest ({@code runs/log-inputs}), uploads the bundle through the
 * server's artifact proxy, and creates a model version whose source is that artifact. Aliases are MLflow aliases
 * (stages are deprecated). MLflow keeps no history of alias moves, so every change made here is also recorded in a
 * local {@link AuditLog}. The token, if any, is sent as a bearer token and never logged.
 *
 * <p>The MLflow Java client is used where it has the call (runs, params, metrics, model-version reads) and its raw
 * {@code sendGet}/{@code sendPost} where it has not (registry writes, aliases). It has no DELETE and cannot reach the
 * artifact proxy, so those two go through {@link HttpClient}.
 */
public final class MlflowRegistry implements ModelRegistry {

    public static final String EXPERIMENT = "mlops-registry";
    public static final String ARTIFACT_PATH = "bundle";
    public static final String BUNDLE_FILE = "model.zip";
    static final String SHA_TAG = "mlops.sha256";
    static final String ACTOR_TAG = "mlops.actor";

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final URI server;
    private final String token;
    private final MlflowClient client;
    private final HttpClient http;
    private final AuditLog audit;

    public MlflowRegistry(URI server, String token) {
        this(server, token, Path.of(Registries.DEFAULT_MLFLOW_AUDIT));
    }

    public MlflowRegistry(URI server, String token, Path auditLog) {
        this(server, token, auditLog, null);
    }

    public MlflowRegistry(URI server, String token, Path auditLog, byte[] hmacKey) {
        this.server = URI.create(server.toString().replaceAll("/+$", ""));
        this.token = token;
        this.client = new MlflowClient(token == null ? new BasicMlflowHostCreds(this.server.toString())
                : new BasicMlflowHostCreds(this.server.toString(), token));
        // HTTP/1.1: the JDK client's default h2c upgrade on a request with a body (our alias DELETE) is refused with 400
        // by MLflow's server when uvicorn parses with httptools (installed alongside many packages).
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .build();
        this.audit = new AuditLog(auditLog, hmacKey);
    }

    @Override
    public String location() {
        return "mlflow:" + server;
    }

    @Override
    public AuditLog auditLog() {
        return audit;
    }

    @Override
    public ModelVersion register(String name, Path bundlePath, Map<String, String> tags, String actor, String reason) {
        Names.model(name);
        tags.keySet().forEach(Names::tagKey);
        ModelBundle bundle = ModelBundle.read(bundlePath);
        String sha256 = sha256(bundlePath);
        return call("register " + name, () -> {
            String experimentId = client.getExperimentByName(EXPERIMENT).map(Service.Experiment::getExperimentId)
                    .orElseGet(() -> createExperiment());
            Service.RunInfo run = client.createRun(experimentId);
            logRun(run.getRunId(), bundle.metadata(), sha256, actor);
            String artifactUri = run.getArtifactUri() + "/" + ARTIFACT_PATH;
            upload(artifactUri + "/" + BUNDLE_FILE, bundlePath);
            client.setTerminated(run.getRunId());
            createRegisteredModel(name);
            ObjectNode request = Json.mapper().createObjectNode();
            request.put("name", name);
            request.put("source", artifactUri);
            request.put("run_id", run.getRunId());
            if (reason != null) {
                request.put("description", reason);
            }
            ArrayNode tagList = request.putArray("tags");
            Map<String, String> all = new TreeMap<>(tags);
            all.put(SHA_TAG, sha256);
            all.put(ACTOR_TAG, actor);
            all.forEach((k, v) -> tagList.addObject().put("key", k).put("value", v));
            JsonNode created = post("model-versions/create", request).get("model_version");
            int version = created.get("version").asInt();
            record("registered", name, version, actor, reason, e -> e.put("sha256", sha256));
            return toVersion(created);
        });
    }

    private String createExperiment() {
        try {
            return client.createExperiment(EXPERIMENT);
        } catch (MlflowHttpException e) {
            // another process created it meanwhile
            return client.getExperimentByName(EXPERIMENT).orElseThrow(() -> e).getExperimentId();
        }
    }

    private void logRun(String runId, BundleMetadata m, String sha256, String actor) {
        List<Service.Param> params = new ArrayList<>();
        m.params().forEach((k, v) -> params.add(Service.Param.newBuilder().setKey(k).setValue(v.toString()).build()));
        params.add(Service.Param.newBuilder().setKey("algorithm").setValue(m.algorithm()).build());
        params.add(Service.Param.newBuilder().setKey("seed").setValue(Long.toString(m.seed())).build());
        params.add(Service.Param.newBuilder().setKey("target").setValue(m.target()).build());
        long now = System.currentTimeMillis();
        List<Service.Metric> metrics = new ArrayList<>();
        m.metrics().forEach((k, v) -> {
            if (v != null && Double.isFinite(v)) {
                metrics.add(Service.Metric.newBuilder().setKey("train_" + k).setValue(v).setTimestamp(now).setStep(0)
                        .build());
            }
        });
        List<Service.RunTag> tags = List.of(
                Service.RunTag.newBuilder().setKey(SHA_TAG).setValue(sha256).build(),
                Service.RunTag.newBuilder().setKey(ACTOR_TAG).setValue(actor).build());
        client.logBatch(runId, metrics, params, tags);
        ObjectNode inputs = Json.mapper().createObjectNode();
        inputs.put("run_id", runId);
        ObjectNode dataset = inputs.putArray("datasets").addObject().putObject("dataset");
        dataset.put("name", String.valueOf(m.trainingData().get("file")));
        dataset.put("digest", String.valueOf(m.trainingData().get("sha256")).substring(0, 32));
        dataset.put("source_type", "local");
        dataset.put("source", Json.write(Map.of("uri", String.valueOf(m.trainingData().get("file")))));
        dataset.put("profile", Json.write(Map.of("num_rows", m.trainingData().get("rows"))));
        post("runs/log-inputs", inputs);
    }

    private void createRegisteredModel(String name) {
        try {
            post("registered-models/create", Json.mapper().createObjectNode().put("name", name));
        } catch (MlflowHttpException e) {
            if (!String.valueOf(e.getBodyMessage()).contains("RESOURCE_ALREADY_EXISTS")) {
                throw e;
            }
        }
    }

    private JsonNode post(String path, ObjectNode body) {
        return parse(client.sendPost(path, Json.write(body)));
    }

    private JsonNode get(String path) {
        return parse(client.sendGet(path));
    }

    private static JsonNode parse(String json) {
        try {
            return json == null || json.isBlank() ? Json.mapper().createObjectNode() : Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new RegistryException("MLflow answered with something that is not JSON: " + e.getMessage(), e);
        }
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The artifact proxy's URL for an {@code mlflow-artifacts:/...} URI. */
    private URI artifactUrl(String artifactUri) {
        String prefix = "mlflow-artifacts:";
        if (!artifactUri.startsWith(prefix)) {
            throw new RegistryException("the MLflow server stores artifacts at " + artifactUri + ", not behind its "
                    + "artifact proxy; start it with artifact serving (the default of 'mlflow server')");
        }
        String path = artifactUri.substring(prefix.length()).replaceFirst("^/+", "");
        return URI.create(server + "/api/2.0/mlflow-artifacts/artifacts/" + path);
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(TIMEOUT);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private void upload(String artifactUri, Path file) {
        send(request(artifactUrl(artifactUri)).PUT(ofFile(file)).build(), "upload the bundle");
    }

    private static HttpRequest.BodyPublisher ofFile(Path file) {
        try {
            return HttpRequest.BodyPublishers.ofFile(file);
        } catch (IOException e) {
            throw new RegistryException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private byte[] send(HttpRequest request, String what) {
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() / 100 != 2) {
                throw new RegistryException("MLflow refused to " + what + ": HTTP " + response.statusCode() + " "
                        + redact(new String(response.body(), StandardCharsets.UTF_8).strip()));
            }
            return response.body();
        } catch (IOException e) {
            throw new RegistryException("cannot reach MLflow at " + server + " to " + what + ": " + redact(e.toString()),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while trying to " + what, e);
        }
    }

    private ModelVersion toVersion(JsonNode v) {
        Map<String, String> tags = new TreeMap<>();
        for (JsonNode t : v.path("tags")) {
            tags.put(t.get("key").asText(), t.path("value").asText());
        }
        String sha = tags.remove(SHA_TAG);
        String actor = tags.remove(ACTOR_TAG);
        return new ModelVersion(v.get("name").asText(), v.get("version").asInt(), sha, -1,
                Instant.ofEpochMilli(v.path("creation_timestamp").asLong()).toString(), actor, tags,
                v.path("source").asText() + "/" + BUNDLE_FILE, v.path("run_id").asText(null));
    }

    @Override
    public ModelVersion get(String name, int version) {
        Names.model(name);
        return call("get " + name + "/" + version, () -> toVersion(get("model-versions/get?name=" + q(name)
                + "&version=" + version).get("model_version")));
    }

    @Override
    public ModelVersion resolve(ModelRef ref) {
        if (ref.version() != null) {
            return get(ref.name(), ref.version());
        }
        if (ref.alias() != null) {
            return call("resolve " + ref, () -> toVersion(get("registered-models/alias?name=" + q(ref.name())
                    + "&alias=" + q(ref.alias())).get("model_version")));
        }
        List<ModelVersion> all = versions(ref.name());
        if (all.isEmpty()) {
            throw new RegistryException("no model named '" + ref.name() + "' in " + location());
        }
        return all.get(all.size() - 1);
    }

    @Override
    public List<String> models() {
        return call("list models", () -> {
            List<String> names = new ArrayList<>();
            for (JsonNode m : get("registered-models/search?max_results=1000").path("registered_models")) {
                names.add(m.get("name").asText());
            }
            names.sort(null);
            return names;
        });
    }

    @Override
    public List<ModelVersion> versions(String name) {
        Names.model(name);
        return call("list versions of " + name, () -> {
            List<ModelVersion> out = new ArrayList<>();
            String token = null;
            do {
                JsonNode page = get("model-versions/search?filter=" + q("name='" + name + "'")
                        + "&max_results=1000" + (token == null ? "" : "&page_token=" + q(token)));
                for (JsonNode v : page.path("model_versions")) {
                    out.add(toVersion(v));
                }
                token = page.path("next_page_token").asText(null);
            } while (token != null && !token.isEmpty());
            out.sort(java.util.Comparator.comparingInt(ModelVersion::version));
            return out;
        });
    }

    @Override
    public Map<String, Integer> aliases(String name) {
        Names.model(name);
        return call("read aliases of " + name, () -> {
            Map<String, Integer> out = new TreeMap<>();
            for (JsonNode a : get("registered-models/get?name=" + q(name)).path("registered_model").path("aliases")) {
                out.put(a.get("alias").asText(), a.get("version").asInt());
            }
            return out;
        });
    }

    @Override
    public Optional<Integer> setAlias(String name, String alias, int version, String actor, String reason) {
        Names.alias(alias);
        get(name, version);
        Integer previous = aliases(name).get(alias);
        call("set " + name + "@" + alias, () -> post("registered-models/alias", Json.mapper().createObjectNode()
                .put("name", name).put("alias", alias).put("version", Integer.toString(version))));
        record("alias-set", name, version, actor, reason, e -> {
            e.put("alias", alias);
            if (previous != null) {
                e.put("previousVersion", previous);
            }
        });
        return Optional.ofNullable(previous);
    }

    @Override
    public int deleteAlias(String name, String alias, String actor, String reason) {
        Names.alias(alias);
        Integer current = aliases(name).get(alias);
        if (current == null) {
            throw new RegistryException("model '" + name + "' has no alias '" + alias + "'");
        }
        // MLflow reads the DELETE's parameters from a JSON body, not from the query string.
        String body = Json.write(Map.of("name", name, "alias", alias));
        send(request(URI.create(server + "/api/2.0/mlflow/registered-models/alias"))
                .header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(body)).build(), "delete " + name + "@" + alias);
        record("alias-removed", name, current, actor, reason, e -> e.put("alias", alias));
        return current;
    }

    @Override
    public void setTag(String name, int version, String key, String value, String actor) {
        Names.tagKey(key);
        call("tag " + name + "/" + version, () -> post("model-versions/set-tag", Json.mapper().createObjectNode()
                .put("name", name).put("version", Integer.toString(version)).put("key", key).put("value", value)));
        record("tag-set", name, version, actor, null, e -> e.put("key", key).put("value", value));
    }

    @Override
    public void recordLineage(String name, int version, JsonNode lineage, String actor) {
        String sha = Hashing.sha256(Json.write(lineage).getBytes(StandardCharsets.UTF_8));
        call("tag " + name + "/" + version, () -> post("model-versions/set-tag", Json.mapper().createObjectNode()
                .put("name", name).put("version", Integer.toString(version)).put("key", "mlops.lineage.sha256")
                .put("value", sha)));
        record("lineage", name, version, actor, null, e -> {
            e.put("lineageSha256", sha);
            e.set("lineage", lineage);
        });
    }

    @Override
    public void recordEvent(String type, String name, Integer version, String actor, String reason,
                            Map<String, Object> details) {
        Names.model(name);
        record(type, name, version, actor, reason, e -> e.setAll((ObjectNode) Json.mapper().valueToTree(details)));
    }

    private void record(String type, String name, Integer version, String actor, String reason,
                        java.util.function.Consumer<ObjectNode> details) {
        audit.write(tx -> {
            ObjectNode e = RegistryEvent.entry(type, location(), name, version, actor, reason);
            details.accept(e);
            return tx.append(e);
        });
    }

    @Override
    public List<RegistryEvent> history(String name) {
        List<RegistryEvent> out = new ArrayList<>();
        for (ObjectNode e : audit.read()) {
            if (name.equals(e.path("model").asText(null)) && location().equals(e.path("registry").asText(null))) {
                out.add(RegistryEvent.of(e));
            }
        }
        return out;
    }

    @Override
    public Path download(String name, int version, Path destination) {
        ModelVersion v = get(name, version);
        byte[] bytes = send(request(artifactUrl(v.source())).GET().build(), "download " + name + "/" + version);
        if (v.sha256() != null && !Hashing.sha256(bytes).equals(v.sha256())) {
            throw new RegistryException("the bundle of " + name + "/" + version + " in MLflow does not match its "
                    + "SHA-256 " + v.sha256());
        }
        Path dest = Files.isDirectory(destination) ? destination.resolve(name + "-" + version + ".zip") : destination;
        try {
            AtomicFiles.write(dest, bytes);
        } catch (IOException e) {
            throw new RegistryException("cannot write " + dest + ": " + e.getMessage(), e);
        }
        return dest;
    }

    @Override
    public VerifyReport verify() {
        List<String> problems = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        for (AuditLog.Problem p : audit.verify()) {
            (p.harmless() ? notices : problems).add(audit.file() + " line " + p.line() + ": " + p.kind() + ": "
                    + p.message());
        }
        int versions = 0;
        List<String> names = models();
        for (String name : names) {
            for (ModelVersion v : versions(name)) {
                versions++;
                if (v.sha256() == null) {
                    notices.add(name + "/" + v.version() + " was not registered by mlops (no " + SHA_TAG + " tag)");
                    continue;
                }
                byte[] bytes = send(request(artifactUrl(v.source())).GET().build(), "read " + name + "/"
                        + v.version());
                if (!Hashing.sha256(bytes).equals(v.sha256())) {
                    problems.add(name + "/" + v.version() + ": the stored bundle does not match its SHA-256");
                }
            }
        }
        return new VerifyReport(names.size(), versions, audit.read().size(), problems, notices);
    }

    private static String sha256(Path file) {
        try {
            return Hashing.sha256(file);
        } catch (IOException e) {
            throw new RegistryException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs an MLflow call, turning the client's exceptions into registry errors that say what was attempted. The
     * client's exception is not kept as the cause: its message holds the server's text unredacted, and causes are
     * printed in debug stack traces.
     */
    private <T> T call(String what, java.util.function.Supplier<T> body) {
        try {
            return body.get();
        } catch (MlflowHttpException e) {
            String message = e.getBodyMessage() != null ? e.getBodyMessage() : e.getMessage();
            throw new RegistryException("MLflow refused to " + what + ": HTTP " + e.getStatusCode() + " "
                    + redact(message));
        } catch (MlflowClientException e) {
            throw new RegistryException("cannot " + what + " in MLflow: " + redact(e.getMessage()));
        }
    }

    /** Server text can echo the request's credentials (seen with proxies): the token never reaches a message. */
    private String redact(String text) {
        return text == null || token == null || token.isEmpty() ? text : text.replace(token, "***");
    }
}
