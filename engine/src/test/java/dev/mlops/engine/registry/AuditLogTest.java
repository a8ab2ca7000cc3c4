package dev.mlops.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.engine.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {

    @TempDir
    Path dir;

    private static void appendEntries(AuditLog log, int count) {
        for (int i = 0; i < count; i++) {
            int n = i;
            log.write(tx -> tx.append(Json.mapper().createObjectNode().put("type", "note").put("n", n)));
        }
    }

    private static List<String> kinds(AuditLog log) {
        return log.verify().stream().map(AuditLog.Problem::kind).toList();
    }

    @Test
    void removingEntriesFromTheEndIsDetectedThroughTheHead() throws IOException {
        AuditLog log = new AuditLog(dir.resolve("audit.jsonl"));
        appendEntries(log, 4);
        assertThat(log.verify()).isEmpty();
        List<String> lines = Files.readAllLines(log.file());
        Files.write(log.file(), lines.subList(0, 2));
        assertThat(kinds(log)).containsExactly("truncated");
        assertThat(log.verify().get(0).message()).contains("entries 3 to 4 were removed from the end");
    }

    @Test
    void anHmacCatchesARewriteWithRecomputedHashes() throws IOException {
        byte[] key = "secret".getBytes(StandardCharsets.UTF_8);
        AuditLog signed = new AuditLog(dir.resolve("audit.jsonl"), key);
        appendEntries(signed, 3);
        assertThat(signed.verify()).isEmpty();
        // Rewrite entry 2 and recompute its hash and every later link, as someone without the key could.
        List<String> lines = Files.readAllLines(signed.file());
        List<String> forged = new ArrayList<>();
        String prev = AuditLog.GENESIS;
        for (String line : lines) {
            ObjectNode e = (ObjectNode) Json.mapper().readTree(line);
            if (e.get("seq").asLong() == 2) {
                e.put("n", 999);
            }
            e.put("prev", prev);
            e.put("hash", AuditLog.hashOf(e));
            prev = e.get("hash").asText();
            forged.add(com.fasterxml.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(e));
        }
        Files.write(signed.file(), forged);
        Files.writeString(signed.head(), "{\"seq\":3,\"hash\":\"" + prev + "\"}\n");
        assertThat(new AuditLog(signed.file()).verify()).as("without the key the chain looks intact").isEmpty();
        assertThat(kinds(signed)).contains("forged");
        assertThat(kinds(new AuditLog(dir.resolve("audit.jsonl"), "other".getBytes(StandardCharsets.UTF_8))))
                .contains("forged");
    }

    @Test
    void aKeyedLogFlagsEntriesWrittenWithoutTheKey() {
        AuditLog unsigned = new AuditLog(dir.resolve("audit.jsonl"));
        appendEntries(unsigned, 1);
        assertThat(kinds(new AuditLog(unsigned.file(), "k".getBytes(StandardCharsets.UTF_8))))
                .containsExactly("unsigned");
    }
}
