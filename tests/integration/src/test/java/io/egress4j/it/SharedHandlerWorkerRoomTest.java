package io.egress4j.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egress4j.protocol.rpc.EgressRpc.StartEgressRequest;
import io.egress4j.simulator.RoomSimulator;
import io.egress4j.simulator.SimulatedTrack;
import io.egress4j.simulator.SimulatedTrack.Codec;
import io.egress4j.testkit.LivekitServerStandIn;
import io.egress4j.testkit.RedisServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.function.Executable;
import java.util.stream.Collectors;
import livekit.LivekitEgress.DirectFileOutput;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;
import livekit.LivekitEgress.TrackEgressRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Light egresses share handler processes (inside scripts/netns): twenty concurrent track egresses of VP8, H.264 and
 * Opus tracks go through one worker, eight to a process, so three processes run them and the room simulator holds
 * twenty subscribers. SIGKILLing one process fails exactly its own egresses, each naming its own recording, which
 * plays; every other egress records on to COMPLETE.
 */
class SharedHandlerWorkerRoomTest {

    private static final String KEY = "devkey";
    private static final String SECRET = "shared-handler-test-secret-0123";
    private static final int EGRESSES = 20;
    private static final int PER_PROCESS = 8;

    @TempDir
    Path dir;

    @Test
    void twentyTrackEgressesShareThreeProcessesAndACrashEndsOnlyItsOwn() throws Exception {
        try (RoomSimulator room = RoomSimulator.start("10.200.0.1", 0, KEY, SECRET, "busy", dir.resolve("sent"));
             RedisServerProcess redis = RedisServerProcess.start();
             LivekitServerStandIn livekit = LivekitServerStandIn.start(redis.settings())) {
            List<SimulatedTrack> tracks = List.of(room.publish("alice", Codec.VP8, 0x2277cc),
                    room.publish("bob", Codec.H264, 0xcc7722), room.publish("carol", Codec.OPUS, 440));
            EgressProcess worker = EgressProcess.startWorker(dir.resolve("worker"), """
                    redis:
                      address: %s
                    api_key: %s
                    api_secret: %s
                    ws_url: %s
                    cpu_cost: {track_cpu_cost: 0.02}
                    handlers: {light_egress_per_process: %d}
                    """.formatted(redis.address(), KEY, SECRET, room.wsUrl(), PER_PROCESS));
            try {
                Map<String, SimulatedTrack> egresses = new LinkedHashMap<>();
                for (int i = 1; i <= EGRESSES; i++) {
                    egresses.put("EG_t%02d".formatted(i), tracks.get(i % tracks.size()));
                }
                // All at once, as a LiveKit server sends them when many recordings start together.
                List<Callable<EgressInfo>> starts = egresses.entrySet().stream().<Callable<EgressInfo>>map(egress ->
                        () -> livekit.startEgress(StartEgressRequest.newBuilder().setEgressId(egress.getKey())
                                .setTrack(TrackEgressRequest.newBuilder().setRoomName("busy")
                                        .setTrackId(egress.getValue().sid()).setFile(DirectFileOutput.newBuilder()
                                                .setFilepath("t/" + egress.getKey()))).build())).toList();
                ExecutorService callers = Executors.newFixedThreadPool(EGRESSES);
                try {
                    for (Future<EgressInfo> started : callers.invokeAll(starts)) {
                        started.get();
                    }
                } finally {
                    callers.shutdownNow();
                }
                for (String egressId : egresses.keySet()) {
                    livekit.awaitStatus(egressId, EgressStatus.EGRESS_ACTIVE, Duration.ofSeconds(60));
                }
                Map<Long, List<String>> byProcess = egresses.keySet().stream().collect(Collectors.groupingBy(
                        id -> worker.handlerOf(id).orElseThrow().pid(), LinkedHashMap::new, Collectors.toList()));
                assertEquals(List.of(8, 8, 4), byProcess.values().stream().map(List::size)
                        .sorted(Comparator.reverseOrder()).toList(), "egresses per process: " + byProcess);

                Thread.sleep(5000);
                long victimPid = byProcess.entrySet().stream().filter(process -> process.getValue().size() == 8)
                        .findFirst().orElseThrow().getKey();
                List<String> victims = byProcess.get(victimPid);
                new ProcessBuilder("kill", "-KILL", Long.toString(victimPid)).start().waitFor();
                List<Executable> checks = new ArrayList<>();
                for (String egressId : victims) {
                    EgressInfo failed = livekit.awaitStatus(egressId, EgressStatus.EGRESS_FAILED,
                            Duration.ofSeconds(30));
                    checks.add(() -> assertKilledKeepingItsOwnRecording(failed, egresses.get(egressId)));
                }
                Thread.sleep(3000);
                List<String> survivors = egresses.keySet().stream().filter(id -> !victims.contains(id)).toList();
                assertEquals(List.copyOf(survivors), livekit.listActiveEgress().stream().sorted().toList(),
                        "every other egress still runs");
                for (String egressId : survivors) {
                    livekit.stopEgress(egressId);
                }
                for (String egressId : survivors) {
                    EgressInfo complete = livekit.awaitStatus(egressId, EgressStatus.EGRESS_COMPLETE,
                            Duration.ofSeconds(60));
                    checks.add(() -> assertRecorded(complete, egresses.get(egressId), 7));
                }
                assertAll(checks);
            } finally {
                worker.process().descendants().forEach(ProcessHandle::destroyForcibly);
                worker.process().destroyForcibly();
                // What the worker and its handlers said, for whoever reads a failure.
                Files.writeString(Path.of("target", getClass().getSimpleName() + "-worker.log"), worker.stderrText());
            }
        }
    }

    private static void assertKilledKeepingItsOwnRecording(EgressInfo failed, SimulatedTrack track) throws Exception {
        String kept = "egress process crashed: SIGKILL; the recording up to that point is kept at ";
        assertTrue(failed.getError().startsWith(kept), failed.getError());
        Path recording = Path.of(failed.getError().substring(kept.length()));
        assertEquals("t", recording.getParent().getFileName().toString(), failed.getError());
        assertTrue(recording.getFileName().toString().startsWith(failed.getEgressId() + "."),
                "only its own recording: " + failed.getError());
        assertCodec(MediaProbe.of(recording), track);
        assertTrue(MediaProbe.lastPacketSeconds(recording) > 3, recording + " holds what was recorded");
    }

    private static void assertRecorded(EgressInfo complete, SimulatedTrack track, double atLeastSeconds)
            throws Exception {
        MediaProbe probe = MediaProbe.of(Path.of(complete.getFileResults(0).getLocation()));
        assertCodec(probe, track);
        assertTrue(probe.durationSeconds() > atLeastSeconds, complete.getEgressId() + ": " + probe.durationSeconds()
                + " s");
    }

    private static void assertCodec(MediaProbe probe, SimulatedTrack track) {
        switch (track.codec()) {
            case OPUS -> assertEquals("opus", probe.audio().path("codec_name").asText());
            case H264 -> assertEquals("h264", probe.video().path("codec_name").asText());
            default -> assertEquals("vp8", probe.video().path("codec_name").asText());
        }
    }
}
