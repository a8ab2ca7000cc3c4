package dev.mlops.engine.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.engine.Json;
import dev.mlops.engine.data.Hashing;
import dev.mlops.engine.train.ModelBundle;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The embedded registry: a directory holding {@code audit.jsonl} (the {@link AuditLog}, source of truth for every
 * version, alias and tag) and {@code blobs/sha256/<hash>} (bundles, stored once each by content). A registration
 * first stores the blob (write, fsync, rename: idempotent), then appends its event under the log's lock: the version
 * exists exactly when that line is committed. A failure before that leaves the registry as it was.
 */
public final class FileRegistry implements ModelRegistry {

    public static final String LOG = "audit.jsonl";

    private final Path root;
    private final AuditLog log;

    public FileRegistry(Path root) {
        this(root, null);
    }

    /** @param hmacKey signs every history entry when not null (see {@link AuditLog}) */
    public FileRegistry(Path root, byte[] hmacKey) {
        this.root = root.toAbsolutePath().normalize();
        if (Files.exists(this.root) && !Files.isDirectory(this.root)) {
            throw new RegistryException(this.root + " is not a directory; a file registry is a directory");
        }
        this.log = new AuditLog(this.root.resolve(LOG), hmacKey);
    }

    public Path root() {
        return root;
    }

    @Override
    public AuditLog auditLog() {
        return log;
    }

    @Override
    public String location() {
        return "file:" + root;
    }

    private Path blob(String sha256) {
        return root.resolve("blobs").resolve("sha256").resolve(sha256);
    }

    @Override
    public ModelVersion register(String name, Path bundle, Map<String, String> tags, String actor, String reason) {
        Names.model(name);
        tags.keySet().forEach(Names::tagKey);
        ModelBundle.read(bundle);
        StoredBlob stored = store(bundle);
        ObjectNode registered = log.write(tx -> {
            int next = state(tx.entries()).versions.getOrDefault(name, List.of()).size() + 1;
            ObjectNode e = RegistryEvent.entry("registered", null, name, next, actor, reason);
            e.put("sha256", stored.sha256);
            e.put("bytes", stored.bytes);
            e.set("tags", Json.mapper().valueToTree(new TreeMap<>(tags)));
            return tx.append(e);
        });
        return toVersion(registered, Map.of());
    }

    private record StoredBlob(String sha256, long bytes) {
    }

    /** Copies the bundle in while hashing it, then renames it to its hash: a blob is complete or absent. */
    private StoredBlob store(Path bundle) {
        try {
            Path dir = blob("x").getParent();
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, ".incoming-", ".tmp");
            try {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                long bytes;
                try (InputStream in = Files.newInputStream(bundle);
                     OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), digest)) {
                    bytes = in.transferTo(out);
                }
                try (FileChannel c = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    c.force(true);
                }
                String sha256 = HexFormat.of().formatHex(digest.digest());
                Path target = blob(sha256);
                if (!Files.exists(target)) {
                    try {
                        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                    } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                        // another process stored the same content first: identical bytes, nothing to do
                    }
                }
                return new StoredBlob(sha256, bytes);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new RegistryException("cannot store " + bundle + " in " + root + ": " + describe(e)
                    + "; the registry is unchanged", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    private static String describe(IOException e) {
        String kind = e.getClass().getSimpleName();
        return switch (kind) {
            case "AccessDeniedException" -> "permission denied (" + e.getMessage() + ")";
            case "NoSuchFileException" -> "no such file or directory (" + e.getMessage() + ")";
            case "FileSystemException" -> e.getMessage();
            default -> e.getMessage() != null && e.getMessage().contains("No space left")
                    ? "no space left on device" : kind + ": " + e.getMessage();
        };
    }

    /** The registry as the log describes it. */
    private static final class State {
        final Map<String, List<ObjectNode>> versions = new TreeMap<>();
        final Map<String, Map<String, Integer>> aliases = new TreeMap<>();
        final Map<String, Map<Integer, Map<String, String>>> tags = new TreeMap<>();
    }

    private static State state(List<ObjectNode> entries) {
        State s = new State();
        for (ObjectNode e : entries) {
            String model = e.path("model").asText();
            switch (e.path("type").asText()) {
                case "registered" -> {
                    s.versions.computeIfAbsent(model, m -> new ArrayList<>()).add(e);
                    Map<String, String> t = new TreeMap<>();
                    e.path("tags").fields().forEachRemaining(f -> t.put(f.getKey(), f.getValue().asText()));
                    s.tags.computeIfAbsent(model, m -> new TreeMap<>()).put(e.get("version").asInt(), t);
                }
                case "alias-set" -> s.aliases.computeIfAbsent(model, m -> new TreeMap<>())
                        .put(e.get("alias").asText(), e.get("version").asInt());
                case "alias-removed" -> s.aliases.getOrDefault(model, new TreeMap<>()).remove(e.get("alias").asText());
                case "tag-set" -> s.tags.computeIfAbsent(model, m -> new TreeMap<>())
                        .computeIfAbsent(e.get("version").asInt(), v -> new TreeMap<>())
                        .put(e.get("key").asText(), e.get("value").asText());
                default -> {
                    // other entries (lineage records) share the log; they do not change the registry
                }
            }
        }
        return s;
    }

    private ModelVersion toVersion(JsonNode e, Map<String, String> tags) {
        Map<String, String> t = new TreeMap<>();
        e.path("tags").fields().forEachRemaining(f -> t.put(f.getKey(), f.getValue().asText()));
        t.putAll(tags);
        return new ModelVersion(e.get("model").asText(), e.get("version").asInt(), e.get("sha256").asText(),
                e.get("bytes").asLong(), e.get("time").asText(), e.path("actor").asText(null), t,
                blob(e.get("sha256").asText()).toString(), null);
    }

    private State state() {
        return state(log.read());
    }

    @Override
    public ModelVersion get(String name, int version) {
        return get(state(), name, version);
    }

    private ModelVersion get(State s, String name, int version) {
        List<ObjectNode> versions = s.versions.get(Names.model(name));
        if (versions == null) {
            throw new RegistryException("no model named '" + name + "' in " + location());
        }
        if (version < 1 || version > versions.size()) {
            throw new RegistryException("model '" + name + "' has no version " + version + "; it has versions 1 to "
                    + versions.size());
        }
        return toVersion(versions.get(version - 1), s.tags.get(name).getOrDefault(version, Map.of()));
    }

    @Override
    public ModelVersion resolve(ModelRef ref) {
        State s = state();
        List<ObjectNode> versions = s.versions.get(ref.name());
        if (versions == null) {
            throw new RegistryException("no model named '" + ref.name() + "' in " + location());
        }
        if (ref.version() != null) {
            return get(s, ref.name(), ref.version());
        }
        if (ref.alias() != null) {
            Integer v = s.aliases.getOrDefault(ref.name(), Map.of()).get(ref.alias());
            if (v == null) {
                throw new RegistryException("model '" + ref.name() + "' has no alias '" + ref.alias() + "'; its "
                        + "aliases are " + s.aliases.getOrDefault(ref.name(), Map.of()).keySet());
            }
            return get(s, ref.name(), v);
        }
        return get(s, ref.name(), versions.size());
    }

    @Override
    public List<String> models() {
        return List.copyOf(state().versions.keySet());
    }

    @Override
    public List<ModelVersion> versions(String name) {
        State s = state();
        List<ModelVersion> out = new ArrayList<>();
        for (int v = 1; v <= s.versions.getOrDefault(Names.model(name), List.of()).size(); v++) {
            out.add(get(s, name, v));
        }
        return out;
    }

    @Override
    public Map<String, Integer> aliases(String name) {
        return Map.copyOf(state().aliases.getOrDefault(Names.model(name), Map.of()));
    }

    @Override
    public Optional<Integer> setAlias(String name, String alias, int version, String actor, String reason) {
        Names.model(name);
        Names.alias(alias);
        return log.write(tx -> {
            State s = state(tx.entries());
            get(s, name, version);
            Integer previous = s.aliases.getOrDefault(name, Map.of()).get(alias);
            ObjectNode e = RegistryEvent.entry("alias-set", null, name, version, actor, reason);
            e.put("alias", alias);
            if (previous != null) {
                e.put("previousVersion", previous);
            }
            tx.append(e);
            return Optional.ofNullable(previous);
        });
    }

    @Override
    public int deleteAlias(String name, String alias, String actor, String reason) {
        Names.model(name);
        Names.alias(alias);
        return log.write(tx -> {
            Integer current = state(tx.entries()).aliases.getOrDefault(name, Map.of()).get(alias);
            if (current == null) {
                throw new RegistryException("model '" + name + "' has no alias '" + alias + "'");
            }
            ObjectNode e = RegistryEvent.entry("alias-removed", null, name, current, actor, reason);
            e.put("alias", alias);
            tx.append(e);
            return current;
        });
    }

    @Override
    public void setTag(String name, int version, String key, String value, String actor) {
        Names.tagKey(key);
        log.write(tx -> {
            get(state(tx.entries()), name, version);
            ObjectNode e = RegistryEvent.entry("tag-set", null, name, version, actor, null);
            e.put("key", key);
            e.put("value", value);
            return tx.append(e);
        });
    }

    @Override
    public void recordLineage(String name, int version, JsonNode lineage, String actor) {
        log.write(tx -> {
            get(state(tx.entries()), name, version);
            ObjectNode e = RegistryEvent.entry("lineage", null, name, version, actor, null);
            e.put("lineageSha256", Hashing.sha256(Json.write(lineage).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            e.set("lineage", lineage);
            return tx.append(e);
        });
    }

    @Override
    public void recordEvent(String type, String name, Integer version, String actor, String reason,
                            Map<String, Object> details) {
        Names.model(name);
        log.write(tx -> {
            ObjectNode e = RegistryEvent.entry(type, null, name, version, actor, reason);
            e.setAll((ObjectNode) Json.mapper().valueToTree(details));
            return tx.append(e);
        });
    }

    @Override
    public List<RegistryEvent> history(String name) {
        Names.model(name);
        List<RegistryEvent> out = new ArrayList<>();
        for (ObjectNode e : log.read()) {
            if (!name.equals(e.path("model").asText(null))) {
                continue;
            }
            out.add(RegistryEvent.of(e));
        }
        return out;
    }

    @Override
    public Path download(String name, int version, Path destination) {
        ModelVersion v = get(name, version);
        Path blob = Path.of(v.source());
        try {
            if (!Files.exists(blob)) {
                throw new RegistryException("the bundle of " + name + "/" + version + " is missing from " + blob);
            }
            if (!Hashing.sha256(blob).equals(v.sha256())) {
                throw new RegistryException("the stored bundle of " + name + "/" + version + " does not match its "
                        + "SHA-256 " + v.sha256() + ": it was modified; run 'mlops registry verify'");
            }
            Path dest = Files.isDirectory(destination) ? destination.resolve(name + "-" + version + ".zip")
                    : destination;
            dev.mlops.engine.AtomicFiles.write(dest, Files.readAllBytes(blob));
            return dest;
        } catch (IOException e) {
            throw new RegistryException("cannot copy " + blob + " to " + destination + ": " + describe(e), e);
        }
    }

    @Override
    public VerifyReport verify() {
        List<String> problems = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        for (AuditLog.Problem p : log.verify()) {
            String text = log.file() + " line " + p.line() + ": " + p.kind() + ": " + p.message();
            (p.harmless() ? notices : problems).add(text);
        }
        List<ObjectNode> entries;
        try {
            entries = log.read();
        } catch (RegistryException e) {
            problems.add(e.getMessage());
            return new VerifyReport(0, 0, 0, problems, notices);
        }
        State s = state(entries);
        TreeSet<String> referenced = new TreeSet<>();
        int versions = 0;
        for (Map.Entry<String, List<ObjectNode>> m : s.versions.entrySet()) {
            for (int i = 0; i < m.getValue().size(); i++) {
                ObjectNode e = m.getValue().get(i);
                versions++;
                if (e.get("version").asInt() != i + 1) {
                    problems.add("model '" + m.getKey() + "': version " + e.get("version").asInt() + " is registered "
                            + "where version " + (i + 1) + " belongs");
                }
                String sha = e.get("sha256").asText();
                referenced.add(sha);
                Path blob = blob(sha);
                try {
                    if (!Files.exists(blob)) {
                        problems.add(m.getKey() + "/" + e.get("version").asInt() + ": bundle " + blob + " is missing");
                    } else if (!Hashing.sha256(blob).equals(sha)) {
                        problems.add(m.getKey() + "/" + e.get("version").asInt() + ": bundle " + blob
                                + " does not match its SHA-256 (modified)");
                    }
                } catch (IOException ex) {
                    problems.add(blob + ": cannot be read: " + ex.getMessage());
                }
            }
        }
        Path blobs = blob("x").getParent();
        if (Files.isDirectory(blobs)) {
            try (Stream<Path> files = Files.list(blobs)) {
                files.map(p -> p.getFileName().toString()).filter(n -> !referenced.contains(n)).sorted()
                        .forEach(n -> notices.add("blob " + n + " is stored but no version refers to it (a "
                                + "registration interrupted before its commit)"));
            } catch (IOException e) {
                problems.add(blobs + ": cannot be listed: " + e.getMessage());
            }
        }
        return new VerifyReport(s.versions.size(), versions, entries.size(), problems, notices);
    }
}
