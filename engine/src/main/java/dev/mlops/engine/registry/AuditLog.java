package dev.mlops.engine.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.engine.data.Hashing;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * An append-only, hash-chained JSON Lines log. Each entry carries {@code seq}, {@code time}, its own fields,
 * {@code prev} (the previous entry's hash; 64 zeros for the first) and {@code hash} (SHA-256 of the entry's compact
 * JSON without {@code hash}). Editing, deleting or reordering entries breaks the chain, and {@link #verify()} says
 * where.
 *
 * <p>Writers hold an exclusive lock across threads and processes. An entry is committed once its line, newline
 * included, is forced to disk; a writer killed mid-line leaves a torn tail that readers ignore and the next writer
 * removes, so an interrupted write is never half-visible.
 */
public final class AuditLog {

    public static final String GENESIS = "0".repeat(64);

    /** Compact and in insertion order: the hash is over exactly these bytes. */
    private static final ObjectMapper COMPACT = JsonMapper.builder().build();
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    /** The environment variable holding the HMAC key, when entries are to be signed. */
    public static final String HMAC_KEY_ENV = "MLOPS_AUDIT_HMAC_KEY";

    private final Path file;
    private final byte[] hmacKey;

    public AuditLog(Path file) {
        this(file, null);
    }

    /**
     * @param hmacKey when not null, every appended entry also carries {@code mac}, an HMAC-SHA256 of its hash with
     *                this key, and {@link #verify()} checks them: an edit whose hashes were recomputed cannot forge it
     */
    public AuditLog(Path file, byte[] hmacKey) {
        this.file = file.toAbsolutePath().normalize();
        this.hmacKey = hmacKey == null ? null : hmacKey.clone();
    }

    /** The log's key from the environment ({@value #HMAC_KEY_ENV}), or null. */
    public static byte[] keyFrom(java.util.Map<String, String> env) {
        String key = env.get(HMAC_KEY_ENV);
        return key == null || key.isEmpty() ? null : key.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The last committed entry's sequence number and hash, rewritten after every append: without it, deleting the
     * last entries would leave a valid chain.
     */
    Path head() {
        return file.resolveSibling(file.getFileName() + ".head");
    }

    public Path file() {
        return file;
    }

    /** The committed entries, oldest first (a torn last line is left out). */
    public List<ObjectNode> read() {
        return parse(readBytes()).entries;
    }

    /** What one locked write sees and may add to. */
    public final class Transaction {
        private final List<ObjectNode> entries;
        private final FileChannel channel;

        private Transaction(List<ObjectNode> entries, FileChannel channel) {
            this.entries = entries;
            this.channel = channel;
        }

        public List<ObjectNode> entries() {
            return entries;
        }

        /** Appends and commits one entry; {@code fields} are copied after {@code seq} and {@code time}. */
        public ObjectNode append(ObjectNode fields) {
            ObjectNode last = entries.isEmpty() ? null : entries.get(entries.size() - 1);
            ObjectNode entry = COMPACT.createObjectNode();
            entry.put("seq", last == null ? 1 : last.get("seq").asLong() + 1);
            entry.put("time", Instant.now().toString());
            fields.fields().forEachRemaining(f -> entry.set(f.getKey(), f.getValue()));
            entry.put("prev", last == null ? GENESIS : last.get("hash").asText());
            entry.put("hash", hashOf(entry));
            if (hmacKey != null) {
                entry.put("mac", mac(hmacKey, entry.get("hash").asText()));
            }
            try {
                byte[] line = (COMPACT.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
                ByteBuffer buffer = ByteBuffer.wrap(line);
                channel.position(channel.size());
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
                dev.mlops.engine.AtomicFiles.write(head(), "{\"seq\":" + entry.get("seq").asLong() + ",\"hash\":\""
                        + entry.get("hash").asText() + "\"}\n");
            } catch (IOException e) {
                throw new RegistryException("cannot write " + file + ": " + e.getMessage()
                        + "; the registry is unchanged", e);
            }
            entries.add(entry);
            return entry;
        }
    }

    /** Runs {@code body} holding the log's exclusive lock, after removing any torn tail. */
    public <T> T write(Function<Transaction, T> body) {
        ReentrantLock local = IN_PROCESS.computeIfAbsent(file, f -> new ReentrantLock());
        local.lock();
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel lockChannel = FileChannel.open(file.resolveSibling(file.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = lockChannel.lock();
                 FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                         StandardOpenOption.WRITE)) {
                Parsed parsed = parse(readBytes());
                if (parsed.committedBytes < channel.size()) {
                    channel.truncate(parsed.committedBytes);
                    channel.force(true);
                }
                return body.apply(new Transaction(parsed.entries, channel));
            }
        } catch (IOException e) {
            throw new RegistryException("cannot write " + file + ": " + e.getMessage()
                    + "; the registry is unchanged", e);
        } finally {
            local.unlock();
        }
    }

    private void checkHead(List<Problem> problems, long lastSeq, String lastHash, long lines) {
        if (!Files.exists(head())) {
            return;
        }
        try {
            JsonNode h = COMPACT.readTree(Files.readString(head()));
            long seq = h.path("seq").asLong();
            if (seq > lastSeq) {
                problems.add(new Problem(lines, "truncated", "the log ends at seq " + lastSeq + " but seq " + seq
                        + " was written: entries " + (lastSeq + 1) + " to " + seq + " were removed from the end"));
            } else if (seq == lastSeq && !h.path("hash").asText().equals(lastHash)) {
                problems.add(new Problem(lines, "edited", "the last entry (seq " + seq + ") is not the one written"));
            }
        } catch (IOException e) {
            problems.add(new Problem(lines, "malformed", head() + " cannot be read: " + e.getMessage()));
        }
    }

    private byte[] readBytes() {
        try {
            return Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
        } catch (IOException e) {
            throw new RegistryException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private record Parsed(List<ObjectNode> entries, long committedBytes, String tail) {
    }

    /** Complete lines only: a line is committed once its newline is on disk. */
    private Parsed parse(byte[] bytes) {
        List<ObjectNode> entries = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                String line = new String(bytes, start, i - start, StandardCharsets.UTF_8);
                if (!line.isBlank()) {
                    entries.add(parseLine(line, entries.size() + 1));
                }
                start = i + 1;
            }
        }
        return new Parsed(entries, start, new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8));
    }

    private ObjectNode parseLine(String line, int number) {
        try {
            JsonNode node = COMPACT.readTree(line);
            if (node instanceof ObjectNode object && object.has("seq") && object.has("hash")) {
                return object;
            }
        } catch (IOException e) {
            // reported below
        }
        throw new RegistryException(file + ": line " + number + " is not an audit entry; run 'mlops registry "
                + "verify' to see what happened");
    }

    static String mac(byte[] key, String hash) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(hash.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform provides HmacSHA256", e);
        }
    }

    static String hashOf(ObjectNode entry) {
        ObjectNode copy = entry.deepCopy();
        copy.remove("hash");
        copy.remove("mac");
        try {
            return Hashing.sha256(COMPACT.writeValueAsBytes(copy));
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /**
     * One problem {@link #verify()} found.
     *
     * @param line 1-based line number
     * @param kind {@code malformed}, {@code edited} (an entry's hash does not match its contents), {@code deleted}
     *             (a sequence number is missing), {@code reordered} (sequence numbers go back), {@code broken-link}
     *             (the chain breaks without another explanation), {@code truncated} (entries recorded in the head
     *             file are gone from the end), {@code forged} (an entry's HMAC does not match: rewritten without
     *             the key), {@code unsigned} (no HMAC where a key is configured), {@code torn-tail} (an interrupted
     *             write; harmless, removed by the next write)
     */
    public record Problem(long line, String kind, String message) {

        public boolean harmless() {
            return kind.equals("torn-tail");
        }
    }

    /** Checks every entry's hash and link; the first problem of each line is reported. */
    public List<Problem> verify() {
        byte[] bytes = readBytes();
        List<Problem> problems = new ArrayList<>();
        String expectedPrev = GENESIS;
        long expectedSeq = 1;
        long lastSeq = 0;
        String lastHash = GENESIS;
        int start = 0;
        long lineNumber = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            lineNumber++;
            String line = new String(bytes, start, i - start, StandardCharsets.UTF_8);
            start = i + 1;
            ObjectNode entry;
            try {
                JsonNode node = COMPACT.readTree(line);
                if (!(node instanceof ObjectNode o) || !o.has("seq") || !o.has("hash") || !o.has("prev")) {
                    throw new IOException("not an entry");
                }
                entry = o;
            } catch (IOException e) {
                problems.add(new Problem(lineNumber, "malformed", "line is not a JSON audit entry"));
                expectedPrev = null;
                expectedSeq++;
                continue;
            }
            long seq = entry.get("seq").asLong();
            String hash = entry.get("hash").asText();
            if (!hashOf(entry).equals(hash)) {
                problems.add(new Problem(lineNumber, "edited", "entry seq " + seq + " does not match its hash: its "
                        + "contents were changed after it was written"));
            } else if (seq < expectedSeq) {
                problems.add(new Problem(lineNumber, "reordered", "entry seq " + seq + " comes after seq "
                        + (expectedSeq - 1) + ": entries were moved"));
            } else if (seq > expectedSeq) {
                problems.add(new Problem(lineNumber, "deleted", "entries seq " + expectedSeq
                        + (seq - 1 > expectedSeq ? " to " + (seq - 1) : "") + " are missing before seq " + seq));
            } else if (expectedPrev != null && !expectedPrev.equals(entry.get("prev").asText())) {
                problems.add(new Problem(lineNumber, "broken-link", "entry seq " + seq + " does not link to the "
                        + "entry before it"));
            }
            if (hmacKey != null) {
                if (!entry.has("mac")) {
                    problems.add(new Problem(lineNumber, "unsigned", "entry seq " + seq + " has no HMAC, but a key is "
                            + "configured"));
                } else if (!java.security.MessageDigest.isEqual(mac(hmacKey, hash).getBytes(StandardCharsets.UTF_8),
                        entry.get("mac").asText().getBytes(StandardCharsets.UTF_8))) {
                    problems.add(new Problem(lineNumber, "forged", "entry seq " + seq + " has an HMAC that does not "
                            + "match: it was rewritten by someone without the key"));
                }
            }
            lastSeq = seq;
            lastHash = hash;
            expectedPrev = hash;
            expectedSeq = Math.max(expectedSeq, seq) + 1;
        }
        checkHead(problems, lastSeq, lastHash, lineNumber);
        if (start < bytes.length) {
            problems.add(new Problem(lineNumber + 1, "torn-tail", (bytes.length - start) + " bytes of an "
                    + "interrupted write at the end; ignored, and removed by the next write"));
        }
        return problems;
    }
}
