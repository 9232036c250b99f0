package io.egress4j.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.time.Duration;

/** Binds YAML values to {@link Duration} using {@link GoDuration}: Go duration strings, or bare numbers of seconds. */
final class DurationDeserializer extends StdScalarDeserializer<Duration> {

    DurationDeserializer() {
        super(Duration.class);
    }

    @Override
    public Duration deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            try {
                return GoDuration.ofSeconds(parser.getDecimalValue());
            } catch (IllegalArgumentException outOfRange) {
                throw context.weirdNumberException(parser.getNumberValue(), Duration.class, outOfRange.getMessage());
            }
        }
        if (token == JsonToken.VALUE_STRING) {
            String text = parser.getText();
            try {
                return GoDuration.parse(text);
            } catch (IllegalArgumentException notADuration) {
                throw context.weirdStringException(text, Duration.class, notADuration.getMessage());
            }
        }
        return (Duration) context.handleUnexpectedToken(Duration.class, parser);
    }
}
