package dev.mlops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.engine.AtomicFiles;
import dev.mlops.engine.InputException;
import dev.mlops.engine.InputFiles;
import dev.mlops.engine.Json;
import dev.mlops.engine.lineage.Lineage;
import dev.mlops.engine.report.Html;
import dev.mlops.engine.report.LineagePage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mlops lineage ...}: read the run's lineage record. */
@Command(name = "lineage", mixinStandardHelpOptions = true, description = "Show the run's lineage record.",
        subcommands = {LineageCommand.Show.class, LineageCommand.Graph.class, LineageCommand.Merge.class})
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
            Html.write(html, LineagePage.render(record()));
            out().println("wrote " + html);
            out().flush();
            return Outcome.passed(Map.of("report", html.toString()));
        }
    }

    @Command(name = "merge", mixinStandardHelpOptions = true, description = "Merge copies of one run's lineage record "
            + "(left by steps in parallel branches or on several agents) into one: every step once, in time order.")
    static final class Merge extends EngineCommand {
        @Parameters(paramLabel = "FILE", arity = "1..*", description = "Lineage records of the run.")
        List<Path> files;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where the merged record goes "
                + "(may be one of the inputs).")
        Path out;

        @Option(names = "--run-id", paramLabel = "ID", description = "Merge only records of this run; a record of "
                + "another (a stale copy in a reused workspace) is skipped with a note. Without it, records of "
                + "different runs are an error.")
        String runId;

        @Option(names = "--html", paramLabel = "FILE", description = "Also write the merged record's graph page.")
        Path html;

        @Override
        Outcome run() throws Exception {
            List<ObjectNode> records = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            for (Path file : files) {
                InputFiles.requireReadable(file);
                ObjectNode record = Lineage.read(file);
                String id = record.path("runId").asText(null);
                if (runId != null && !runId.equals(id)) {
                    out().println("skipped " + file + ": run " + id + ", not " + runId);
                    skipped.add(file.toString());
                } else if (!records.isEmpty() && !Objects.equals(
                        records.get(0).path("runId").asText(null), id)) {
                    throw new InputException(file, "is the record of run " + id + ", not of "
                            + records.get(0).path("runId").asText(null) + " (--run-id picks one run)");
                } else {
                    records.add(record);
                }
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("skipped", skipped);
            if (records.isEmpty()) {
                out().println("no record of run " + runId + ": nothing written");
                out().flush();
                fields.put("steps", 0);
                return Outcome.passed(fields);
            }
            ObjectNode merged = Lineage.merge(records);
            AtomicFiles.write(out, Json.write(merged) + "\n");
            if (html != null) {
                Html.write(html, LineagePage.render(merged));
                fields.put("report", html.toString());
            }
            out().printf("merged %d record(s) of run %s: %d steps -> %s%n", records.size(),
                    merged.path("runId").asText(null), merged.path("steps").size(), out);
            out().flush();
            fields.put("record", out.toString());
            fields.put("steps", merged.path("steps").size());
            return Outcome.passed(fields);
        }
    }
}
