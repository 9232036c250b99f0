package io.egress4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.egress4j.simulator.EncodedStreams;
import io.egress4j.simulator.RoomSimulator;
import io.egress4j.simulator.SimulatedTrack;
import io.egress4j.simulator.SimulatedTrack.Codec;
import io.egress4j.room.RecorderToken;
import io.egress4j.testkit.TestProcesses;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import io.egress4j.protocol.rpc.EgressRpc.StartEgressRequest;
import io.egress4j.testkit.LivekitServerStandIn;
import io.egress4j.testkit.RedisServerProcess;
import livekit.LivekitEgress.DirectFileOutput;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;
import livekit.LivekitEgress.TrackEgressRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Track egress from the command line against the room simulator (inside scripts/netns): the egress joins, finds
 * the track, and remuxes it without transcoding; unpublishing the track completes it.
 */
class TrackEgressRoomTest {

    private static final String KEY = "devkey";
    private static final String SECRET = "track-egress-test-secret-01234";

    @TempDir
    Path dir;

    private RoomSimulator room;

    @BeforeEach
    void start() throws Exception {
        room = RoomSimulator.start("10.200.0.1", 0, KEY, SECRET, "standup", dir.resolve("sent"));
    }

    @AfterEach
    void stop() {
        room.close();
    }

    @Test
    void h264AndVp8AreRemuxedByteForByteAndUnpublishCompletes() throws Exception {
        for (Codec codec : List.of(Codec.H264, Codec.VP8)) {
            SimulatedTrack track = room.publish("alice-" + codec, codec, 0x2277cc);
            String extension = codec == Codec.H264 ? ".mp4" : ".webm";
            Path expected = dir.resolve("recordings/standup/video-alice-" + codec + extension);
            EgressProcess egress = startRecording(track, "{room_name}/{track_type}-{publisher_identity}", expected);
            Thread.sleep(6000);
            room.unpublish(track.sid());
            assertEquals(0, egress.waitFor(60), egress.stderrText());
            JsonNode info = egress.info();
            assertEquals("EGRESS_COMPLETE", info.path("status").asText(), info.toString());
            assertEquals("standup", info.path("roomName").asText());
            Path file = Path.of(info.path("fileResults").get(0).path("location").asText());
            assertEquals(expected, file, info + egress.stderrText());
            double seconds = MediaProbe.of(file).durationSeconds();
            assertTrue(seconds > 4 && seconds < 8, codec + ": " + seconds + " s");
            assertEquals(reportedSeconds(info), seconds, 0.5, codec + ": ffprobe vs FileInfo.duration");

            Thread.sleep(1500); // the simulator finalises its copy once the egress left
            String subscriber = info.path("egressId").asText();
            List<String> received = hashes(file, codec);
            List<String> sent = hashes(room.sentStream(subscriber, track), codec);
            assertTrue(received.size() > 100, codec + ": " + received.size() + " frames");
            assertTrue(EncodedStreams.isContiguousPart(received, sent), codec + ": the recorded frames are not the"
                    + " ones the publisher sent (" + received.size() + " recorded, " + sent.size() + " sent)");
        }
    }

    @Test
    void opusIsKeptAsOpusInOggAndAMutedSpanIsSilent() throws Exception {
        SimulatedTrack track = room.publish("bob", Codec.OPUS, 440);
        EgressProcess egress = record(track, "audio/", 10);
        Path recording = awaitRecording(egress);
        Thread.sleep(3000);
        room.mute(track.sid(), true); // the simulator, like livekit-server, stops forwarding a muted track
        Thread.sleep(3000);
        room.mute(track.sid(), false);
        Thread.sleep(2000);
        room.mute(track.sid(), true); // and muted again until the egress stops
        assertEquals(0, egress.waitFor(60), egress.stderrText());
        JsonNode info = egress.info();
        Path file = Path.of(info.path("fileResults").get(0).path("location").asText());
        assertEquals(recording, file);
        assertTrue(file.toString().endsWith(".ogg"), file.toString());
        MediaProbe probe = MediaProbe.of(file);
        assertEquals("opus", probe.audio().path("codec_name").asText());
        // The muted span is kept as silence: the file lasts as long as the recording did.
        assertEquals(10, probe.durationSeconds(), 1.0);
        assertEquals(reportedSeconds(info), probe.durationSeconds(), 0.5, "ffprobe vs FileInfo.duration");
        assertTrue(MediaProbe.meanVolumeDb(file) > -40, "the tone is there");
        List<MediaProbe.Silence> silences = MediaProbe.silences(file, 1.0);
        assertEquals(2, silences.size(), "silent where the track was muted: " + silences);
        assertEquals(3, silences.get(0).seconds(), 0.6, "the muted span: " + silences);
        assertEquals(probe.durationSeconds() - 2, silences.get(1).start(), 1.0, "the muted end: " + silences);
    }

    @Test
    void aLiveKitServerDrivesTrackEgressThroughTheWorker() throws Exception {
        SimulatedTrack track = room.publish("carol", Codec.VP8, 0x11aa55);
        try (RedisServerProcess redis = RedisServerProcess.start();
             LivekitServerStandIn livekit = LivekitServerStandIn.start(redis.settings())) {
            EgressProcess worker = EgressProcess.startWorker(dir.resolve("worker"), """
                    redis:
                      address: %s
                    api_key: %s
                    api_secret: %s
                    ws_url: %s
                    """.formatted(redis.address(), KEY, SECRET, room.wsUrl()));
            try {
                livekit.startEgress(StartEgressRequest.newBuilder().setEgressId("EG_track1")
                        .setTrack(TrackEgressRequest.newBuilder().setRoomName("standup").setTrackId(track.sid())
                                .setFile(DirectFileOutput.newBuilder().setFilepath("t/{track_id}"))).build());
                livekit.awaitStatus("EG_track1", EgressStatus.EGRESS_ACTIVE, Duration.ofSeconds(30));
                Thread.sleep(4000);
                room.unpublish(track.sid());
                EgressInfo complete = livekit.awaitStatus("EG_track1", EgressStatus.EGRESS_COMPLETE,
                        Duration.ofSeconds(60));
                Path file = Path.of(complete.getFileResults(0).getLocation());
                assertEquals(dir.resolve("worker/recordings/t/" + track.sid() + ".webm"), file);
                assertEquals("vp8", MediaProbe.of(file).video().path("codec_name").asText());
                assertEquals("standup", complete.getRoomName());
            } finally {
                worker.process().destroyForcibly();
            }
        }
    }

    /**
     * Someone joins the room with the egress's own identity (as the same egress retried on another worker would):
     * the server tells the recorder to leave for a duplicate identity, and the egress ends silently, as upstream's:
     * no terminal update, no manifest, counted as {@code duplicate_identity}, what it recorded finalised in place.
     */
    @Test
    void aRecorderReplacedByItsOwnIdentityEndsWithoutAFinalStatus() throws Exception {
        SimulatedTrack track = room.publish("dave", Codec.VP8, 0x884422);
        int metrics = TestProcesses.freePort();
        try (RedisServerProcess redis = RedisServerProcess.start();
             LivekitServerStandIn livekit = LivekitServerStandIn.start(redis.settings())) {
            EgressProcess worker = EgressProcess.startWorker(dir.resolve("worker"), """
                    redis:
                      address: %s
                    prometheus_port: %d
                    api_key: %s
                    api_secret: %s
                    ws_url: %s
                    """.formatted(redis.address(), metrics, KEY, SECRET, room.wsUrl()));
            try {
                livekit.startEgress(StartEgressRequest.newBuilder().setEgressId("EG_replaced")
                        .setTrack(TrackEgressRequest.newBuilder().setRoomName("standup").setTrackId(track.sid())
                                .setFile(DirectFileOutput.newBuilder().setFilepath("t/replaced"))).build());
                livekit.awaitStatus("EG_replaced", EgressStatus.EGRESS_ACTIVE, Duration.ofSeconds(30));
                Thread.sleep(3000);
                joinAs("EG_replaced");

                worker.awaitStderr("[EG_replaced] ended silently", 30);
                Thread.sleep(2000); // a terminal update, if one were sent, would have arrived by now
                assertEquals(List.of(EgressStatus.EGRESS_STARTING, EgressStatus.EGRESS_ACTIVE),
                        livekit.statuses("EG_replaced").stream().distinct().toList());
                assertTrue(livekit.listActiveEgress().isEmpty(), "the worker no longer runs it");
                Path recording = dir.resolve("worker/recordings/t/replaced.webm");
                assertEquals("vp8", MediaProbe.of(recording).video().path("codec_name").asText());
                assertTrue(worker.stderrText().contains("is kept at [" + recording + "]"), worker.stderrText());
                assertFalse(Files.exists(dir.resolve("worker/recordings/t/EG_replaced.json")), "no manifest");
                assertEquals(1, PrometheusScrape.of(metrics).value("livekit_egress_handler_results_total",
                        "type=track", "result=duplicate_identity"));
            } finally {
                worker.process().destroyForcibly();
            }
        }
    }

    /** Opens a signalling connection to the room as {@code identity}, as any participant joining would. */
    private void joinAs(String identity) throws Exception {
        String token = RecorderToken.mint(KEY, SECRET, "standup", identity, Instant.now());
        HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(room.wsUrl() + "/rtc?access_token=" + token), new WebSocket.Listener() {
                }).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aServerThatVanishesFailsTheEgressAndKeepsAPlayableFile() throws Exception {
        SimulatedTrack track = room.publish("dave", Codec.H264, 0x884422);
        Path expected = dir.resolve("recordings/crash/dave.mp4");
        EgressProcess egress = startRecording(track, "crash/dave", expected);
        Thread.sleep(4000);
        room.crash();
        assertEquals(1, egress.waitFor(60), egress.stderrText());
        JsonNode info = egress.info();
        assertEquals("EGRESS_FAILED", info.path("status").asText());
        assertTrue(info.path("error").asText().startsWith("recording ended early: connection to room failed"),
                info.path("error").asText());
        assertEquals(expected.toString(), info.path("fileResults").get(0).path("location").asText());
        assertTrue(MediaProbe.of(expected).durationSeconds() > 2, "the partial recording plays");
    }

    @Test
    void aKilledEgressLeavesAPlayableMp4() throws Exception {
        SimulatedTrack track = room.publish("gina", Codec.H264, 0x336699);
        Path expected = dir.resolve("recordings/killed/gina.mp4");
        EgressProcess egress = startRecording(track, "killed/gina", expected);
        double before = MediaProbe.awaitDuration(expected, 3);
        egress.process().destroyForcibly().waitFor();
        double seconds = MediaProbe.of(expected).durationSeconds();
        assertTrue(seconds >= before, "what was written before the kill survives: " + seconds + " s of " + before);
        assertEquals("h264", MediaProbe.of(expected).video().path("codec_name").asText());
    }

    @Test
    void audioGoesToAWebSocketAsPcmWithMuteNotices() throws Exception {
        SimulatedTrack track = room.publish("erin", Codec.OPUS, 440);
        try (PcmReceiver receiver = PcmReceiver.listen()) {
            Path request = Files.writeString(dir.resolve("ws.json"), """
                    {"roomName": "standup", "trackId": "%s", "websocketUrl": "%s"}
                    """.formatted(track.sid(), receiver.url()));
            EgressProcess egress = EgressProcess.start(dir, "record", "--request", request.toString(), "--config",
                    config().toString(), "--duration", "8");
            receiver.awaitBytes(48_000 * 4, Duration.ofSeconds(30)); // a second of audio arrived
            Instant muted = Instant.now();
            room.mute(track.sid(), true);
            Thread.sleep(2000);
            Instant unmuted = Instant.now();
            room.mute(track.sid(), false);
            assertEquals(0, egress.waitFor(60), egress.stderrText());
            assertEquals("audio/x-raw", receiver.contentType());
            assertEquals(List.of("{\"muted\":true}", "{\"muted\":false}"), receiver.texts());
            List<Instant> arrivals = receiver.textArrivals();
            assertTrue(Duration.between(muted, arrivals.get(0)).toMillis() < 1000, "muted notice at " + arrivals);
            assertTrue(Duration.between(unmuted, arrivals.get(1)).toMillis() < 1000, "unmuted notice at " + arrivals);
            assertTrue(arrivals.get(1).isAfter(unmuted), "unmuted notice after the unmute");
            assertTrue(receiver.closedByEgress(), "a close frame at the end");
            // S16LE stereo at 48 kHz: a 440 Hz tone at volume 0.3 has an RMS far above silence.
            assertTrue(receiver.rms() > 1000, "the tone arrived: RMS " + receiver.rms());
            assertTrue(receiver.bytes() > 48_000 * 4 * 4, "at least 4 s of PCM: " + receiver.bytes() + " bytes");
            JsonNode stream = egress.info().path("streamResults").get(0);
            String url = stream.path("url").asText();
            assertTrue(url.startsWith("ws://127.0.0.1:") && !url.contains("secret"),
                    "upstream reports the websocket as a stream, its query redacted: " + url);
            assertEquals("FINISHED", stream.path("status").asText(), stream.toString());
            assertTrue(stream.path("duration").asLong() > 4_000_000_000L, stream.toString());
        }
    }

    @Test
    void aDroppedSignallingConnectionIsResumedAndTheRecordingGoesOn() throws Exception {
        SimulatedTrack track = room.publish("frank", Codec.VP8, 0x55aa11);
        EgressProcess egress = startRecording(track, "resume/frank", dir.resolve("recordings/resume/frank.webm"));
        Thread.sleep(2000);
        room.dropSignalling();
        Thread.sleep(4000);
        room.unpublish(track.sid()); // only a resumed connection hears of this
        assertEquals(0, egress.waitFor(60), egress.stderrText());
        JsonNode info = egress.info();
        assertEquals("EGRESS_COMPLETE", info.path("status").asText(), info.toString());
        assertTrue(egress.stderrText().contains("signalling resumed"), egress.stderrText());
        Path file = Path.of(info.path("fileResults").get(0).path("location").asText());
        double seconds = MediaProbe.of(file).durationSeconds();
        assertTrue(seconds > 5, "the recording spans the outage: " + seconds + " s");
    }

    @Test
    void aTrackThatNeverAppearsFailsWithNotFound() throws Exception {
        Path request = Files.writeString(dir.resolve("missing.json"),
                "{\"roomName\": \"standup\", \"trackId\": \"TR_missing\", \"file\": {\"filepath\": \"x.mp4\"}}");
        EgressProcess egress = EgressProcess.run(dir, "record", "--request", request.toString(), "--config",
                config().toString());
        assertEquals(1, egress.exitCode());
        assertEquals("track TR_missing not found", egress.info().path("error").asText());
        assertEquals(404, egress.info().path("errorCode").asInt());
    }

    @Test
    void sessionLimitsApplyToTrackEgressToo() throws Exception {
        SimulatedTrack track = room.publish("hugo", Codec.VP8, 0x993366);
        Path request = Files.writeString(dir.resolve("limited.json"), """
                {"roomName": "standup", "trackId": "%s", "file": {"filepath": "limited/hugo"}}
                """.formatted(track.sid()));
        Path limited = Files.writeString(dir.resolve("limited.yaml"), Files.readString(config())
                + "session_limits:\n  file_output_max_duration: 3s\n");
        EgressProcess egress = EgressProcess.run(dir, "record", "--request", request.toString(), "--config",
                limited.toString());
        JsonNode info = egress.info();
        assertEquals("EGRESS_LIMIT_REACHED", info.path("status").asText(), info.toString());
        double seconds = MediaProbe.of(Path.of(info.path("fileResults").get(0).path("location").asText()))
                .durationSeconds();
        assertTrue(seconds > 2 && seconds < 5, "recorded until the limit: " + seconds + " s");
    }

    /** The file an egress records to, once its media starts arriving. */
    private Path awaitRecording(EgressProcess egress) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            try (var files = Files.walk(dir.resolve("recordings"))) {
                Optional<Path> file = files.filter(Files::isRegularFile).findFirst();
                if (file.isPresent()) {
                    return file.get();
                }
            } catch (IOException notYet) {
                // the directory appears with the file
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no recording after 30 s: " + egress.stderrText());
    }

    /** FileInfo.duration of the first file, in seconds. */
    private static double reportedSeconds(JsonNode info) {
        return info.path("fileResults").get(0).path("duration").asLong() / 1e9;
    }

    /** Records {@code track} until stopped; returns once {@code expected} appears, i.e. its media is arriving. */
    private EgressProcess startRecording(SimulatedTrack track, String filepath, Path expected) throws Exception {
        EgressProcess egress = record(track, filepath, 0);
        for (int i = 0; i < 300 && !Files.exists(expected); i++) {
            Thread.sleep(100);
        }
        assertTrue(Files.exists(expected), "no recording after 30 s: " + egress.stderrText());
        return egress;
    }

    private EgressProcess record(SimulatedTrack track, String filepath, int seconds) throws Exception {
        Path request = Files.writeString(dir.resolve(track.sid() + ".json"), """
                {"roomName": "standup", "trackId": "%s", "file": {"filepath": "%s"}}
                """.formatted(track.sid(), filepath));
        return seconds > 0
                ? EgressProcess.start(dir, "record", "--request", request.toString(), "--config",
                        config().toString(), "--duration", String.valueOf(seconds))
                : EgressProcess.start(dir, "record", "--request", request.toString(), "--config",
                        config().toString());
    }

    private Path config() throws Exception {
        return Files.writeString(dir.resolve("egress.yaml"), """
                api_key: %s
                api_secret: %s
                ws_url: %s
                """.formatted(KEY, SECRET, room.wsUrl()));
    }

    private static List<String> hashes(Path file, Codec codec) throws Exception {
        return codec == Codec.H264 ? EncodedStreams.h264SliceHashes(file) : EncodedStreams.packetHashes(file, "video");
    }
}
