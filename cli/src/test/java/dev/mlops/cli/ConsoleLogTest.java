package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ConsoleLogTest {

    @Test
    void inATerminalTheBarIsRedrawnInPlaceAndClosedByTheNextLine() {
        StringWriter out = new StringWriter();
        ConsoleLog log = new ConsoleLog(new PrintWriter(out), true);
        log.progress("cross-validating", 1, 4);
        log.progress("cross-validating", 2, 4);
        log.info("trial 1/2 done");
        assertThat(out.toString()).isEqualTo("\r[mlops] cross-validating [" + "#".repeat(7) + "-".repeat(23) + "] 1/4"
                + "\r[mlops] cross-validating [" + "#".repeat(15) + "-".repeat(15) + "] 2/4"
                + System.lineSeparator() + "[mlops] trial 1/2 done" + System.lineSeparator());
    }

    @Test
    void inCiLogsProgressIsAStartLineThenOneLinePerTenth() {
        StringWriter out = new StringWriter();
        ConsoleLog log = new ConsoleLog(new PrintWriter(out), false);
        for (int done = 1; done <= 1000; done++) {
            log.progress("scoring", done, 1000);
        }
        String[] lines = out.toString().split(System.lineSeparator());
        assertThat(lines).hasSize(11);
        assertThat(out.toString()).doesNotContain("\r");
        assertThat(lines[0]).isEqualTo("[mlops] scoring: 1/1000 (0%)");
        assertThat(lines[1]).isEqualTo("[mlops] scoring: 100/1000 (10%)");
        assertThat(lines[10]).isEqualTo("[mlops] scoring: 1000/1000 (100%)");
    }

    @Test
    void ciAndDumbTerminalsAreNotInteractive() {
        assertThat(ConsoleLog.isInteractive(java.util.Map.of("CI", "true"))).isFalse();
        assertThat(ConsoleLog.isInteractive(java.util.Map.of("TERM", "dumb"))).isFalse();
    }
}
