package dev.mlops.engine.registry;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * Opens a registry from a location: {@code file:/path}, {@code file:relative/path} or a plain path (a file registry),
 * or {@code mlflow:http://host:port} (an MLflow tracking server; the token, if any, from
 * {@value #MLFLOW_TOKEN_ENV}). Without one, {@value #LOCATION_ENV} decides, else {@value #DEFAULT_LOCATION}.
 */
public final class Registries {

    public static final String LOCATION_ENV = "MLOPS_REGISTRY";
    public static final String MLFLOW_TOKEN_ENV = "MLFLOW_TRACKING_TOKEN";
    public static final String DEFAULT_LOCATION = ".mlops/registry";
    public static final String DEFAULT_MLFLOW_AUDIT = ".mlops/audit.jsonl";

    private Registries() {
    }

    public static ModelRegistry open(String location, Map<String, String> env) {
        return open(location, env, null);
    }

    /**
     * @param auditLog where an MLflow registry keeps its audit log (default {@value #DEFAULT_MLFLOW_AUDIT}); a file
     *                 registry keeps its own, in its directory
     */
    public static ModelRegistry open(String location, Map<String, String> env, Path auditLog) {
        String chosen = location != null ? location : env.getOrDefault(LOCATION_ENV, DEFAULT_LOCATION);
        if (chosen.startsWith("mlflow:")) {
            String url = chosen.substring("mlflow:".length());
            try {
                URI uri = URI.create(url);
                if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
                    throw new IllegalArgumentException("not an http(s) URL");
                }
                return new MlflowRegistry(uri, env.get(MLFLOW_TOKEN_ENV),
                        auditLog != null ? auditLog : Path.of(DEFAULT_MLFLOW_AUDIT), AuditLog.keyFrom(env));
            } catch (IllegalArgumentException e) {
                throw new RegistryException("--registry " + chosen + ": expected mlflow:http://HOST:PORT");
            }
        }
        String path = chosen.startsWith("file:") ? chosen.substring("file:".length()) : chosen;
        if (path.isBlank()) {
            throw new RegistryException("--registry " + chosen + ": expected file:PATH or mlflow:URL");
        }
        return new FileRegistry(Path.of(path), AuditLog.keyFrom(env));
    }

    /**
     * Who is acting, for the history: {@code MLOPS_ACTOR} if set, else the CI system's user (Jenkins with the
     * build-user-vars plugin, GitHub Actions, GitLab CI), else the local user and host.
     */
    public static String actor(Map<String, String> env) {
        for (String key : new String[] {"MLOPS_ACTOR", "BUILD_USER_ID", "GITHUB_ACTOR", "GITLAB_USER_LOGIN"}) {
            String v = env.get(key);
            if (v != null && !v.isBlank()) {
                return key.equals("MLOPS_ACTOR") ? v : v + " (" + key + ")";
            }
        }
        String user = env.getOrDefault("USER", System.getProperty("user.name", "unknown"));
        String host = env.getOrDefault("HOSTNAME", "");
        if (host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                host = "localhost";
            }
        }
        return user + "@" + host;
    }

    /**
     * Moves {@code alias} back to the version it pointed at before it was last set, recording {@code reason}.
     * Returns the version it now points at.
     */
    public static int rollback(ModelRegistry registry, String name, String alias, String actor, String reason) {
        Integer current = registry.aliases(name).get(alias);
        if (current == null) {
            throw new RegistryException("model '" + name + "' has no alias '" + alias + "' to roll back");
        }
        Integer previous = null;
        for (RegistryEvent e : registry.history(name)) {
            if (alias.equals(e.alias()) && e.type().equals("alias-set")) {
                previous = e.previousVersion();
            }
        }
        if (previous == null) {
            throw new RegistryException("'" + name + "@" + alias + "' was set to version " + current
                    + " without a version before it: nothing to roll back to");
        }
        registry.setAlias(name, alias, previous, actor, reason);
        return previous;
    }
}
