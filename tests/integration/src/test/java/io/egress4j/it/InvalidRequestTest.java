package io.egress4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Requests the egress command refuses, with upstream's messages, before it starts a browser. */
class InvalidRequestTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"url": "ftp://example.com/", "fileOutputs": [{"filepath": "x.mp4"}]}                        | request has missing or invalid field: web url
            {"url": "http://127.0.0.1/", "audioOnly": true, "videoOnly": true, "fileOutputs": [{}]}      | request has missing or invalid field: audio_only and video_only
            {"url": "http://127.0.0.1/", "advanced": {"width": 641}, "fileOutputs": [{}]}                | request has missing or invalid field: width
            {"url": "http://127.0.0.1/", "fileOutputs": [{"filepath": "../escape.mp4"}]}                 | request has missing or invalid field: filepath
            """)
    void refusesWithUpstreamMessage(String json, String message) throws Exception {
        Path request = Files.writeString(dir.resolve("request.json"), json);
        EgressProcess egress = EgressProcess.run(dir, "record", "--request", request.toString());
        assertEquals(1, egress.exitCode(), egress.stderrText());
        assertTrue(egress.stderrText().contains(message), egress.stderrText());
    }

    @Test
    void unknownConfigKeyStopsStartUpNamingTheKeyAndLine() throws Exception {
        Path config = Files.writeString(dir.resolve("egress.yaml"), "health_port: 0\nredis:\n  adress: x\n");
        EgressProcess egress = EgressProcess.run(dir, "record", "--config", config.toString(),
                "--url", "http://127.0.0.1/", "--output", "x.mp4");
        assertEquals(2, egress.exitCode(), egress.stderrText());
        assertTrue(egress.stderrText().contains("redis.adress"), egress.stderrText());
        assertTrue(egress.stderrText().contains("line 3"), egress.stderrText());
        assertTrue(!egress.stderrText().contains("Exception"), "no stack trace: " + egress.stderrText());
    }

    @Test
    void aPluginsFolderOthersCanWriteToStopsStartUp() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.setPosixFilePermissions(plugins, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        EgressProcess egress = EgressProcess.run(dir, "plugins");
        assertEquals(1, egress.exitCode(), egress.stderrText());
        assertTrue(egress.stderrText().contains("plugins folder " + plugins + " is writable by others (rwxrwxrwx)"),
                egress.stderrText());
    }
}
