package io.egress4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egress4j.protocol.rpc.EgressRpc.StartEgressRequest;
import io.egress4j.psrpc.RpcException;
import io.egress4j.testkit.LivekitServerStandIn;
import io.egress4j.testkit.RedisServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;
import livekit.LivekitEgress.EncodedFileOutput;
import livekit.LivekitEgress.EncodingOptions;
import livekit.LivekitEgress.WebEgressRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A self-hoster's storage plugin (the example "copy" backend, built as its own module against the api only) dropped
 * into the plugins folder of a running worker is used for the next egress without a restart; removing the jar
 * removes the backend.
 */
class StoragePluginTest {

    @TempDir
    Path dir;

    @Test
    void aStoragePluginDroppedIntoARunningWorkerIsUsedForTheNextEgress() throws Exception {
        Path archive = dir.resolve("archive");
        Path plugin = dir.resolve("plugins/copy.jar");
        try (TestPages pages = new TestPages();
             RedisServerProcess redis = RedisServerProcess.start();
             LivekitServerStandIn livekit = LivekitServerStandIn.start(redis.settings())) {
            Path config = Files.writeString(dir.resolve("worker.yaml"), """
                    redis:
                      address: %s
                    cpu_cost:
                      web_cpu_cost: 0.5
                    storage:
                      copy:
                        directory: %s
                    """.formatted(redis.address(), archive));
            EgressProcess worker = EgressProcess.start(dir, "run", "--config", config.toString());
            try {
                worker.awaitStderr("ready: redis", 60);
                Thread.sleep(11_000); // past the start-up grace in which a missing plugin is still awaited
                RpcException missing = assertThrows(RpcException.class,
                        () -> livekit.startEgress(request(pages, "EG_before")));
                assertTrue(missing.getMessage().contains("no storage backend plugin named \"copy\""),
                        missing.getMessage());

                Files.createDirectories(plugin.getParent());
                Path staged = dir.resolve("copy.jar.part");
                Files.copy(Path.of(System.getProperty("example.plugin")), staged);
                Files.move(staged, plugin, StandardCopyOption.ATOMIC_MOVE);
                worker.awaitStderr("plugin started: io.egress4j.storage.examplecopy", 20);

                livekit.startEgress(request(pages, "EG_with_plugin"));
                livekit.awaitStatus("EG_with_plugin", EgressStatus.EGRESS_ACTIVE, Duration.ofSeconds(30));
                Thread.sleep(2000);
                livekit.stopEgress("EG_with_plugin");
                EgressInfo done = livekit.awaitStatus("EG_with_plugin", EgressStatus.EGRESS_COMPLETE,
                        Duration.ofSeconds(90));
                Path stored = Path.of(done.getFileResults(0).getLocation());
                assertTrue(stored.startsWith(archive), stored.toString());
                assertEquals("h264", MediaProbe.of(stored).video().path("codec_name").asText());

                Files.delete(plugin);
                worker.awaitStderr("plugin removed: io.egress4j.storage.examplecopy", 20);
                RpcException removed = assertThrows(RpcException.class,
                        () -> livekit.startEgress(request(pages, "EG_after")));
                assertTrue(removed.getMessage().contains("no storage backend plugin named \"copy\""),
                        removed.getMessage());
            } finally {
                worker.process().descendants().forEach(ProcessHandle::destroyForcibly);
                worker.process().destroyForcibly();
            }
        }
    }

    private static StartEgressRequest request(TestPages pages, String egressId) {
        return StartEgressRequest.newBuilder().setEgressId(egressId).setWeb(WebEgressRequest.newBuilder()
                .setUrl(pages.url("quiet.html"))
                .setAdvanced(EncodingOptions.newBuilder().setWidth(640).setHeight(360).setFramerate(15))
                .addFileOutputs(EncodedFileOutput.newBuilder().setFilepath("plugin/{time}.mp4"))).build();
    }
}
