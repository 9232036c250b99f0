package io.egress4j.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.util.Set;

/**
 * Booleans as upstream's YAML library reads them into boolean keys: true/false, plus the YAML 1.1 words
 * (yes/no, on/off, y/n). Elsewhere those words stay text, so they are only read here.
 */
final class BooleanDeserializer extends StdScalarDeserializer<Boolean> {

    private static final Set<String> TRUE_WORDS = Set.of("true", "y", "Y", "yes", "Yes", "YES", "on", "On", "ON");
    private static final Set<String> FALSE_WORDS = Set.of("false", "n", "N", "no", "No", "NO", "off", "Off", "OFF");

    BooleanDeserializer() {
        super(Boolean.class);
    }

    @Override
    public Boolean deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
            return token == JsonToken.VALUE_TRUE;
        }
        if (token == JsonToken.VALUE_STRING && TRUE_WORDS.contains(parser.getText())) {
            return true;
        }
        if (token == JsonToken.VALUE_STRING && FALSE_WORDS.contains(parser.getText())) {
            return false;
        }
        return (Boolean) context.handleUnexpectedToken(Boolean.class, parser);
    }
}
