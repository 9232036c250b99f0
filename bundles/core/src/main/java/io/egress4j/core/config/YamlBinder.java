package io.egress4j.core.config;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.time.Duration;

/** Binds YAML text to {@link EgressConfig}, strictly: unknown keys, duplicate keys and wrong types all fail. */
final class YamlBinder {

    private static final ObjectMapper MAPPER = YAMLMapper.builder(YAMLFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    // on by default in new YAMLFactory() but not in its builder: "key:" with no value is null, not ""
                    .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
                    // as upstream reads YAML: yes/no/on/off stay text (a password "no" is not "false"), except in
                    // boolean keys, see BooleanDeserializer
                    .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
                    .build())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            // An empty key ("redis:") keeps the defaults; an empty list or map entry becomes "".
            .defaultSetterInfo(JsonSetter.Value.construct(Nulls.SKIP, Nulls.AS_EMPTY))
            .withCoercionConfigDefaults(coercion -> coercion.setCoercion(CoercionInputShape.EmptyString,
                    CoercionAction.Fail))
            .addModule(new SimpleModule("egress4j-config")
                    .addDeserializer(Duration.class, new DurationDeserializer())
                    .addDeserializer(Boolean.class, new BooleanDeserializer())
                    .addDeserializer(boolean.class, new BooleanDeserializer()))
            .build();

    private YamlBinder() {
    }

    static EgressConfig bind(ConfigSource source) throws ConfigException {
        try (JsonParser parser = MAPPER.createParser(source.text())) {
            try {
                JsonToken first = parser.nextToken();
                if (first == null || first == JsonToken.VALUE_NULL) {
                    return new EgressConfig(); // an empty document, like upstream, means all defaults
                }
                return MAPPER.readValue(parser, EgressConfig.class);
            } catch (JacksonException e) {
                throw BindingErrors.translate(e, source); // while the parser still knows where it stopped
            }
        } catch (IOException e) {
            throw source.error("cannot read the config: " + e.getMessage(), null);
        }
    }
}
