package io.egress4j.ops;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.egress4j.core.config.EgressConfig;
import io.egress4j.api.StorageSetting;
import io.egress4j.api.Uploader;
import io.egress4j.core.config.GoDuration;
import io.egress4j.storage.alioss.AliOssStorage;
import io.egress4j.storage.azure.AzureStorage;
import io.egress4j.storage.gcs.GcsStorage;
import io.egress4j.storage.s3.S3Storage;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * docs/configuration.md, generated: every key of the config classes ({@link EgressConfig} and what it holds), with
 * its type and the default its field starts with, and every setting the built-in storage plugins declare, each with
 * its meaning from the comment beside it in conf/egress.yaml.
 */
final class ConfigReference {

    /** One key: {@code section} rows have keys under them; {@code sameAs} names where a repeated section is listed. */
    record Row(String key, String type, String defaultValue, Object value, boolean section, boolean notSet,
               String sameAs) {
    }

    private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private ConfigReference() {
    }

    /** The rows of the config classes, in declaration order, sections before their keys. */
    static List<Row> rows() throws ReflectiveOperationException {
        List<Row> rows = new ArrayList<>();
        addFields(rows, "", EgressConfig.class, new EgressConfig(), false, new HashMap<>());
        return rows;
    }

    private static void addFields(List<Row> rows, String prefix, Class<?> type, Object instance, boolean notSet,
                                  Map<Class<?>, String> listed) throws ReflectiveOperationException {
        listed.put(type, prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1));
        for (Field field : fields(type)) {
            String key = prefix + name(field);
            Object value = field.get(instance);
            Class<?> fieldType = field.getType();
            if (isSection(fieldType)) {
                String sameAs = listed.get(fieldType);
                boolean sectionNotSet = notSet || value == null;
                rows.add(new Row(key, "section", value == null ? "not set" : "", null, true, sectionNotSet, sameAs));
                if (sameAs == null) {
                    Object defaults = value != null ? value : fieldType.getConstructor().newInstance();
                    addFields(rows, key + ".", fieldType, defaults, sectionNotSet, listed);
                }
            } else {
                String typeName = typeName(field);
                if (typeName.isEmpty()) { // a map of sections
                    var sectionType = ((ParameterizedType) field.getGenericType()).getActualTypeArguments()[1];
                    typeName = "map of `" + listed.get(sectionType) + "` sections";
                }
                rows.add(new Row(key, typeName, format(value), value, false, notSet, null));
            }
        }
        if (type == EgressConfig.class) {
            addOperatorSettings(rows);
        } else if (pluginKeys(type)) {
            addBackends(rows, prefix, listed);
            rows.add(new Row(prefix + "<plugin>", "map of strings", "not set", null, false, true, null));
        }
    }

    /** The built-in storage backends, whose sections are what their plugins declare. */
    private static final Map<String, Uploader> BACKENDS = backends();

    private static Map<String, Uploader> backends() {
        Map<String, Uploader> backends = new LinkedHashMap<>();
        backends.put("s3", new S3Storage());
        backends.put("azure", new AzureStorage());
        backends.put("gcp", new GcsStorage());
        backends.put("alioss", new AliOssStorage());
        return backends;
    }

    /** Each backend's section, its keys as the config writes them (an alias such as {@code proxy_config.url}). */
    private static void addBackends(List<Row> rows, String prefix, Map<Class<?>, String> listed) {
        for (Map.Entry<String, Uploader> backend : BACKENDS.entrySet()) {
            String section = prefix + backend.getKey();
            String sameAs = listed.get(backend.getValue().getClass());
            rows.add(new Row(section, "section", "not set", null, true, true, sameAs));
            if (sameAs != null) {
                continue;
            }
            listed.put(backend.getValue().getClass(), section);
            Set<String> nested = new HashSet<>();
            for (StorageSetting setting : backend.getValue().settings()) {
                if (setting.kind() == StorageSetting.Kind.OPERATOR) {
                    continue;
                }
                String written = setting.aliases().isEmpty() ? setting.name() : setting.aliases().get(0);
                int dot = written.lastIndexOf('.');
                if (dot > 0 && nested.add(written.substring(0, dot))) {
                    rows.add(new Row(section + "." + written.substring(0, dot), "section", "", null, true, true,
                            null));
                }
                String type = setting.kind() == StorageSetting.Kind.KEYED ? "map of strings" : "string";
                rows.add(new Row(section + "." + written, type, "", null, false, true, null));
            }
        }
    }

    /**
     * Top-level keys the storage plugins declare for the operator, e.g. {@code s3_assume_role_key}; a key several
     * plugins read ({@code allow_node_credentials}) is one key.
     */
    private static void addOperatorSettings(List<Row> rows) {
        BACKENDS.values().stream().flatMap(backend -> backend.settings().stream())
                .filter(setting -> setting.kind() == StorageSetting.Kind.OPERATOR).map(StorageSetting::name)
                .distinct().forEach(name -> rows.add(new Row(name, "string", "\"\"", "", false, false, null)));
    }

    /** Whether the class takes keys it does not declare: storage backends that plugins provide. */
    static boolean pluginKeys(Class<?> type) {
        for (Class<?> c = type; c != Object.class; c = c.getSuperclass()) {
            for (var method : c.getDeclaredMethods()) {
                if (method.isAnnotationPresent(JsonAnySetter.class)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Public instance fields, superclass fields first (as Jackson binds them). */
    static List<Field> fields(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        if (type.getSuperclass() != Object.class) {
            fields.addAll(fields(type.getSuperclass()));
        }
        for (Field field : type.getDeclaredFields()) {
            if (Modifier.isPublic(field.getModifiers()) && !Modifier.isStatic(field.getModifiers())) {
                fields.add(field);
            }
        }
        return fields;
    }

    static String name(Field field) {
        JsonProperty property = field.getAnnotation(JsonProperty.class);
        return property != null ? property.value() : SNAKE_CASE.translate(field.getName());
    }

    /** The field's class for a nested key, if {@code key} (relative to {@code type}) is one. */
    static Optional<Field> field(Class<?> type, String name) {
        return fields(type).stream().filter(f -> name(f).equals(name)).findFirst();
    }

    static boolean isSection(Class<?> type) {
        return type.getName().startsWith("io.egress4j.");
    }

    private static String typeName(Field field) {
        Class<?> type = field.getType();
        if (type == String.class) {
            return "string";
        } else if (type == int.class || type == long.class) {
            return "integer";
        } else if (type == double.class) {
            return "number";
        } else if (type == boolean.class) {
            return "boolean";
        } else if (type == Duration.class) {
            return "duration";
        } else if (List.class.isAssignableFrom(type)) {
            return "list of strings";
        } else if (Map.class.isAssignableFrom(type)) {
            var valueType = ((ParameterizedType) field.getGenericType()).getActualTypeArguments()[1];
            return valueType == String.class ? "map of strings" : "";
        }
        throw new IllegalStateException("no type name for " + field);
    }

    /** A default as it is written in YAML. */
    static String format(Object value) {
        if (value == null) {
            return "not set";
        } else if (value instanceof String text) {
            return text.isEmpty() ? "\"\"" : text;
        } else if (value instanceof Double number) {
            return BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
        } else if (value instanceof Duration duration) {
            return GoDuration.format(duration);
        } else if (value instanceof Collection<?> list) {
            return list.isEmpty() ? "[]" : list.toString();
        } else if (value instanceof Map<?, ?> map) {
            return map.isEmpty() ? "{}" : map.toString();
        }
        return String.valueOf(value);
    }

    /** The Markdown page: an introduction and one table row per key. */
    static String markdown(List<Row> rows, Map<String, EgressYaml.Entry> documented) {
        StringBuilder page = new StringBuilder("""
                # Configuration reference

                Every key egress4j reads, with its type, its default and what it does. The keys are upstream
                LiveKit Egress's; a few are egress4j's own (they say so). The configuration comes from
                `--config FILE`, else `EGRESS_CONFIG_FILE` (a path), else `EGRESS_CONFIG_BODY` (the YAML text);
                `LIVEKIT_API_KEY`, `LIVEKIT_API_SECRET` and `LIVEKIT_WS_URL` fill empty credentials. An unknown key,
                a wrong type or a bad value stops start-up with a message naming the key and its line. Durations
                take Go duration strings (`500ms`, `2.75s`, `1h30m`); a bare number means seconds.
                `conf/egress.yaml` holds every key with its default.

                This page is generated from the config classes (`bundles/core`, `io.egress4j.core.config`), the
                settings the built-in storage plugins declare (`storage.s3`, `.azure`, `.gcp`, `.alioss`: each
                plugin applies its own defaults, so those rows show none) and the comments in `conf/egress.yaml`; `ConfigReferenceTest` (`tests/operations`) fails when the page, the
                file and the code disagree, and rewrites the page when run with `-Dconfig.reference=write`.

                | key | type | default | meaning |
                |---|---|---|---|
                """);
        for (Row row : rows) {
            EgressYaml.Entry entry = documented.get(row.key());
            String meaning = entry == null ? "" : entry.meaning();
            if (row.sameAs() != null) {
                meaning = (meaning.isEmpty() ? "" : meaning + "; ") + "the keys of `" + row.sameAs() + "`";
            } else if (row.key().endsWith("<plugin>")) {
                meaning = "any other key names a storage plugin (its `egress.storage` name) and holds its settings";
            }
            String type = row.section() ? "section" : row.type();
            String defaultValue = row.defaultValue().isEmpty() ? "" : "`" + row.defaultValue() + "`";
            page.append("| `").append(row.key()).append("` | ").append(type).append(" | ").append(defaultValue)
                    .append(" | ").append(escape(meaning)).append(" |\n");
        }
        return page.toString();
    }

    /** Text for a Markdown table cell: pipes and angle brackets would end the cell or read as HTML. */
    private static String escape(String text) {
        return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
    }
}
