package io.egress4j.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.egress4j.core.config.EgressConfig;
import io.egress4j.core.config.GoDuration;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The config classes, conf/egress.yaml and docs/configuration.md agree: every key the code reads is in the file with
 * the code's default and a comment saying what it does, the file has no key the code does not read, and the page is
 * what {@link ConfigReference} generates from the two ({@code -Dconfig.reference=write} rewrites it).
 */
class ConfigReferenceTest {

    private static final Path EGRESS_YAML = Repo.path("conf/egress.yaml");
    private static final Path PAGE = Repo.path("docs/configuration.md");
    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void egressYamlDocumentsEveryKeyWithTheCodesDefault() throws Exception {
        Map<String, EgressYaml.Entry> documented = EgressYaml.read(EGRESS_YAML);
        List<String> problems = new ArrayList<>();
        for (ConfigReference.Row row : ConfigReference.rows()) {
            if (row.sameAs() != null || row.key().endsWith("<plugin>")) {
                continue;
            }
            EgressYaml.Entry entry = documented.get(row.key());
            if (entry == null) {
                problems.add(row.key() + ": read by the code, missing from conf/egress.yaml");
                continue;
            }
            if (!row.section() && entry.meaning().isEmpty()) {
                problems.add(row.key() + " (line " + entry.line() + "): no comment says what it does");
            }
            if (entry.commented() != row.notSet()) {
                problems.add(row.key() + " (line " + entry.line() + "): " + (entry.commented()
                        ? "commented out, but the code sets it by default" : "set, but the code leaves it unset"));
            }
            // a storage plugin's settings have no default in the config classes: the plugin applies its own
            if (!row.section() && row.value() != null && !sameValue(row.value(), entry.value())) {
                problems.add(row.key() + " (line " + entry.line() + "): " + entry.value()
                        + ", but the code's default is " + row.defaultValue());
            }
        }
        for (EgressYaml.Entry entry : documented.values()) {
            resolve(entry.key()).ifPresent(problem -> problems.add(entry.key() + " (line " + entry.line() + "): "
                    + problem));
        }
        assertEquals(List.of(), problems, "conf/egress.yaml and the config classes disagree");
    }

    @Test
    void configurationPageIsGenerated() throws Exception {
        String generated = ConfigReference.markdown(ConfigReference.rows(), EgressYaml.read(EGRESS_YAML));
        if ("write".equals(System.getProperty("config.reference"))) {
            Files.writeString(PAGE, generated);
        }
        assertEquals(generated, Files.exists(PAGE) ? Files.readString(PAGE) : "",
                "docs/configuration.md is not what the config classes and conf/egress.yaml give; regenerate it: "
                        + "mvn -pl tests/operations verify -Dtest=ConfigReferenceTest -Dconfig.reference=write");
    }

    /** Why the code does not read this dotted key, or empty when it does. */
    private static Optional<String> resolve(String key) {
        Class<?> type = EgressConfig.class;
        for (String name : key.split("\\.")) {
            if (type == null) {
                return Optional.of("the code reads no keys under " + key.substring(0, key.lastIndexOf('.')));
            }
            Optional<Field> field = ConfigReference.field(type, name);
            if (field.isEmpty()) {
                return ConfigReference.pluginKeys(type) ? Optional.empty()
                        : Optional.of("the code does not read " + name + " here");
            }
            Class<?> fieldType = field.get().getType();
            type = ConfigReference.isSection(fieldType) ? fieldType : null;
        }
        return Optional.empty();
    }

    private static boolean sameValue(Object code, String written) throws Exception {
        JsonNode node = YAML.readTree(written.isEmpty() ? "null" : written);
        if (code instanceof Duration duration) {
            return duration.equals(GoDuration.parse(node.asText()));
        } else if (code instanceof String text) {
            return node.isTextual() && node.asText().equals(text);
        } else if (code instanceof Number number) {
            return node.isNumber() && node.asDouble() == number.doubleValue();
        } else if (code instanceof Boolean bool) {
            return node.isBoolean() && node.asBoolean() == bool;
        } else if (code instanceof Collection<?> list) {
            return node.isArray() && node.isEmpty() && list.isEmpty();
        } else if (code instanceof Map<?, ?> map) {
            return node.isObject() && node.isEmpty() && map.isEmpty();
        }
        return false;
    }
}
