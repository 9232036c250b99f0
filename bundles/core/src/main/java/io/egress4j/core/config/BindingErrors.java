package io.egress4j.core.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.io.ContentReference;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** Rewords Jackson's parse and binding failures for operators: dotted key, what was expected, what was found. */
final class BindingErrors {

    private static final Set<Class<?>> WHOLE_NUMBERS = Set.of(
            int.class, Integer.class, long.class, Long.class, short.class, Short.class, byte.class, Byte.class);
    private static final Set<Class<?>> FRACTIONS = Set.of(double.class, Double.class, float.class, Float.class);

    private BindingErrors() {
    }

    /** Call while the parser is still open: the offending value is read from where it stopped. */
    static ConfigException translate(JacksonException e, ConfigSource source) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return unknownKey(KeyPaths.of(unknown.getPath()), unknown, source);
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return wrongValue(KeyPaths.of(mismatch.getPath()), mismatch.getTargetType(), mismatch, source);
        }
        // Jackson wraps parser failures met while binding a key (number too large, duplicate key) with the key path.
        JacksonException cause = e instanceof JsonMappingException && e.getCause() instanceof StreamReadException read
                ? read : e;
        if (cause instanceof InputCoercionException tooLarge) {
            return source.error("\"" + keyAtParser(tooLarge) + "\" is out of range, got " + found(tooLarge),
                    tokenLocation(tooLarge));
        }
        if (cause instanceof StreamReadException read && read.getOriginalMessage().startsWith("Duplicate field")) {
            return source.error("duplicate key \"" + keyAtParser(read) + "\"", tokenLocation(read));
        }
        if (cause instanceof StreamReadException read) {
            return invalidYaml(read, source);
        }
        return source.error("cannot read the config: " + firstLine(e.getOriginalMessage()), e.getLocation());
    }

    private static ConfigException unknownKey(String key, JacksonException e, ConfigSource source) {
        return source.error(unknownKey(key), source.locate(key).orElse(e.getLocation()));
    }

    /** {@code unknown key "redis.adress"}. */
    static String unknownKey(String key) {
        return "unknown key \"" + key + "\"";
    }

    private static ConfigException invalidYaml(StreamReadException e, ConfigSource source) {
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            Mark problem = yaml.getProblemMark();
            JsonLocation where = new JsonLocation(ContentReference.unknown(), -1, problem.getLine() + 1,
                    problem.getColumn() + 1);
            return source.error("invalid YAML: " + yaml.getProblem(), where);
        }
        return source.error("invalid YAML: " + firstLine(e.getOriginalMessage()), e.getLocation());
    }

    private static ConfigException wrongValue(String key, Class<?> expected, JacksonException e, ConfigSource source) {
        String found = found(e);
        String subject = key.isEmpty() ? "the config" : "\"" + key + "\"";
        String problem = subject + " must be " + describe(expected, currentToken(e))
                + (found.isEmpty() ? "" : ", got " + found);
        return source.error(problem, e.getLocation());
    }

    private static String describe(Class<?> type, JsonToken foundToken) {
        if (type == Duration.class) {
            return "a duration such as \"500ms\", \"2.75s\" or \"1h30m\" (a bare number means seconds)";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (WHOLE_NUMBERS.contains(type)) {
            return foundToken == JsonToken.VALUE_NUMBER_FLOAT ? "a whole number" : "a number";
        }
        if (FRACTIONS.contains(type)) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "a mapping of keys to values";
    }

    private static JsonToken currentToken(JacksonException e) {
        return e.getProcessor() instanceof JsonParser parser ? parser.currentToken() : null;
    }

    /** The offending value as written, taken from where the parser stopped. */
    private static String found(JacksonException e) {
        JsonToken token = currentToken(e);
        if (token == null) {
            return "";
        }
        try {
            JsonParser parser = (JsonParser) e.getProcessor();
            return switch (token) {
                case START_OBJECT -> "a mapping";
                case START_ARRAY -> "a list";
                case VALUE_NULL -> "nothing";
                case VALUE_STRING -> "\"" + parser.getText() + "\"";
                default -> parser.getText();
            };
        } catch (IOException unreadable) {
            return "";
        }
    }

    private static JsonLocation tokenLocation(JacksonException e) {
        return e.getProcessor() instanceof JsonParser parser ? parser.currentTokenLocation() : e.getLocation();
    }

    private static String keyAtParser(JacksonException e) {
        return e.getProcessor() instanceof JsonParser parser ? KeyPaths.of(parser.getParsingContext()) : "";
    }

    private static String firstLine(String message) {
        String text = message == null ? "" : message.strip();
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
