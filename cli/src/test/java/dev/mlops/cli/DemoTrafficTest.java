package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.mlops.engine.LogSink;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoTrafficTest {

    private static final List<DemoTraffic.Row> ROWS = List.of(new DemoTraffic.Row("k1", Map.of("x", 1.0), "1"),
            new DemoTraffic.Row("k2", Map.of("x", 2.0), "0"));

    /** A report that counts a failed request says what the first one got, a status or an exception. */
    @Test
    void theFirstFailureIsNamed() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            ex.sendResponseHeaders(503, -1);
            ex.close();
        });
        server.start();
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        DemoTraffic refused = new DemoTraffic(uri, "churn");
        try {
            refused.sendAll(ROWS, 1, LogSink.NONE, "test");
        } finally {
            server.stop(0);
        }
        assertThat(refused.outcome()).isEqualTo("0 answered, 2 failed (first: HTTP 503)");

        DemoTraffic unreachable = new DemoTraffic(uri, "churn");
        unreachable.sendAll(ROWS, 1, LogSink.NONE, "test");
        assertThat(unreachable.outcome()).startsWith("0 answered, 2 failed (first: java.net.ConnectException");
    }
}
