package dev.mlops.cli;

import dev.mlops.engine.registry.FileRegistry;
import java.nio.file.Path;
import java.util.Map;

/**
 * A separate process that registers one bundle over and over: {@code REGISTRY BUNDLE NAME COUNT} (COUNT -1: until
 * killed). The multi-process registry tests start several of these.
 */
public final class RegistryStressMain {

    private RegistryStressMain() {
    }

    public static void main(String[] args) {
        FileRegistry registry = new FileRegistry(Path.of(args[0]));
        int count = Integer.parseInt(args[3]);
        for (int i = 0; count < 0 || i < count; i++) {
            registry.register(args[2], Path.of(args[1]), Map.of("writer", ProcessHandle.current().pid() + ""),
                    "stress", null);
        }
    }
}
