package dev.mlops.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.tribuo.Tribuo;

/**
 * The engine's version, as packaged, and what it is built from: results, lineage and model bundles record them.
 */
public final class EngineVersion {

    /** Where the runnable jar carries its CycloneDX software bill of materials (generated at build time). */
    public static final String SBOM_RESOURCE = "META-INF/sbom/mlops.cdx.json";

    private static volatile Optional<Sbom> sbom;
    private static volatile String duckdb;

    private EngineVersion() {
    }

    public static String get() {
        String version = EngineVersion.class.getPackage().getImplementationVersion();
        return version != null ? version : "dev";
    }

    /**
     * The SBOM packed in the jar, if this engine runs from one (a development class path has none).
     *
     * @param sha256      of the SBOM resource's bytes, as a scanner would hash the extracted file
     * @param components  {@code group:name} to version, for every component it lists
     */
    public record Sbom(String resource, String sha256, String specVersion, Map<String, String> components) {
    }

    public static Optional<Sbom> sbom() {
        Optional<Sbom> read = sbom;
        if (read == null) {
            read = readSbom();
            sbom = read;
        }
        return read;
    }

    private static Optional<Sbom> readSbom() {
        try (InputStream in = EngineVersion.class.getClassLoader().getResourceAsStream(SBOM_RESOURCE)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            JsonNode bom = Json.mapper().readTree(bytes);
            Map<String, String> components = new TreeMap<>();
            for (JsonNode c : bom.path("components")) {
                components.put(c.path("group").asText() + ":" + c.path("name").asText(), c.path("version").asText());
            }
            String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            return Optional.of(new Sbom(SBOM_RESOURCE, sha256, bom.path("specVersion").asText(), components));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        } catch (IOException e) {
            throw new UncheckedIOException("the packaged SBOM " + SBOM_RESOURCE + " cannot be read", e);
        }
    }

    /**
     * The version of a library on the class path, from the {@code pom.properties} its jar carries (kept in the
     * runnable jar), or empty when it has none.
     */
    public static Optional<String> library(String groupId, String artifactId) {
        String resource = "META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        try (InputStream in = EngineVersion.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            Properties p = new Properties();
            p.load(in);
            return Optional.ofNullable(p.getProperty("version"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * What a result depends on, in a fixed order: the engine, its SBOM's hash (when packaged), Tribuo, XGBoost and
     * DuckDB. A difference here is a version mismatch, not a change in the inputs.
     */
    public static Map<String, String> components() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("engine", get());
        sbom().ifPresent(s -> v.put("sbomSha256", s.sha256()));
        v.put("tribuo", Tribuo.VERSION);
        v.put("xgboost", library("ml.dmlc", "xgboost4j_2.12").orElse("unknown"));
        v.put("duckdb", duckdb());
        return v;
    }

    /** The runtime: Java, OS and architecture (floating point can differ across them). */
    public static Map<String, String> runtime() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("java", System.getProperty("java.version"));
        v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        v.put("arch", System.getProperty("os.arch"));
        return v;
    }

    /** The DuckDB library's own version (e.g. {@code v1.4.4}): its jar carries no Maven metadata. */
    private static String duckdb() {
        String version = duckdb;
        if (version == null) {
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
                version = c.getMetaData().getDatabaseProductVersion();
            } catch (SQLException e) {
                version = "unavailable (" + e.getMessage() + ")";
            }
            duckdb = version;
        }
        return version;
    }
}
