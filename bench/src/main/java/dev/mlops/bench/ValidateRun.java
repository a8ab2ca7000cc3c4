package dev.mlops.bench;

import dev.mlops.engine.LogSink;
import dev.mlops.engine.data.ReadOptions;
import dev.mlops.engine.data.SchemaParser;
import dev.mlops.engine.data.ValidationReport;
import dev.mlops.engine.data.Validator;
import java.nio.file.Path;

/** One full validation (load, hash, profile, every rule): {@code ValidateRun DATA SCHEMA}. Prints seconds. */
public final class ValidateRun {

    private ValidateRun() {
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        ValidationReport report = Validator.validate(Path.of(args[0]), ReadOptions.DEFAULTS,
                SchemaParser.parse(Path.of(args[1])), null, LogSink.NONE);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(java.util.Locale.ROOT, "validate rows=%d violations=%d seconds=%.3f%n",
                report.dataset().rows(), report.violations().size(), seconds);
    }
}
