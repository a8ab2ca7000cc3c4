package dev.mlops.cli;

import dev.mlops.engine.InputFiles;
import dev.mlops.engine.lineage.Reproducer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mlops reproduce}: re-run training from a lineage record. */
@Command(name = "reproduce", mixinStandardHelpOptions = true, description = {"Re-run the training step of a lineage "
        + "record from its recorded inputs, parameters and seed.", "Exit 0 when the bundle is byte-identical or "
        + "holds the same model recorded by other versions (engine, libraries, Java), 14 when the model differs "
        + "(saying what differs), 3 when an input changed since the run."})
final class ReproduceCommand extends EngineCommand {

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the reproduced bundle to FILE.")
    Path out;

    @Override
    Outcome run() throws Exception {
        Path file = lineageFile();
        InputFiles.requireReadable(file);
        Reproducer.Result r = Reproducer.reproduce(file, log());
        if (out != null) {
            r.bundle().write(out);
        }
        if (r.sameBytes()) {
            out().println("reproduced: the bundle is byte-identical (sha256 " + r.reproducedSha256() + ")");
        } else if (r.reproduced()) {
            out().println("reproduced: the same model, features and metadata; the bundle differs only in the versions "
                    + "that recorded it (sha256 " + r.reproducedSha256() + ", recorded " + r.recordedSha256() + ")");
            r.versions().forEach(d -> out().println("  " + d));
        } else {
            out().println("NOT reproduced: sha256 " + r.reproducedSha256() + ", recorded " + r.recordedSha256());
            r.differences().forEach(d -> out().println("  " + d));
            r.versions().forEach(d -> out().println("  " + d + " (look here first)"));
        }
        out().flush();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("recordedSha256", r.recordedSha256());
        fields.put("reproducedSha256", r.reproducedSha256());
        fields.put("identical", r.sameBytes());
        fields.put("reproduced", r.reproduced());
        fields.put("differences", r.differences());
        fields.put("versionMismatches", r.versions());
        return new Outcome(r.reproduced() ? "passed" : "failed", r.reproduced() ? ExitCodes.OK
                : ExitCodes.AUDIT_FAILED, fields);
    }
}
