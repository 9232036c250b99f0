package io.egress4j.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import io.egress4j.core.storage.TestStorage;

/** Every error names the source, the dotted key and the position, without Jackson's wording. */
class ConfigErrorsTest {

    @Test
    void unknownTopLevelKey() {
        assertEquals("EGRESS_CONFIG_BODY: unknown key \"helth_port\" (line 2, column 1)", error("""
                api_key: k
                helth_port: 8080
                """));
    }

    @Test
    void unknownNestedKey() {
        assertEquals("EGRESS_CONFIG_BODY: unknown key \"redis.adress\" (line 3, column 3)", error("""
                api_key: k
                redis:
                  adress: localhost:6379
                """));
        assertEquals("EGRESS_CONFIG_BODY: unknown key \"storage.s3.bukket\" (line 3, column 19)", error("""
                storage:
                  prefix: p
                  s3: {bucket: b, bukket: c}
                """));
        assertEquals("EGRESS_CONFIG_BODY: unknown key \"latency_overrides.web.pipeline\" (line 3, column 5)",
                error("""
                        latency_overrides:
                          web:
                            pipeline: 3s
                        """));
    }

    @Test
    void wrongTypesNameTheKeyAndWhatWasFound() {
        assertEquals("EGRESS_CONFIG_BODY: \"health_port\" must be a number, got \"abc\" (line 2, column 14)", error("""
                api_key: k
                health_port: abc
                """));
        assertEquals("EGRESS_CONFIG_BODY: \"cpu_cost.max_cpu_utilization\" must be a number, got \"high\" "
                + "(line 2, column 24)", error("""
                cpu_cost:
                  max_cpu_utilization: high
                """));
        assertEquals("EGRESS_CONFIG_BODY: \"io_workers\" must be a whole number, got 2.5 (line 1, column 13)",
                error("io_workers: 2.5\n"));
        assertEquals("EGRESS_CONFIG_BODY: \"insecure\" must be true or false, got \"sometimes\" (line 1, column 11)",
                error("insecure: sometimes\n"));
        assertEquals("EGRESS_CONFIG_BODY: \"insecure\" must be true or false, got 1 (line 1, column 11)",
                error("insecure: 1\n"));
        assertEquals("EGRESS_CONFIG_BODY: \"redis\" must be a mapping of keys to values, got \"localhost\" "
                + "(line 1, column 8)", error("redis: localhost\n"));
        assertEquals("EGRESS_CONFIG_BODY: \"api_key\" must be a string, got a list (line 1, column 10)",
                error("api_key: [a, b]\n"));
        assertEquals("EGRESS_CONFIG_BODY: \"redis.sentinel_addresses\" must be a list, got a mapping "
                + "(line 2, column 23)", error("""
                redis:
                  sentinel_addresses: {a: b}
                """));
        assertEquals("EGRESS_CONFIG_BODY: the config must be a mapping of keys to values, got a list "
                + "(line 1, column 1)", error("- a\n- b\n"));
    }

    @Test
    void badDurationsNameTheKey() {
        String message = error("""
                latency:
                  pipeline_latency: 3x
                """);
        assertTrue(message.startsWith("EGRESS_CONFIG_BODY: \"latency.pipeline_latency\" must be a duration such as "
                + "\"500ms\", \"2.75s\" or \"1h30m\" (a bare number means seconds), got \"3x\""), message);
        assertTrue(message.endsWith("(line 2, column 21)"), message);
    }

    @Test
    void numbersTooLargeForTheirKey() {
        assertEquals("EGRESS_CONFIG_BODY: \"health_port\" is out of range, got 99999999999 (line 1, column 14)",
                error("health_port: 99999999999\n"));
    }

    @Test
    void badValuesNameTheKey() {
        assertEquals("EGRESS_CONFIG_BODY: \"health_port\" must be between 0 and 65535, got 70000 (line 1, column 1)",
                error("health_port: 70000\n"));
        assertEquals("EGRESS_CONFIG_BODY: \"logging.level\" must be one of debug, info, warn, error, got \"verbose\" "
                + "(line 1, column 11)", error("logging: {level: verbose}\n"));
        assertEquals("EGRESS_CONFIG_BODY: \"storage.local.root\" must not be empty (line 3, column 5)", error("""
                storage:
                  local:
                    root: "  "
                """));
        assertEquals("EGRESS_CONFIG_BODY: \"cpu_cost.max_memory\" must not be negative, got -1 "
                + "(line 1, column 12)", error("cpu_cost: {max_memory: -1}\n"));
        assertEquals("EGRESS_CONFIG_BODY: \"session_limits.file_output_max_duration\" must not be negative, got -5s "
                + "(line 1, column 18)", error("session_limits: {file_output_max_duration: -5s}\n"));
        assertEquals("EGRESS_CONFIG_BODY: \"session_limits.file_output_max_size\" must not be negative, got -1 "
                + "(line 1, column 18)", error("session_limits: {file_output_max_size: -1}\n"));
        assertEquals("EGRESS_CONFIG_BODY: unknown key \"latency_overrides.webb\", expected one of room_composite, web, "
                + "participant, track_composite, track, template, media (line 1, column 21)",
                error("latency_overrides: {webb: {pipeline_latency: 4s}}\n"));
    }

    @Test
    void everyBadValueIsReportedOnItsOwnLine() {
        String message = error("""
                health_port: -1
                cpu_cost: {max_memory: -1}
                """);
        assertEquals(2, message.lines().count(), message);
        assertTrue(message.lines().allMatch(line -> line.startsWith("EGRESS_CONFIG_BODY: \"")), message);
    }

    @Test
    void duplicateKeys() {
        assertEquals("EGRESS_CONFIG_BODY: duplicate key \"redis.address\" (line 3, column 3)", error("""
                redis:
                  address: a:6379
                  address: b:6379
                """));
    }

    @Test
    void invalidYamlNamesTheLine() {
        String message = error("""
                api_key: k
                redis:
                  address: a: b
                """);
        assertEquals("EGRESS_CONFIG_BODY: invalid YAML: mapping values are not allowed here (line 3, column 13)",
                message);

        String tab = error("api_key: k\n\tredis: {}\n");
        assertTrue(tab.startsWith("EGRESS_CONFIG_BODY: invalid YAML: found character '\\t(TAB)'"), tab);
        assertTrue(tab.endsWith("(line 2, column 1)"), tab);
    }

    @Test
    void messagesNeverLeakJacksonInternals() {
        for (String yaml : new String[] {"health_port: abc\n", "redis: {adress: x}\n", "io_workers: 1.5\n",
                "redis: [1]\n", "api_key: {a: 1}\n", "redis:\n  address: a: b\n", "chrome_flags: [x]\n",
                "health_port: 99999999999\n", "a: 'unclosed\n", "redis: {address: a, address: b}\n"}) {
            String message = error(yaml);
            assertFalse(message.contains("jackson") || message.contains("java.") || message.contains("`")
                    || message.contains("Exception") || message.contains("\tat "), message);
        }
    }

    @Test
    void storageSectionsAreCheckedAgainstWhatTheirPluginDeclares() {
        assertEquals("EGRESS_CONFIG_BODY: unknown key \"storage.s3.proxy_config.uri\" (line 4, column 7)", error("""
                storage:
                  s3:
                    proxy_config:
                      uri: http://p
                """));
        assertEquals("EGRESS_CONFIG_BODY: \"backup.copy.directory\" must be set (line 2, column 3)", error("""
                backup:
                  copy: {}
                """));
        assertEquals("EGRESS_CONFIG_BODY: \"storage\" must set one storage backend, found s3, gcp (line 1, column 1)",
                error("storage: {s3: {bucket: a}, gcp: {bucket: b}}\n"));
        assertEquals("EGRESS_CONFIG_BODY: unknown key \"s3_assume_role_kee\" (line 1, column 1)",
                error("s3_assume_role_kee: K\n"));
    }

    private static String error(String yaml) {
        return assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of(ConfigLoader.CONFIG_BODY_ENV, yaml), TestStorage.BACKENDS))
                .getMessage();
    }
}
