package dev.mlops.bench;

import dev.mlops.engine.LogSink;
import dev.mlops.engine.data.ReadOptions;
import dev.mlops.engine.monitor.DriftOptions;
import dev.mlops.engine.monitor.Monitor;
import java.nio.file.Path;
import java.util.List;

/**
 * One data-drift run as {@code mlops monitor --reference R --current C} does it (load both, compare every column).
 * Prints {@code seconds=... drifted=...}. Usage: {@code MonitorRun REFERENCE CURRENT}.
 */
public final class MonitorRun {

    private MonitorRun() {
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        Monitor.Result r = Monitor.run(new Monitor.Request(Path.of(args[0]), List.of(Path.of(args[1])),
                ReadOptions.DEFAULTS, null, null, DriftOptions.DEFAULTS), LogSink.NONE);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(java.util.Locale.ROOT, "seconds=%.3f drifted=%d%n", seconds,
                r.data().driftedColumns().size());
    }
}
