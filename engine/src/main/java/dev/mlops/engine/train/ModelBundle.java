package dev.mlops.engine.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.engine.AtomicFiles;
import dev.mlops.engine.InputException;
import dev.mlops.engine.InputFiles;
import dev.mlops.engine.Json;
import dev.mlops.engine.data.DatasetProfile;
import dev.mlops.engine.data.Hashing;
import dev.mlops.engine.features.FittedPipeline;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.tribuo.Model;
import org.tribuo.protos.core.ModelProto;

/**
 * A trained model and everything needed to use it, in one zip file:
 * {@code metadata.json}, {@code features.json} (the fitted pipeline), {@code schema.json} (training column types),
 * {@code profile.json} (the training data's profile, the reference for drift), {@code model.tribuo} (Tribuo's protobuf
 * serialization, never Java serialization) and, for linear models, {@code model.onnx}.
 *
 * <p>Entries are written in a fixed order with a fixed time and compression level, so the file's SHA-256 depends only
 * on its contents.
 */
public record ModelBundle(BundleMetadata metadata, FittedPipeline pipeline, Map<String, String> schema,
                          DatasetProfile profile, Model<?> model, byte[] onnx) {

    public static final String FORMAT = "mlops-model-bundle";
    public static final int VERSION = 1;

    /** Model classes a bundle may contain: Tribuo finds a model's class by name, so only these are ever loaded. */
    static final Set<String> ALLOWED_MODEL_CLASSES = Set.of(
            "org.tribuo.classification.sgd.linear.LinearSGDModel",
            "org.tribuo.regression.sgd.linear.LinearSGDModel",
            "org.tribuo.common.xgboost.XGBoostModel",
            "org.tribuo.common.tree.TreeModel",
            "org.tribuo.regression.rtree.IndependentRegressionTreeModel");

    /** Every entry a bundle may have, in the order they are written. */
    private static final List<String> ENTRIES = List.of("metadata.json", "features.json", "schema.json",
            "profile.json", "model.tribuo", "model.onnx");

    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);
    private static final long MAX_ENTRY_BYTES = 2L << 30;

    public ModelBundle {
        schema = Map.copyOf(schema);
    }

    /** The bundle's bytes: the same contents always give the same bytes. */
    public byte[] toBytes() {
        Map<String, byte[]> content = contentEntries();
        BundleMetadata recorded = metadata.withContentSha256(contentSha256(content));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setLevel(6);
            put(zip, "metadata.json", json(recorded));
            for (Map.Entry<String, byte[]> e : content.entrySet()) {
                put(zip, e.getKey(), e.getValue());
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /** Every entry but {@code metadata.json}, in the order they are written. */
    private Map<String, byte[]> contentEntries() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("features.json", json(pipeline));
        entries.put("schema.json", json(new java.util.TreeMap<>(schema)));
        entries.put("profile.json", json(profile));
        entries.put("model.tribuo", model.serialize().toByteArray());
        if (onnx != null) {
            entries.put("model.onnx", onnx);
        }
        return entries;
    }

    /** SHA-256 over each entry's name, length and bytes, in the given order. */
    private static String contentSha256(Map<String, byte[]> entries) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                digest.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(java.nio.ByteBuffer.allocate(Long.BYTES).putLong(e.getValue().length).array());
                digest.update(e.getValue());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    /** Writes the bundle atomically and returns its SHA-256. */
    public String write(Path file) throws IOException {
        byte[] bytes = toBytes();
        AtomicFiles.write(file, bytes);
        return Hashing.sha256(bytes);
    }

    private static byte[] json(Object value) {
        return (Json.write(value) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setTimeLocal(ENTRY_TIME);
        zip.putNextEntry(entry);
        zip.write(content);
        zip.closeEntry();
    }

    /**
     * Reads a bundle, refusing anything that is not one: a file that is not a zip, lacks an entry or has an unknown
     * one, declares another format or version, has entries that no longer match the content hash recorded in its
     * metadata, or holds a model class outside {@link #ALLOWED_MODEL_CLASSES}.
     */
    public static ModelBundle read(Path file) {
        InputFiles.requireReadable(file);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                entries.put(e.getName(), readLimited(zip, file, e.getName()));
            }
        } catch (IOException e) {
            throw notABundle(file, "it is not a readable zip file (" + e.getMessage() + ")");
        }
        for (String required : new String[] {"metadata.json", "features.json", "schema.json", "profile.json",
                "model.tribuo"}) {
            if (!entries.containsKey(required)) {
                throw notABundle(file, "it has no " + required);
            }
        }
        for (String name : entries.keySet()) {
            if (!ENTRIES.contains(name)) {
                throw notABundle(file, "it has an entry " + name + " that no bundle has");
            }
        }
        try {
            JsonNode meta = Json.mapper().readTree(entries.get("metadata.json"));
            if (!FORMAT.equals(meta.path("format").asText())) {
                throw notABundle(file, "metadata.json does not declare format " + FORMAT);
            }
            if (meta.path("bundleVersion").asInt() != VERSION) {
                throw new InputException(file, "bundle version " + meta.path("bundleVersion").asInt()
                        + " is not supported; this engine reads version " + VERSION);
            }
            BundleMetadata metadata = Json.mapper().treeToValue(meta, BundleMetadata.class);
            FittedPipeline pipeline = Json.mapper().readValue(entries.get("features.json"), FittedPipeline.class);
            @SuppressWarnings("unchecked")
            Map<String, String> schema = Json.mapper().readValue(entries.get("schema.json"), Map.class);
            DatasetProfile profile = Json.mapper().readValue(entries.get("profile.json"), DatasetProfile.class);
            ModelProto proto = ModelProto.parseFrom(entries.get("model.tribuo"));
            if (!ALLOWED_MODEL_CLASSES.contains(proto.getClassName())) {
                throw new InputException(file, "model.tribuo holds class " + proto.getClassName()
                        + ", which is not a model this engine trains; refusing to load it");
            }
            Map<String, byte[]> content = new LinkedHashMap<>();
            for (String name : ENTRIES.subList(1, ENTRIES.size())) {
                if (entries.containsKey(name)) {
                    content.put(name, entries.get(name));
                }
            }
            String actual = contentSha256(content);
            if (metadata.contentSha256() == null) {
                throw notABundle(file, "metadata.json records no contentSha256 (written by a pre-release engine or "
                        + "by hand); train the model again");
            }
            if (!metadata.contentSha256().equals(actual)) {
                throw new InputException(file, "its entries do not match the content hash recorded in metadata.json "
                        + "(recorded " + metadata.contentSha256() + ", now " + actual + "): the bundle was changed "
                        + "after training; refusing to load it");
            }
            Model<?> model = Model.deserialize(proto);
            return new ModelBundle(metadata, pipeline, schema, profile, model, entries.get("model.onnx"));
        } catch (InputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw notABundle(file, "an entry is malformed (" + e.getMessage() + ")");
        }
    }

    /**
     * The model's bytes as the bundle stores them: a model read back does not always serialize to the same bytes, so
     * comparing what two trainings produced needs these.
     */
    public static byte[] storedModel(Path file) {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
            ZipEntry entry = zip.getEntry("model.tribuo");
            if (entry == null) {
                throw notABundle(file, "it has no model.tribuo");
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return readLimited(in, file, "model.tribuo");
            }
        } catch (IOException e) {
            throw notABundle(file, "it is not a readable zip file (" + e.getMessage() + ")");
        }
    }

    private static byte[] readLimited(InputStream in, Path file, String entry) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            total += n;
            if (total > MAX_ENTRY_BYTES) {
                throw new InputException(file, entry + " is larger than 2 GiB; refusing to read it");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static InputException notABundle(Path file, String why) {
        return new InputException(file, "is not an mlops model bundle: " + why);
    }
}
