package io.egress4j.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSourcesTest {

    @TempDir
    Path dir;

    @Test
    void readsTheBodyFromEgressConfigBody() throws ConfigException {
        EgressConfig config = ConfigLoader.load(null, Map.of(ConfigLoader.CONFIG_BODY_ENV, "cluster_id: blue\n"));
        assertEquals("blue", config.clusterId);
    }

    @Test
    void readsTheFileNamedByEgressConfigFile() throws Exception {
        Path file = write("file.yaml", "cluster_id: from-env-file\n");
        EgressConfig config = ConfigLoader.load(null, Map.of(ConfigLoader.CONFIG_FILE_ENV, file.toString()));
        assertEquals("from-env-file", config.clusterId);
    }

    @Test
    void configFlagBeatsEgressConfigFileWhichBeatsTheBody() throws Exception {
        Path flagFile = write("flag.yaml", "cluster_id: from-flag\n");
        Path envFile = write("env.yaml", "cluster_id: from-env-file\n");
        Map<String, String> env = Map.of(
                ConfigLoader.CONFIG_FILE_ENV, envFile.toString(),
                ConfigLoader.CONFIG_BODY_ENV, "cluster_id: from-body\n");

        assertEquals("from-flag", ConfigLoader.load(flagFile.toString(), env).clusterId);
        assertEquals("from-env-file", ConfigLoader.load(null, env).clusterId);
        assertEquals("from-env-file", ConfigLoader.load("  ", env).clusterId);
    }

    @Test
    void livekitEnvFillsOnlyEmptyKeys() throws ConfigException {
        Map<String, String> env = Map.of(
                ConfigLoader.CONFIG_BODY_ENV, "api_key: from-yaml\nws_url: \"\"\n",
                ConfigLoader.API_KEY_ENV, "env-key",
                ConfigLoader.API_SECRET_ENV, "env-secret",
                ConfigLoader.WS_URL_ENV, "wss://env.example");
        EgressConfig config = ConfigLoader.load(null, env);

        assertEquals("from-yaml", config.apiKey);
        assertEquals("env-secret", config.apiSecret);
        assertEquals("wss://env.example", config.wsUrl);
    }

    @Test
    void livekitEnvAppliesWithoutAnyConfig() throws ConfigException {
        EgressConfig config = ConfigLoader.load(null, Map.of(ConfigLoader.API_KEY_ENV, "env-key"));
        assertEquals("env-key", config.apiKey);
        assertEquals("", config.apiSecret);
    }

    @Test
    void missingFileIsNamedWithItsAbsolutePath() {
        Path missing = dir.resolve("x.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(missing.toString(), Map.of()));
        assertEquals("config file not found: " + missing, e.getMessage());

        ConfigException fromEnv = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of(ConfigLoader.CONFIG_FILE_ENV, missing.toString())));
        assertEquals("config file not found: " + missing, fromEnv.getMessage());
    }

    @Test
    void errorsInAFileNameThePathAsGiven() throws Exception {
        Path file = write("bad.yaml", "health_port: abc\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file.toString(), Map.of()));
        assertEquals(file + ": \"health_port\" must be a number, got \"abc\" (line 1, column 14)", e.getMessage());
    }

    private Path write(String name, String yaml) throws IOException {
        return Files.writeString(dir.resolve(name), yaml);
    }
}
