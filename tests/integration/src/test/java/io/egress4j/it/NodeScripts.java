package io.egress4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.egress4j.testkit.TestTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test scripts run with LiveKit's Node server SDK (installed by scripts/install-test-tools). */
final class NodeScripts {

    private NodeScripts() {
    }

    /**
     * Runs {@code src/test/resources/<resource>} with {@code arguments} and returns the JSON of its
     * {@code RESULT <json>} line; its standard error goes to {@code log}.
     *
     * @param context told when the script fails, e.g. the egress's own log
     */
    static JsonNode result(String resource, List<String> arguments, Path log, java.util.function.Supplier<String>
            context) throws Exception {
        Path script = Path.of(NodeScripts.class.getResource(resource).toURI());
        List<String> command = new ArrayList<>(List.of("node", script.toString()));
        command.addAll(arguments);
        Process client = start(command, log);
        String output = new String(client.getInputStream().readAllBytes()).trim();
        assertTrue(client.waitFor(180, TimeUnit.SECONDS), resource + " did not finish");
        assertEquals(0, client.exitValue(), output + "\n" + Files.readString(log) + "\n" + context.get());
        String line = output.lines().filter(text -> text.startsWith("RESULT ")).findFirst()
                .orElseThrow(() -> new AssertionError("no RESULT line from " + resource + ": " + output));
        return new ObjectMapper().readTree(line.substring("RESULT ".length()));
    }

    /** Starts {@code command} (node and its arguments) with the SDK on its module path; stderr to {@code log}. */
    static Process start(List<String> command, Path log) throws java.io.IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
        builder.environment().put("NODE_PATH", TestTools.livekitServerSdkModules().toString());
        return builder.start();
    }
}
