package dev.mlops.engine.lineage;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a run happened, from the environment: a Jenkins build, a GitHub Actions run, a GitLab CI job, or a local
 * shell. A caller that knows the run's identity better than the environment does (the Jenkins plugin: core sets
 * {@code JENKINS_URL} and {@code BUILD_URL} only when a root URL is configured) names it in {@value #RUN_ID_VARIABLE};
 * it wins over anything detected, so that one build is always one record.
 *
 * @param system {@code jenkins}, {@code github-actions}, {@code gitlab-ci} or {@code local}
 * @param fields what that system says about the run (job, build number, URL, user, ...); absent ones are left out
 */
public record RunContext(String system, Map<String, String> fields) {

    /** The environment variable that names the run explicitly, e.g. {@code jenkins:folder/job#12}. */
    public static final String RUN_ID_VARIABLE = "MLOPS_RUN_ID";

    public static RunContext detect(Map<String, String> env) {
        RunContext detected = detectSystem(env);
        String explicit = env.get(RUN_ID_VARIABLE);
        if (explicit == null || explicit.isBlank()) {
            return detected;
        }
        Map<String, String> fields = new LinkedHashMap<>(detected.fields());
        fields.put("runId", explicit.strip());
        return new RunContext(detected.system(), fields);
    }

    private static RunContext detectSystem(Map<String, String> env) {
        // JOB_NAME with BUILD_NUMBER is what every Jenkins build has, root URL or not.
        if (env.containsKey("JENKINS_URL") || (env.containsKey("JOB_NAME") && (env.containsKey("BUILD_URL")
                || env.containsKey("BUILD_NUMBER")))) {
            return new RunContext("jenkins", pick(env, "job", "JOB_NAME", "build", "BUILD_NUMBER", "url", "BUILD_URL",
                    "tag", "BUILD_TAG", "user", "BUILD_USER_ID", "cause", "BUILD_CAUSE", "node", "NODE_NAME",
                    "commit", "GIT_COMMIT"));
        }
        if ("true".equals(env.get("GITHUB_ACTIONS"))) {
            Map<String, String> f = pick(env, "repository", "GITHUB_REPOSITORY", "workflow", "GITHUB_WORKFLOW",
                    "run", "GITHUB_RUN_ID", "attempt", "GITHUB_RUN_ATTEMPT", "user", "GITHUB_ACTOR", "event",
                    "GITHUB_EVENT_NAME", "ref", "GITHUB_REF", "commit", "GITHUB_SHA");
            if (env.containsKey("GITHUB_SERVER_URL") && env.containsKey("GITHUB_REPOSITORY")
                    && env.containsKey("GITHUB_RUN_ID")) {
                f.put("url", env.get("GITHUB_SERVER_URL") + "/" + env.get("GITHUB_REPOSITORY") + "/actions/runs/"
                        + env.get("GITHUB_RUN_ID"));
            }
            return new RunContext("github-actions", f);
        }
        if ("true".equals(env.get("GITLAB_CI"))) {
            return new RunContext("gitlab-ci", pick(env, "project", "CI_PROJECT_PATH", "pipeline", "CI_PIPELINE_ID",
                    "job", "CI_JOB_ID", "url", "CI_JOB_URL", "user", "GITLAB_USER_LOGIN", "source",
                    "CI_PIPELINE_SOURCE", "ref", "CI_COMMIT_REF_NAME", "commit", "CI_COMMIT_SHA"));
        }
        Map<String, String> local = new LinkedHashMap<>();
        local.put("user", env.getOrDefault("USER", System.getProperty("user.name", "unknown")));
        try {
            local.put("host", java.net.InetAddress.getLocalHost().getHostName());
        } catch (java.net.UnknownHostException e) {
            local.put("host", env.getOrDefault("HOSTNAME", "unknown"));
        }
        return new RunContext("local", local);
    }

    /**
     * A stable identity for the run, so that its steps join one record: the explicit one if given, else what the
     * system says; null for a local shell (each local record lives until another run's step replaces it).
     */
    public String runId() {
        if (fields.containsKey("runId")) {
            return fields.get("runId");
        }
        return switch (system) {
            case "jenkins" -> fields.containsKey("tag") ? fields.get("tag")
                    : fields.containsKey("build") ? fields.get("job") + "#" + fields.get("build") : null;
            case "github-actions" -> fields.get("repository") + "/" + fields.get("run") + "/"
                    + fields.getOrDefault("attempt", "1");
            case "gitlab-ci" -> fields.get("project") + "/" + fields.get("pipeline");
            default -> null;
        };
    }

    private static Map<String, String> pick(Map<String, String> env, String... keyAndVariable) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < keyAndVariable.length; i += 2) {
            String v = env.get(keyAndVariable[i + 1]);
            if (v != null && !v.isBlank()) {
                out.put(keyAndVariable[i], v);
            }
        }
        return out;
    }
}
