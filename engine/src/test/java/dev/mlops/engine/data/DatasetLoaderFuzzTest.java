package dev.mlops.engine.data;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mlops.engine.InputException;
import dev.mlops.engine.LogSink;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing of the CSV and JSON Lines loader: any file loads, or fails with an {@link InputException}
 * naming it. Anything else escaping (a DuckDB exception, a runtime exception) fails the test.
 */
class DatasetLoaderFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void anyFileLoadsOrIsAnInputError(FuzzedDataProvider data) throws Exception {
        String suffix = data.consumeBoolean() ? ".csv" : ".jsonl";
        Path file = Files.createTempFile("fuzz-", suffix);
        try {
            Files.write(file, data.consumeRemainingAsBytes());
            try {
                Profiler.profile(file, ReadOptions.DEFAULTS, LogSink.NONE);
            } catch (InputException expected) {
                if (!expected.getMessage().startsWith(file.toString())) {
                    throw new AssertionError("an input error that does not name the file: " + expected.getMessage());
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
