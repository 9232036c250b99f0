package io.egress4j.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The YAML text of the config and the name operators know it by (the file path as given, or EGRESS_CONFIG_BODY),
 * used to word every error.
 */
record ConfigSource(String name, String text) {

    private static final YAMLFactory LOCATING_FACTORY = new YAMLFactory();

    /** No config at all: every key keeps its default. */
    static ConfigSource none() {
        return new ConfigSource("built-in defaults", "");
    }

    static ConfigSource file(String path) throws ConfigException {
        Path file = Path.of(path);
        if (!Files.exists(file)) {
            throw new ConfigException("config file not found: " + file.toAbsolutePath().normalize());
        }
        try {
            return new ConfigSource(path, Files.readString(file, StandardCharsets.UTF_8));
        } catch (AccessDeniedException e) {
            throw new ConfigException("cannot read config file " + path + ": permission denied");
        } catch (CharacterCodingException e) {
            throw new ConfigException("cannot read config file " + path + ": not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + path + ": " + e.getMessage());
        }
    }

    /** An error about this source, with the position when it is known. */
    ConfigException error(String problem, JsonLocation where) {
        return new ConfigException(describe(problem, where));
    }

    /** {@code <source>: <problem> (line L, column C)}, without the position when it is unknown. */
    String describe(String problem, JsonLocation where) {
        boolean known = where != null && where.getLineNr() > 0;
        String position = known ? " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")" : "";
        return name + ": " + problem + position;
    }

    /** Where a dotted key is written in the text, if it is written there at all. */
    Optional<JsonLocation> locate(String key) {
        try (JsonParser parser = LOCATING_FACTORY.createParser(text)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.FIELD_NAME && key.equals(KeyPaths.of(parser.getParsingContext()))) {
                    return Optional.of(parser.currentTokenLocation());
                }
            }
        } catch (IOException unreadable) {
            // Only positions before a syntax error can be found; the error itself is reported elsewhere.
        }
        return Optional.empty();
    }
}
