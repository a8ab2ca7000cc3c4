package dev.mlops.engine.serve;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mlops.engine.Json;
import dev.mlops.engine.LogSink;
import dev.mlops.engine.UsageException;
import dev.mlops.engine.features.FeatureException;
import dev.mlops.engine.train.Predictor;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The model server. JDK's built-in HTTP server (measured in docs/benchmarks.md; no dependency, small jar). Reading
 * a request blocks a thread, so connections get threads of their own (bounded by the connection limit) and scoring
 * is limited to {@link Options#threads()} at a time: a slow or stalled client holds a cheap thread until the
 * request time limit closes it, never a scoring slot. Routes every inference request to the stable or the candidate
 * version by the router's weight (sticky by the {@code X-Mlops-Key} header when given), mirrors it to a shadow
 * candidate, and records metrics and the sampled request log. The admin API changes the routing; each change swaps
 * one immutable {@link Routing}, so requests in flight finish on the models they started with.
 */
public final class ModelServer implements AutoCloseable {

    /**
     * Properties of the JDK server, set unless given with {@code -D}; JVM-wide and read once, when its first server
     * starts. TCP_NODELAY: the server writes headers and body separately, and Nagle's algorithm with delayed ACKs adds
     * about 40 ms to every keep-alive response. The limits are for slow or stalled clients (docs/security.md): a
     * request's line, headers and body must arrive within maxReqTime seconds and a response be taken within
     * maxRspTime, else the connection is closed; at most maxConnections are open, and the backlog queues the next.
     */
    private static final Map<String, String> JDK_SERVER_PROPERTIES = Map.of(
            "sun.net.httpserver.nodelay", "true",
            "sun.net.httpserver.maxReqTime", "20",
            "sun.net.httpserver.maxRspTime", "30",
            "jdk.httpserver.maxConnections", "512");

    /** Connections waiting to be accepted beyond the open ones. */
    static final int BACKLOG = 1024;

    static {
        JDK_SERVER_PROPERTIES.forEach((property, value) -> {
            if (System.getProperty(property) == null) {
                System.setProperty(property, value);
            }
        });
    }

    public static final String STICKY_HEADER = "X-Mlops-Key";
    public static final String ROUTE_HEADER = "X-Mlops-Route";
    public static final String VERSION_HEADER = "X-Mlops-Version";

    /**
     * @param adminToken     bearer token for /admin; null only when bound to loopback
     * @param inferenceToken bearer token for the model endpoints (/v1, /v2/models); null leaves them open
     * @param maxBodyBytes   requests with larger bodies get 413
     * @param threads        requests scored at once
     */
    public record Options(String host, int port, String adminToken, String inferenceToken, int maxBodyBytes,
                          int threads) {
        public static final int DEFAULT_MAX_BODY = 1 << 20;

        public static Options defaults() {
            return new Options("127.0.0.1", 8080, null, null, DEFAULT_MAX_BODY,
                    Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
        }

        public Options withPort(int p) {
            return new Options(host, p, adminToken, inferenceToken, maxBodyBytes, threads);
        }

        public Options withAdminToken(String token) {
            return new Options(host, port, token, inferenceToken, maxBodyBytes, threads);
        }

        public Options withInferenceToken(String token) {
            return new Options(host, port, adminToken, token, maxBodyBytes, threads);
        }
    }

    private final String model;
    private final ModelLoader loader;
    private final Options options;
    private final RequestLog requestLog;
    private final LogSink log;
    private final AtomicReference<Routing> routing;
    private final ServerMetrics metrics;
    private final HttpServer http;
    private final ExecutorService connections;
    private final Semaphore scoring;
    private final ThreadPoolExecutor shadowPool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new java.util.concurrent.ArrayBlockingQueue<>(1024), r -> {
                Thread t = new Thread(r, "mlops-shadow");
                t.setDaemon(true);
                return t;
            }, new ThreadPoolExecutor.DiscardPolicy());
    private final Object adminLock = new Object();

    private ModelServer(String model, DeployedModel stable, ModelLoader loader, Options options, RequestLog requestLog,
                        LogSink log) throws IOException {
        this.model = model;
        this.loader = loader;
        this.options = options;
        this.requestLog = requestLog;
        this.log = log;
        this.metrics = new ServerMetrics(model);
        this.routing = new AtomicReference<>(new Routing(stable, null, 0, false));
        metrics.routing(routing.get());
        InetAddress address = InetAddress.getByName(options.host());
        if (options.adminToken() == null && !address.isLoopbackAddress()) {
            throw new UsageException("the admin API needs a token (--admin-token-env) unless the server binds to "
                    + "loopback; refusing to listen on " + options.host() + " without one");
        }
        if (options.adminToken() != null && options.adminToken().equals(options.inferenceToken())) {
            throw new UsageException("the admin and inference tokens are the same; give them different values, so "
                    + "that a client allowed to predict cannot change the rollout");
        }
        if (options.inferenceToken() == null && !address.isLoopbackAddress()) {
            log.info("WARNING: the model endpoints on " + options.host() + " accept requests from anyone who can "
                    + "reach them; set --inference-token-env to require a bearer token");
        }
        http = HttpServer.create(new InetSocketAddress(address, options.port()), BACKLOG);
        // One thread per open connection while it has a request: the JDK server caps connections at
        // jdk.httpserver.maxConnections, and with it the threads this pool makes.
        connections = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "mlops-serve");
            t.setDaemon(true);
            return t;
        });
        scoring = new Semaphore(options.threads());
        http.setExecutor(connections);
        http.createContext("/", this::handle);
    }

    /** Starts serving {@code stable}; {@code loader} loads candidate versions for the admin API. */
    public static ModelServer start(String model, DeployedModel stable, ModelLoader loader, Options options,
                                    RequestLog requestLog, LogSink log) throws IOException {
        ModelServer server = new ModelServer(model, stable, loader, options, requestLog, log);
        server.http.start();
        log.info("serving " + model + " version " + stable.version() + " on http://" + options.host() + ":"
                + server.port());
        return server;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    public Routing routing() {
        return routing.get();
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    private void swap(Routing next) {
        routing.set(next);
        metrics.routing(next);
    }

    // --- admin operations (also the in-process API) ---

    /** Loads {@code version} as the canary candidate at weight 0 (or keeps it if already loaded). */
    public Routing setCandidate(int version, boolean shadow) throws IOException {
        synchronized (adminLock) {
            Routing r = routing.get();
            if (r.stable().version() == version) {
                throw new UsageException("version " + version + " is already the stable version");
            }
            DeployedModel candidate = r.candidate() != null && r.candidate().version() == version ? r.candidate()
                    : loader.load(version);
            swap(new Routing(r.stable(), candidate, shadow ? 0 : r.candidate() == candidate ? r.weight() : 0,
                    shadow));
            log.info((shadow ? "shadowing" : "canary candidate") + " version " + version);
            return routing.get();
        }
    }

    public Routing setWeight(int weight) {
        synchronized (adminLock) {
            Routing r = routing.get();
            if (r.candidate() == null || r.shadow()) {
                throw new UsageException("no canary candidate: load one first (POST /admin/candidate)");
            }
            swap(new Routing(r.stable(), r.candidate(), weight, false));
            log.info("canary weight " + weight + "%");
            return routing.get();
        }
    }

    public Routing promote() {
        synchronized (adminLock) {
            Routing r = routing.get();
            if (r.candidate() == null) {
                throw new UsageException("no candidate to promote");
            }
            swap(new Routing(r.candidate(), null, 0, false));
            log.info("promoted version " + r.candidate().version());
            return routing.get();
        }
    }

    public Routing rollback() {
        synchronized (adminLock) {
            Routing r = routing.get();
            swap(new Routing(r.stable(), null, 0, false));
            log.info("rolled back to version " + r.stable().version());
            return routing.get();
        }
    }

    // --- HTTP ---

    /** A request that fails with a 4xx status and a message for the client. */
    static final class ClientError extends RuntimeException {
        final int status;
        final String reason;

        ClientError(int status, String reason, String message) {
            super(message);
            this.status = status;
            this.reason = reason;
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            try {
                if (path.equals("/v2/health/live") || path.equals("/v2/health/ready")) {
                    send(ex, 200, Json.mapper().createObjectNode().put(path.endsWith("live") ? "live" : "ready", true));
                } else if (path.equals("/metrics")) {
                    byte[] body = metrics.exposition().getBytes(StandardCharsets.UTF_8);
                    ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                    ex.sendResponseHeaders(200, body.length);
                    ex.getResponseBody().write(body);
                } else if (path.startsWith("/admin/")) {
                    admin(ex, path.substring("/admin/".length()), method);
                } else if (path.startsWith("/v2/models/")) {
                    String rest = path.substring("/v2/models/".length());
                    String name = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
                    requireModel(name);
                    requireBearer(ex, options.inferenceToken(), "the model endpoints need the inference token");
                    if (rest.equals(name) && method.equals("GET")) {
                        send(ex, 200, modelMetadata());
                    } else if (rest.equals(name + "/ready") && method.equals("GET")) {
                        send(ex, 200, Json.mapper().createObjectNode().put("name", model).put("ready", true));
                    } else if (rest.equals(name + "/infer") && method.equals("POST")) {
                        infer(ex, true);
                    } else {
                        throw new ClientError(404, "not_found", "no such endpoint: " + method + " " + path);
                    }
                } else if (path.startsWith("/v1/models/") && path.endsWith("/predict") && method.equals("POST")) {
                    requireModel(path.substring("/v1/models/".length(), path.length() - "/predict".length()));
                    requireBearer(ex, options.inferenceToken(), "the model endpoints need the inference token");
                    infer(ex, false);
                } else {
                    throw new ClientError(404, "not_found", "no such endpoint: " + method + " " + path);
                }
            } catch (ClientError e) {
                metrics.rejected(e.reason);
                sendError(ex, e.status, e.getMessage());
            } catch (UsageException e) {
                sendError(ex, 409, e.getMessage());
            } catch (RuntimeException e) {
                sendError(ex, 500, "internal error: " + e);
            }
        }
    }

    private void requireModel(String name) {
        if (!name.equals(model)) {
            throw new ClientError(404, "unknown_model", "unknown model '" + name + "'");
        }
    }

    private ObjectNode modelMetadata() {
        Routing r = routing.get();
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("name", model);
        ArrayNode versions = out.putArray("versions");
        versions.add(Integer.toString(r.stable().version()));
        if (r.candidate() != null) {
            versions.add(Integer.toString(r.candidate().version()));
        }
        out.put("platform", "mlops-tribuo");
        ArrayNode inputs = out.putArray("inputs");
        Map<String, String> schema = r.stable().bundle().schema();
        for (String input : r.stable().inputs()) {
            String type = schema.getOrDefault(input, "string");
            inputs.addObject().put("name", input).put("datatype", switch (type) {
                case "integer" -> "INT64";
                case "double" -> "FP64";
                case "boolean" -> "BOOL";
                default -> "BYTES";
            }).putArray("shape").add(-1);
        }
        ArrayNode outputs = out.putArray("outputs");
        if (r.stable().predictor().isClassifier()) {
            outputs.addObject().put("name", "label").put("datatype", "BYTES").putArray("shape").add(-1);
            outputs.addObject().put("name", "probabilities").put("datatype", "FP64").putArray("shape").add(-1)
                    .add(r.stable().predictor().classes().size());
        } else {
            outputs.addObject().put("name", "value").put("datatype", "FP64").putArray("shape").add(-1);
        }
        return out;
    }

    private void infer(HttpExchange ex, boolean v2) throws IOException {
        JsonNode body = readJson(ex);
        String id = v2 && body.hasNonNull("id") ? body.get("id").asText() : null;
        List<Map<String, Object>> rows = v2 ? RequestParsing.v2Rows(body) : RequestParsing.plainRows(body);
        Routing r = routing.get();
        String key = ex.getRequestHeaders().getFirst(STICKY_HEADER);
        int bucket = key != null ? Math.floorMod(fnv1a(key), 100) : ThreadLocalRandom.current().nextInt(100);
        boolean canary = r.toCandidate(bucket);
        DeployedModel target = canary ? r.candidate() : r.stable();
        String route = canary ? "canary" : "stable";
        long start = System.nanoTime();
        List<Predictor.Scored> scored;
        try {
            RequestParsing.requireInputs(rows, target.inputs());
            scoring.acquireUninterruptibly();
            try {
                scored = rows.size() == 1 ? List.of(target.predictor().predict(rows.get(0)))
                        : target.predictor().predictAll(rows.size(), rows::get);
            } finally {
                scoring.release();
            }
            for (Predictor.Scored s : scored) {
                if (s.label() == null && !Double.isFinite(s.value())) {
                    throw new IllegalStateException("the model returned " + s.value());
                }
            }
        } catch (ClientError | FeatureException e) {
            metrics.request(target.version(), route, (System.nanoTime() - start) / 1e9, true);
            if (e instanceof FeatureException f) {
                throw new ClientError(400, "bad_feature", "feature '" + f.column() + "': " + f.getMessage());
            }
            throw e;
        } catch (RuntimeException e) {
            metrics.request(target.version(), route, (System.nanoTime() - start) / 1e9, true);
            throw e;
        }
        metrics.request(target.version(), route, (System.nanoTime() - start) / 1e9, false);
        for (int i = 0; i < scored.size(); i++) {
            Predictor.Scored s = scored.get(i);
            metrics.prediction(target.version(), route, s.label(), s.value());
            if (requestLog != null) {
                requestLog.maybeLog(rows.get(i), model, target.version(), route, rowKey(key, i, rows.size()),
                        s.label() != null ? s.label() : s.value(),
                        s.probabilities() == null ? null : max(s.probabilities()));
            }
        }
        if (r.shadow() && r.candidate() != null) {
            shadowPool.execute(() -> shadow(r, rows, scored, key));
        }
        ex.getResponseHeaders().set(ROUTE_HEADER, route);
        ex.getResponseHeaders().set(VERSION_HEADER, Integer.toString(target.version()));
        send(ex, 200, v2 ? v2Response(target, id, scored) : plainResponse(target, route, scored));
    }

    private void shadow(Routing r, List<Map<String, Object>> rows, List<Predictor.Scored> stableAnswers, String key) {
        DeployedModel shadow = r.candidate();
        long start = System.nanoTime();
        try {
            RequestParsing.requireInputs(rows, shadow.inputs());
            List<Predictor.Scored> answers = shadow.predictor().predictAll(rows.size(), rows::get);
            metrics.request(shadow.version(), "shadow", (System.nanoTime() - start) / 1e9, false);
            for (int i = 0; i < answers.size(); i++) {
                Predictor.Scored a = answers.get(i);
                Predictor.Scored s = stableAnswers.get(i);
                boolean agreed = a.label() != null ? a.label().equals(s.label())
                        : Math.abs(a.value() - s.value()) <= 0.1 * Math.max(1e-9, Math.abs(s.value()));
                metrics.shadowComparison(r.stable().version(), shadow.version(), agreed);
                metrics.prediction(shadow.version(), "shadow", a.label(), a.value());
                if (requestLog != null) {
                    requestLog.maybeLog(rows.get(i), model, shadow.version(), "shadow", rowKey(key, i, rows.size()),
                            a.label() != null ? a.label() : a.value(),
                            a.probabilities() == null ? null : max(a.probabilities()));
                }
            }
        } catch (RuntimeException e) {
            metrics.request(shadow.version(), "shadow", (System.nanoTime() - start) / 1e9, true);
        }
    }

    /** The request log's {@code _key} of row i: the request's key, made unique per row in a batch. */
    private static String rowKey(String key, int row, int rows) {
        return key == null || rows == 1 ? key : key + "#" + row;
    }

    private static double max(double[] values) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    private ObjectNode v2Response(DeployedModel target, String id, List<Predictor.Scored> scored) {
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("model_name", model);
        out.put("model_version", Integer.toString(target.version()));
        if (id != null) {
            out.put("id", id);
        }
        ArrayNode outputs = out.putArray("outputs");
        if (target.predictor().isClassifier()) {
            ObjectNode label = outputs.addObject().put("name", "label").put("datatype", "BYTES");
            label.putArray("shape").add(scored.size());
            ArrayNode labels = label.putArray("data");
            int k = target.predictor().classes().size();
            ObjectNode probs = outputs.addObject().put("name", "probabilities").put("datatype", "FP64");
            probs.putArray("shape").add(scored.size()).add(k);
            ArrayNode data = probs.putArray("data");
            for (Predictor.Scored s : scored) {
                labels.add(s.label());
                for (double p : s.probabilities()) {
                    data.add(p);
                }
            }
            ArrayNode classes = probs.putObject("parameters").putArray("classes");
            target.predictor().classes().forEach(classes::add);
        } else {
            ObjectNode value = outputs.addObject().put("name", "value").put("datatype", "FP64");
            value.putArray("shape").add(scored.size());
            ArrayNode data = value.putArray("data");
            scored.forEach(s -> data.add(s.value()));
        }
        return out;
    }

    private ObjectNode plainResponse(DeployedModel target, String route, List<Predictor.Scored> scored) {
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("model", model);
        out.put("version", target.version());
        out.put("route", route);
        ArrayNode predictions = out.putArray("predictions");
        List<String> classes = target.predictor().isClassifier() ? target.predictor().classes() : List.of();
        for (Predictor.Scored s : scored) {
            ObjectNode p = predictions.addObject();
            if (s.label() != null) {
                p.put("label", s.label());
                ObjectNode probs = p.putObject("probabilities");
                for (int i = 0; i < classes.size(); i++) {
                    probs.put(classes.get(i), s.probabilities()[i]);
                }
            } else {
                p.put("value", s.value());
            }
        }
        return out;
    }

    /** Unless {@code token} is null, refuses a request without it (compared in constant time). */
    private static void requireBearer(HttpExchange ex, String token, String refusal) {
        if (token == null) {
            return;
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        byte[] given = (auth == null ? "" : auth).getBytes(StandardCharsets.UTF_8);
        byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, expected)) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            throw new ClientError(401, "unauthorized", refusal);
        }
    }

    private void admin(HttpExchange ex, String action, String method) throws IOException {
        requireBearer(ex, options.adminToken(), "the admin API needs the admin bearer token");
        if (action.equals("status") && method.equals("GET")) {
            send(ex, 200, status());
            return;
        }
        if (!method.equals("POST")) {
            throw new ClientError(405, "method", "admin actions are POST requests");
        }
        JsonNode body = readJson(ex);
        switch (action) {
            case "candidate" -> setCandidate(requireInt(body, "version"), false);
            case "shadow" -> setCandidate(requireInt(body, "version"), true);
            case "weight" -> setWeight(requireInt(body, "weight"));
            case "promote" -> promote();
            case "rollback" -> rollback();
            default -> throw new ClientError(404, "not_found", "no admin action '" + action + "'");
        }
        send(ex, 200, status());
    }

    private static int requireInt(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.canConvertToInt()) {
            throw new ClientError(400, "bad_request", "expected an integer field '" + field + "'");
        }
        return v.asInt();
    }

    /** The routing as JSON: what {@code GET /admin/status} answers and the canary controller reads. */
    public ObjectNode status() {
        Routing r = routing.get();
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("model", model);
        out.putObject("stable").put("version", r.stable().version()).put("sha256", r.stable().sha256());
        if (r.candidate() != null) {
            out.putObject("candidate").put("version", r.candidate().version()).put("sha256", r.candidate().sha256())
                    .put("mode", r.shadow() ? "shadow" : "canary");
        }
        out.put("weight", r.candidate() == null || r.shadow() ? 0 : r.weight());
        out.put("requestLogDropped", requestLog == null ? 0 : requestLog.dropped());
        return out;
    }

    private JsonNode readJson(HttpExchange ex) throws IOException {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null && Long.parseLong(length.trim()) > options.maxBodyBytes()) {
            throw new ClientError(413, "too_large", "the body is larger than " + options.maxBodyBytes() + " bytes");
        }
        byte[] bytes;
        try (InputStream in = ex.getRequestBody()) {
            bytes = in.readNBytes(options.maxBodyBytes() + 1);
        }
        if (bytes.length > options.maxBodyBytes()) {
            throw new ClientError(413, "too_large", "the body is larger than " + options.maxBodyBytes() + " bytes");
        }
        if (bytes.length == 0) {
            return Json.mapper().createObjectNode();
        }
        try {
            return Json.mapper().readTree(bytes);
        } catch (JacksonException e) {
            throw new ClientError(400, "malformed_json", "malformed JSON: " + e.getOriginalMessage());
        } catch (java.io.CharConversionException e) {
            // Jackson guesses the encoding from the first bytes; NULs there make it read UTF-32 and fail with an
            // IOException, which would otherwise end the exchange without an answer (found by InferenceFuzzTest).
            throw new ClientError(400, "malformed_json", "the body is not JSON in UTF-8: " + e.getMessage());
        }
    }

    private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = Json.line(body).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private static void sendError(HttpExchange ex, int status, String message) throws IOException {
        ObjectNode body = Json.mapper().createObjectNode().put("error", message);
        send(ex, status, body);
    }

    /** FNV-1a: a stable hash, so a sticky key lands in the same bucket in every server process. */
    static int fnv1a(String key) {
        int hash = 0x811c9dc5;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x01000193;
        }
        return hash;
    }

    /** Stops accepting requests, lets in-flight ones finish (up to {@code graceSeconds}), closes the log. */
    public void stop(int graceSeconds) throws IOException {
        http.stop(graceSeconds);
        connections.shutdown();
        shadowPool.shutdown();
        try {
            connections.awaitTermination(graceSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (requestLog != null) {
            requestLog.close();
        }
    }

    @Override
    public void close() throws IOException {
        stop(1);
    }
}
