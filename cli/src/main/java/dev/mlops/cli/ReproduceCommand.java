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
        + "record from its recorded inputs, parameters and seed.", "Exit 0 when the bundle is byte-identical, 14 "
        + "when it differs (saying what differs), 3 when an input changed since the run."})
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
        } else {
            out().println("NOT reproduced: sha256 " + r.reproducedSha256() + ", recorded " + r.recordedSha256());
            r.differences().forEach(d -> out().println("  " + d));
        }
        out().flush();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("recordedSha256", r.recordedSha256());
        fields.put("reproducedSha256", r.reproducedSha256());
        fields.put("identical", r.sameBytes());
        fields.put("differences", r.differences());
        return new Outcome(r.sameBytes() ? "passed" : "failed", r.sameBytes() ? ExitCodes.OK
                : ExitCodes.AUDIT_FAILED, fields);
    }
}
