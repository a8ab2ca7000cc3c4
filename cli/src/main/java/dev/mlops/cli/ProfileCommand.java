package dev.mlops.cli;

import dev.mlops.engine.AtomicFiles;
import dev.mlops.engine.Json;
import dev.mlops.engine.data.DatasetProfile;
import dev.mlops.engine.data.Profiler;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mlops profile}: the statistics later stages compare against. */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = "Profile a dataset: per-column types, counts, moments, quantiles, categories and histograms.")
final class ProfileCommand extends EngineCommand {

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "The dataset (CSV, Parquet, JSONL).")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Write the profile JSON to FILE.")
    Path out;

    @Mixin
    ReadOptionsMixin read;

    @Override
    Outcome run() throws Exception {
        DatasetProfile profile = Profiler.profile(data, read.toReadOptions(), log());
        AtomicFiles.write(out, Json.write(profile) + "\n");
        out().printf("profiled %s: %d rows, %d columns -> %s%n", data, profile.dataset().rows(),
                profile.columns().size(), out);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("dataset", profile.dataset());
        fields.put("profilePath", out.toString());
        return Outcome.passed(fields);
    }
}
