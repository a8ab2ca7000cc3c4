package dev.mlops.engine.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mlops.engine.InputException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Coverage-guided fuzzing of schema files: any YAML parses into a schema or is an input error naming the file. */
class SchemaParserFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void anySchemaParsesOrIsAnInputError(byte[] yaml) throws Exception {
        Path file = Files.createTempFile("fuzz-", ".schema.yaml");
        try {
            Files.write(file, yaml);
            try {
                SchemaParser.parse(file);
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
