package dev.mlops.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The JSON and YAML mappers every engine file format is read and written with, configured once. */
public final class Json {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build())
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private Json() {
    }

    public static ObjectMapper mapper() {
        return JSON;
    }

    /** The YAML mapper: for writing schemas and reading DVC files, whatever their names. */
    public static ObjectMapper yaml() {
        return YAML;
    }

    /** The mapper for a configuration file: YAML for {@code .yaml}/{@code .yml}, JSON otherwise. */
    public static ObjectMapper mapperFor(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml") ? YAML : JSON;
    }

    /**
     * Reads a configuration file (YAML or JSON by its name) into a tree. A missing or unreadable file, or one that
     * does not parse, is an {@link InputException} naming the file and, for syntax errors, the line; an empty file
     * gives null.
     */
    public static JsonNode readConfig(Path file) {
        InputFiles.requireReadable(file);
        ObjectMapper mapper = mapperFor(file);
        try {
            return mapper.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new InputException(file, "is not valid " + (mapper == JSON ? "JSON" : "YAML") + ": "
                    + e.getOriginalMessage() + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr()
                    + ")" : ""), e);
        } catch (IOException e) {
            throw new InputException(file, "cannot be read: " + e.getMessage(), e);
        }
    }

    /** One line of JSON, for JSON Lines files and signed payloads. */
    public static String line(Object value) {
        try {
            return JSON.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
