package dev.mlops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.engine.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

/** One in-process run of the {@code mlops} command line, with what it printed. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        return run(MlopsCommand.commandLine(), args);
    }

    /** A run whose commands see {@code env} as their whole environment, e.g. a CI build's variables. */
    static CliRun withEnv(Map<String, String> env, String... args) {
        return run(MlopsCommand.commandLine(env), args);
    }

    private static CliRun run(CommandLine cli, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    static JsonNode json(Path file) throws IOException {
        return Json.mapper().readTree(file.toFile());
    }
}
