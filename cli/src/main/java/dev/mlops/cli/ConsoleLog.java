package dev.mlops.cli;

import dev.mlops.engine.LogSink;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/**
 * Progress on standard error: in an interactive terminal a bar redrawn in place; in CI logs (no console, {@code CI}
 * set, or {@code TERM=dumb}) plain lines, one per tenth of the work, so logs stay short.
 */
final class ConsoleLog implements LogSink {

    private static final int BAR_WIDTH = 30;

    private final PrintWriter err;
    private final boolean interactive;
    private boolean barOpen;
    private long lastTenth = -1;
    private String lastTask;

    ConsoleLog(PrintWriter err, boolean interactive) {
        this.err = err;
        this.interactive = interactive;
    }

    /** Interactive when a console is attached and neither {@code CI} nor {@code TERM=dumb} says otherwise. */
    static boolean isInteractive(Map<String, String> env) {
        return System.console() != null && env.get("CI") == null && !"dumb".equals(env.get("TERM"));
    }

    @Override
    public synchronized void info(String line) {
        closeBar();
        err.println("[mlops] " + line);
        err.flush();
    }

    @Override
    public synchronized void progress(String task, long done, long total) {
        if (total <= 0) {
            return;
        }
        if (!task.equals(lastTask)) {
            closeBar();
            lastTask = task;
            lastTenth = -1;
        }
        if (interactive) {
            int filled = (int) (BAR_WIDTH * done / total);
            err.print(String.format(Locale.ROOT, "\r[mlops] %s [%s%s] %d/%d", task, "#".repeat(filled),
                    "-".repeat(BAR_WIDTH - filled), done, total));
            barOpen = true;
            if (done >= total) {
                closeBar();
            }
        } else {
            long tenth = done * 10 / total;
            if (tenth != lastTenth) {
                lastTenth = tenth;
                err.println(String.format(Locale.ROOT, "[mlops] %s: %d/%d (%d%%)", task, done, total,
                        done * 100 / total));
            }
        }
        err.flush();
    }

    private void closeBar() {
        if (barOpen) {
            err.println();
            barOpen = false;
        }
    }
}
