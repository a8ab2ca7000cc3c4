package dev.mlops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.engine.AtomicFiles;
import dev.mlops.engine.EngineVersion;
import dev.mlops.engine.InputException;
import dev.mlops.engine.Json;
import dev.mlops.engine.LogSink;
import dev.mlops.engine.UsageException;
import dev.mlops.engine.lineage.Lineage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Base of every command that does engine work. It times the run, turns failures into exit codes, and writes the
 * JSON result envelope ({@code schemaVersion}, {@code command}, {@code status}, {@code startedAt},
 * {@code durationMs}, then the command's fields) to {@code --json}, also when the command fails.
 */
abstract class EngineCommand implements Callable<Integer> {

    static final int RESULT_SCHEMA_VERSION = 1;

    @Spec
    CommandSpec spec;

    private LogSink log;

    /** The environment when run in-process with one of its own (the demo); null means the process environment. */
    Map<String, String> environment;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the JSON result to FILE.")
    Path jsonResult;

    @Option(names = "--lineage", paramLabel = "FILE",
            description = "The run's lineage record this command appends its step to (default: .mlops/lineage.json).")
    Path lineage;

    @Option(names = "--no-lineage", description = "Do not record this command in the lineage file.")
    boolean noLineage;

    /**
     * What a command produced: its status, exit code, the fields that follow the envelope, and its lineage step
     * ({@code inputs}, {@code params}, {@code outputs}; null for commands that only read).
     */
    record Outcome(String status, int exitCode, Map<String, Object> fields, Map<String, Object> lineageStep) {

        Outcome(String status, int exitCode, Map<String, Object> fields) {
            this(status, exitCode, fields, null);
        }

        static Outcome passed(Map<String, Object> fields) {
            return new Outcome("passed", ExitCodes.OK, fields);
        }

        Outcome withLineage(List<Map<String, Object>> inputs, Map<String, Object> params,
                            Map<String, Object> outputs) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("inputs", inputs);
            step.put("params", params);
            step.put("outputs", outputs);
            return new Outcome(status, exitCode, fields, step);
        }
    }

    /** The lineage file: {@code --lineage}, else the JVM property {@code mlops.lineage}, else .mlops/lineage.json. */
    Path lineageFile() {
        return lineage != null ? lineage : Path.of(System.getProperty("mlops.lineage",
                Lineage.DEFAULT_FILE.toString()));
    }

    /** The command's work; engine exceptions propagate and become an error result. */
    abstract Outcome run() throws Exception;

    /** The command's name in results, e.g. {@code schema infer}. */
    String resultName() {
        return spec.qualifiedName(" ").replaceFirst("^mlops ", "");
    }

    @Override
    public final Integer call() throws IOException {
        Instant started = Instant.now();
        return complete(started, runCatching());
    }

    /** Runs the command; an exception becomes an error outcome with its exit code. */
    final Outcome runCatching() {
        try {
            return run();
        } catch (Exception e) {
            if (ExitCodes.of(e) == ExitCodes.INTERNAL && env().get("MLOPS_DEBUG") != null) {
                e.printStackTrace(err());
            }
            return failure(e);
        }
    }

    /**
     * Records the outcome in the lineage and writes the JSON result; returns the exit code. Called once per run, and
     * once per round by commands that repeat (monitor --every).
     */
    final int complete(Instant started, Outcome outcome) throws IOException {
        if (outcome.lineageStep() != null && !noLineage) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("command", resultName());
            step.put("status", outcome.status());
            step.put("exitCode", outcome.exitCode());
            step.putAll(outcome.lineageStep());
            Lineage.append(lineageFile(), env(), Path.of(""), step);
            outcome.fields().put("lineage", lineageFile().toString());
        }
        writeResult(started, outcome);
        return outcome.exitCode();
    }

    final Outcome failure(Exception e) {
        int code = ExitCodes.of(e);
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        err().println("mlops " + resultName() + ": " + (code == ExitCodes.INTERNAL ? "internal error: " : "")
                + message);
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("kind", code == ExitCodes.INPUT ? "input" : code == ExitCodes.USAGE ? "usage" : "internal");
        error.put("message", message);
        if (e instanceof InputException input) {
            input.file().ifPresent(f -> error.put("file", f.toString()));
            input.row().ifPresent(r -> error.put("row", r));
            input.column().ifPresent(c -> error.put("column", c));
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("error", error);
        return new Outcome("error", code, fields);
    }

    private void writeResult(Instant started, Outcome outcome) throws IOException {
        if (jsonResult == null) {
            return;
        }
        ObjectNode result = Json.mapper().createObjectNode();
        result.put("schemaVersion", RESULT_SCHEMA_VERSION);
        result.put("command", resultName());
        result.put("status", outcome.status());
        result.put("startedAt", started.toString());
        result.put("durationMs", java.time.Duration.between(started, Instant.now()).toMillis());
        result.put("exitCode", outcome.exitCode());
        result.put("engineVersion", EngineVersion.get());
        for (Map.Entry<String, Object> field : outcome.fields().entrySet()) {
            JsonNode value = Json.mapper().valueToTree(field.getValue());
            result.set(field.getKey(), value);
        }
        AtomicFiles.write(jsonResult, Json.mapper().writeValueAsString(result) + "\n");
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /**
     * The secret in the variable an option names ({@code --admin-token-env VAR}), or null when the option is not
     * given; a named variable that is unset or empty is a usage error. Secrets never come from the command line.
     */
    static String secret(Map<String, String> env, String variable, String option) {
        if (variable == null) {
            return null;
        }
        String value = env.get(variable);
        if (value == null || value.isEmpty()) {
            throw new UsageException("$" + variable + " (" + option + ") is not set");
        }
        return value;
    }

    /** The process environment; a method so that the registry and actor come from one place. */
    java.util.Map<String, String> env() {
        return environment != null ? environment : System.getenv();
    }

    /** Progress on standard error, so that standard output stays the human summary. */
    LogSink log() {
        if (log == null) {
            log = new ConsoleLog(err(), ConsoleLog.isInteractive(env()));
        }
        return log;
    }
}
