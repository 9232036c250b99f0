package io.egress4j.core.config;

import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** Dotted key paths as operators write them: {@code redis.address}, {@code redis.sentinel_addresses[0]}. */
final class KeyPaths {

    private KeyPaths() {
    }

    /** The path Jackson recorded while binding. */
    static String of(List<JsonMappingException.Reference> path) {
        StringBuilder key = new StringBuilder();
        for (JsonMappingException.Reference step : path) {
            if (step.getFieldName() != null) {
                append(key, step.getFieldName());
            } else if (step.getIndex() >= 0) {
                key.append('[').append(step.getIndex()).append(']');
            }
        }
        return key.toString();
    }

    /** The path of the parser's current position. */
    static String of(JsonStreamContext context) {
        Deque<JsonStreamContext> steps = new ArrayDeque<>();
        for (JsonStreamContext step = context; step != null && !step.inRoot(); step = step.getParent()) {
            steps.push(step);
        }
        StringBuilder key = new StringBuilder();
        for (JsonStreamContext step : steps) {
            if (step.inArray()) {
                key.append('[').append(Math.max(step.getCurrentIndex(), 0)).append(']');
            } else if (step.getCurrentName() != null) {
                append(key, step.getCurrentName());
            }
        }
        return key.toString();
    }

    private static void append(StringBuilder key, String name) {
        if (key.length() > 0) {
            key.append('.');
        }
        key.append(name);
    }
}
