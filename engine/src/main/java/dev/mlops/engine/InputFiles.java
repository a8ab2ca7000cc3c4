package dev.mlops.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks on input files, so that every command reports a missing or unusable file the same way. */
public final class InputFiles {

    private InputFiles() {
    }

    /** Fails with an {@link InputException} naming the file unless it is a readable, non-empty regular file. */
    public static void requireReadable(Path file) {
        if (!Files.exists(file)) {
            throw new InputException(file, "file not found");
        }
        if (!Files.isRegularFile(file)) {
            throw new InputException(file, "is not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw new InputException(file, "is not readable (permission denied)");
        }
        try {
            if (Files.size(file) == 0) {
                throw new InputException(file, "file is empty");
            }
        } catch (IOException e) {
            throw new InputException(file, "cannot be read: " + e.getMessage(), e);
        }
    }
}
