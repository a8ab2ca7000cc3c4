package dev.mlops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.engine.AtomicFiles;
import dev.mlops.engine.InputFiles;
import dev.mlops.engine.lineage.Lineage;
import dev.mlops.engine.report.LineagePage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mlops lineage ...}: read the run's lineage record. */
@Command(name = "lineage", mixinStandardHelpOptions = true, description = "Show the run's lineage record.",
        subcommands = {LineageCommand.Show.class, LineageCommand.Graph.class})
final class LineageCommand {

    /** Reads the record named by {@code --lineage} (inherited from {@link EngineCommand}). */
    abstract static class Reader extends EngineCommand {
        ObjectNode record() {
            Path file = lineageFile();
            InputFiles.requireReadable(file);
            return Lineage.read(file);
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print the lineage record as text.")
    static final class Show extends Reader {
        @Override
        Outcome run() {
            ObjectNode r = record();
            JsonNode git = r.path("git");
            out().printf("run %s (%s) %s%n", r.path("runId").asText("(local)"), r.path("context").path("system")
                    .asText(), r.path("context").path("fields"));
            out().printf("git %s on %s%s, remote %s%n", git.path("commit").asText("(not a repository)"),
                    git.path("branch").asText("-"), git.path("dirty").asBoolean() ? " (dirty: "
                            + git.path("changed") + ")" : "", git.path("remote").asText("-"));
            out().println("environment " + r.path("environment"));
            for (JsonNode step : r.path("steps")) {
                out().printf("%s %s: %s (exit %d)%n", step.path("at").asText(), step.path("command").asText(),
                        step.path("status").asText(), step.path("exitCode").asInt());
                for (JsonNode in : step.path("inputs")) {
                    out().printf("    in  %-16s %s sha256 %s%s%n", in.path("role").asText(), in.path("path").asText(),
                            in.path("sha256").asText(), in.has("dvc") ? " dvc " + in.path("dvc").asText() : "");
                }
                out().println("    params  " + step.path("params"));
                out().println("    outputs " + step.path("outputs"));
            }
            out().flush();
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("record", r);
            return Outcome.passed(fields);
        }
    }

    @Command(name = "graph", mixinStandardHelpOptions = true, description = "Write an HTML page with the lineage "
            + "graph (data -> features -> model -> registry version -> deployment) and every field.")
    static final class Graph extends Reader {
        @Option(names = "--html", required = true, paramLabel = "FILE")
        Path html;

        @Override
        Outcome run() throws Exception {
            AtomicFiles.write(html, LineagePage.render(record()));
            out().println("wrote " + html);
            out().flush();
            return Outcome.passed(Map.of("report", html.toString()));
        }
    }
}
