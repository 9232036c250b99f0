package io.egress4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.egress4j.simulator.AvSignals;
import io.egress4j.simulator.AvSignals.Beep;
import io.egress4j.simulator.AvSignals.Channel;
import io.egress4j.simulator.AvSignals.Sync;
import io.egress4j.simulator.RoomScript;
import io.egress4j.simulator.RoomSimulator;
import io.egress4j.simulator.SimulatedParticipant;
import io.egress4j.simulator.SimulatedTrack.Codec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Track composite, participant and audio-only room composite egress against the room simulator (inside scripts/netns): the egress joins as a
 * subscriber, decodes and encodes once, with no browser. Every participant flashes and beeps on whole wall-clock
 * seconds, so the recording shows whether audio and video stayed together.
 */
class SubscribedEgressRoomTest {

    private static final String KEY = "devkey";
    private static final String SECRET = "subscribed-egress-secret-0123";
    private static final int ALICE = 0x3366cc;
    private static final int BOB = 0xcc6633;
    private static final int CAROL = 0x2266aa;
    private static final int BLACK = 0x000000;
    private static final int SCREEN = 0x22cc88;
    private static final String NO_SENDER_REPORT = "has sent no RTCP sender report";
    /** The bounds (upstream accepts 300 / 120 ms). */
    private static final double MAX_OFFSET = 0.100;
    private static final double MAX_DRIFT = 0.060;
    /** The length for the track composites' sync. */
    private static final int TRACK_COMPOSITE_SECONDS = 30;
    /**
     * How much older than its file's {@code startedAt} says the media may be: the subscriber holds what it receives
     * for its jitter buffers and the mix before the encode takes it (700 ms), and a step of the script is seen a
     * little after it happened.
     */
    private static final double RECEIVE_DELAY = 1.3;

    @TempDir
    Path dir;

    private RoomSimulator room;

    @BeforeEach
    void start() throws Exception {
        room = RoomSimulator.start("10.200.0.1", 0, KEY, SECRET, "sync", dir.resolve("sent"));
    }

    @AfterEach
    void stop() {
        room.close();
    }

    /**
     * VP8 + Opus at the default 720p and H.264 + Opus at a requested 960x540, 30 s each, beside an audio-only and a
     * video-only composite: each an MP4 of H.264 and AAC (the audio-only one without video, the video-only one
     * without audio), in sync, as long as ffprobe says.
     */
    @Test
    void trackCompositesRecordTheirTracksInSyncAtTheRequestedSize() throws Exception {
        SimulatedParticipant alice = room.publishParticipant("alice", Codec.VP8, ALICE, 440);
        SimulatedParticipant bob = room.publishParticipant("bob", Codec.H264, BOB, 660);
        // Two encodes at 720p and 540p at once are more than two cores keep in real time: one after the other,
        // each beside the cheap audio-only one.
        EgressProcess vp8 = record("vp8", """
                {"trackComposite": {"roomName": "sync", "audioTrackId": "%s", "videoTrackId": "%s",
                 "fileOutputs": [{"filepath": "tc/{room_name}-vp8.mp4"}]}}
                """.formatted(alice.audio().sid(), alice.video().sid()), TRACK_COMPOSITE_SECONDS);
        EgressProcess audioOnly = record("audio", """
                {"trackComposite": {"roomName": "sync", "audioTrackId": "%s",
                 "fileOutputs": [{"filepath": "tc/{room_name}-audio.mp4", "fileType": "MP4"}]}}
                """.formatted(alice.audio().sid()), 12);
        Path aliceFile = assertComplete(vp8, 1280, 720);
        EgressProcess h264 = record("h264", """
                {"trackComposite": {"roomName": "sync", "audioTrackId": "%s", "videoTrackId": "%s",
                 "advanced": {"width": 960, "height": 540, "framerate": 30},
                 "fileOutputs": [{"filepath": "tc/{room_name}-h264.mp4"}]}}
                """.formatted(bob.audio().sid(), bob.video().sid()), TRACK_COMPOSITE_SECONDS);
        EgressProcess videoOnly = record("video", """
                {"trackComposite": {"roomName": "sync", "videoTrackId": "%s",
                 "advanced": {"width": 320, "height": 180},
                 "fileOutputs": [{"filepath": "tc/{room_name}-video.mp4"}]}}
                """.formatted(alice.video().sid()), 8);
        Path bobFile = assertComplete(h264, 960, 540);
        assertInSync(aliceFile, ALICE, 440);
        assertInSync(bobFile, BOB, 660);

        assertEquals(0, audioOnly.waitFor(60), audioOnly.stderrText());
        Path audioFile = Path.of(audioOnly.info().path("fileResults").get(0).path("location").asText());
        MediaProbe probe = MediaProbe.of(audioFile);
        assertEquals("aac", probe.audio().path("codec_name").asText());
        assertTrue(probe.stream("video").isEmpty(), "an audio-only composite has no video");
        List<Double> beeps = AvSignals.beepTimes(audioFile, 440);
        assertTrue(beeps.size() >= 9, "alice's beeps in 12 s: " + beeps);

        assertEquals(0, videoOnly.waitFor(60), videoOnly.stderrText());
        Path videoFile = Path.of(videoOnly.info().path("fileResults").get(0).path("location").asText());
        MediaProbe video = MediaProbe.of(videoFile);
        assertEquals(320, video.video().path("width").asInt());
        assertTrue(video.stream("audio").isEmpty(), "a video-only composite has no audio");
        List<Double> flashes = AvSignals.flashTimes(videoFile);
        assertTrue(flashes.size() >= 5, "alice's flashes in 8 s: " + flashes);
    }

    /**
     * A participant whose microphone arrives 8 s after the camera, is unpublished at 14 s and republished at 20 s,
     * and whose camera changes to 4:3 at 4 s and back to 16:9 at 11 s: one continuous file at the output size, the
     * 4:3 picture pillarboxed, silent while the microphone is away, and in sync once it is back.
     */
    @Test
    void aParticipantsTracksMayComeAndGoAndChangeSizeWithinOneFile() throws Exception {
        RoomScript script = RoomScript.parse("""
                0    publish   carol vp8 0x%06x 880
                0.1  unpublish carol audio
                4    resize    carol 480x360
                8    republish carol audio
                11   resize    carol 960x540
                14   unpublish carol audio
                20   republish carol audio
                """.formatted(CAROL));
        Instant scriptStart = Instant.now();
        CompletableFuture<Void> played = script.start(room);
        EgressProcess egress = record("carol", """
                {"participant": {"roomName": "sync", "identity": "carol",
                 "fileOutputs": [{"filepath": "p/{publisher_identity}.mp4"}]}}
                """, 25);
        played.get(40, TimeUnit.SECONDS);
        Path file = assertComplete(egress, 1280, 720);
        JsonNode info = egress.info();
        assertEquals("carol", info.path("participant").path("identity").asText());

        // Script time t is this far into the file.
        double shift = (scriptStart.toEpochMilli() - info.path("fileResults").get(0).path("startedAt").asLong()
                / 1_000_000) / 1000.0;
        List<Double> flashes = AvSignals.flashTimes(file);
        List<Double> beeps = AvSignals.beepTimes(file, 880);
        double end = MediaProbe.of(file).durationSeconds();
        assertTrue(flashes.size() >= end - 2, "the camera runs throughout: " + flashes);
        MediaProbe.assertCells(file, shift + 7, 8, 1, Map.of(0, BLACK, 3, CAROL, 7, BLACK), "4:3 pillarboxed");
        MediaProbe.assertCells(file, shift + 17, 8, 1, Map.of(0, CAROL, 7, CAROL), "16:9 filling the frame");
        assertTrue(beeps.stream().noneMatch(t -> t < shift + 7.5), "no microphone before 8 s: " + beeps);
        assertTrue(beeps.stream().noneMatch(t -> t > shift + 14 + RECEIVE_DELAY && t < shift + 19.8),
                "silence while unpublished (14-20 s): " + beeps);
        Sync back = AvSignals.sync(flashes, beeps, shift + 21, end - 0.5);
        System.out.println("participant after republishing: " + back);
        assertTrue(back.hitRate() >= 0.95 && back.offsetP80() <= MAX_OFFSET && back.driftP80() <= MAX_DRIFT,
                back.toString());
    }

    /**
     * The room's audio without a browser, two mixes at once: in DUAL_CHANNEL_AGENT the agent's beeps land left and
     * everyone else's right; in DUAL_CHANNEL_ALTERNATE each new track takes the other side. Carol, who joins at 6 s,
     * is in the mix from then on; the recording goes on after everyone left, until it is stopped.
     */
    @Test
    void anAudioOnlyRoomCompositeMixesTheRoomOnTheChannelsItsMixingSays() throws Exception {
        room.publishParticipant("alice", Codec.VP8, ALICE, 440);
        room.publishParticipant("bob", Codec.H264, BOB, 660);
        room.setKind("bob", ParticipantInfo.Kind.AGENT);
        RoomScript script = RoomScript.parse("""
                6    publish carol vp8 0x%06x 880
                12   leave   alice
                12   leave   bob
                12   leave   carol
                """.formatted(CAROL));
        Instant scriptStart = Instant.now();
        CompletableFuture<Void> played = script.start(room);
        String request = """
                {"roomComposite": {"roomName": "sync", "audioOnly": true, "audioMixing": "%s",
                 "fileOutputs": [{"filepath": "mix/%s.ogg"}]}}
                """;
        EgressProcess agent = record("agent", request.formatted("DUAL_CHANNEL_AGENT", "agent"), 17);
        EgressProcess alternate = record("alternate", request.formatted("DUAL_CHANNEL_ALTERNATE", "alternate"), 17);
        played.get(30, TimeUnit.SECONDS);

        assertEquals(0, agent.waitFor(60), agent.stderrText());
        JsonNode info = agent.info();
        assertEquals("EGRESS_COMPLETE", info.path("status").asText(), info.toString());
        assertEquals("EGRESS_SOURCE_TYPE_SDK", info.path("sourceType").asText(), info.toString());
        Path agentFile = Path.of(info.path("fileResults").get(0).path("location").asText());
        double shift = (scriptStart.toEpochMilli() - info.path("fileResults").get(0).path("startedAt").asLong()
                / 1_000_000) / 1000.0;
        assertTrue(MediaProbe.of(agentFile).durationSeconds() > 16, "recorded on after everyone left");
        assertChannel(agentFile, 440, Channel.RIGHT, "alice");
        assertChannel(agentFile, 660, Channel.LEFT, "bob, the agent");
        List<Beep> carol = assertChannel(agentFile, 880, Channel.RIGHT, "carol");
        assertTrue(carol.get(0).time() > shift + 5.5 && carol.get(0).time() < shift + 8 + RECEIVE_DELAY,
                "carol from her joining at 6 s: " + carol);
        assertTrue(AvSignals.beepTimes(agentFile, 440).stream().noneMatch(t -> t > shift + 12 + RECEIVE_DELAY),
                "alice left at 12 s");

        assertEquals(0, alternate.waitFor(60), alternate.stderrText());
        Path alternateFile = Path.of(alternate.info().path("fileResults").get(0).path("location").asText());
        Channel first = AvSignals.stereoBeeps(alternateFile, 440).get(0).channel();
        Channel second = first == Channel.LEFT ? Channel.RIGHT : Channel.LEFT;
        assertChannel(alternateFile, 440, first, "alice");
        assertChannel(alternateFile, 660, second, "bob, on the other side from alice");
        assertChannel(alternateFile, 880, Channel.LEFT, "carol, the third track");
    }

    /**
     * Four at once, each ending as upstream's would: a participant who never appears fails NotFound after 30 s; one
     * who joins, never publishes and leaves is ABORTED; {@code screenShare} records the screen, not the camera;
     * LiveKit's v2 request with a media source takes the video track it names and routes the microphone left. This
     * room sends no RTCP sender reports: the tracks are still recorded, and the egress says why their sync is not
     * guaranteed.
     */
    @Test
    void participantAndV2MediaEgressFindTheirTracksOrEndAsUpstreamDoes() throws Exception {
        room.withholdSenderReports();
        SimulatedParticipant erin = room.publishParticipant("erin", Codec.VP8, ALICE, 440);
        room.shareScreen("erin", SCREEN);
        RoomScript script = RoomScript.parse("""
                0    publish   dave vp8 0x%06x 660
                0    unpublish dave video
                0    unpublish dave audio
                15   leave     dave
                """.formatted(BOB));
        CompletableFuture<Void> played = script.start(room);
        String small = "\"advanced\": {\"width\": 640, \"height\": 360}";
        EgressProcess ghost = record("ghost", """
                {"participant": {"roomName": "sync", "identity": "ghost", "fileOutputs": [{"filepath": "ghost.mp4"}]}}
                """, 60);
        EgressProcess shy = record("shy", """
                {"participant": {"roomName": "sync", "identity": "dave", "fileOutputs": [{"filepath": "dave.mp4"}]}}
                """, 60);
        EgressProcess screen = record("screen", """
                {"participant": {"roomName": "sync", "identity": "erin", "screenShare": true, %s,
                 "fileOutputs": [{"filepath": "erin-screen.mp4"}]}}
                """.formatted(small), 14);
        EgressProcess media = record("media", """
                {"egress": {"roomName": "sync", %s,
                 "media": {"videoTrackId": "%s",
                  "audio": {"routes": [{"trackId": "%s", "channel": "AUDIO_CHANNEL_LEFT"}]}},
                 "outputs": [{"file": {"filepath": "erin-media.mp4"}}]}}
                """.formatted(small, erin.video().sid(), erin.audio().sid()), 14);

        Path screenFile = assertCompleteWithoutSenderReports(screen, 640, 360, 1);
        MediaProbe.assertCells(screenFile, 4, 2, 1, Map.of(0, SCREEN, 1, SCREEN), "erin's screen share");
        Path mediaFile = assertCompleteWithoutSenderReports(media, 640, 360, 2);
        MediaProbe.assertCells(mediaFile, 4, 2, 1, Map.of(0, ALICE, 1, ALICE), "erin's camera");
        assertChannel(mediaFile, 440, Channel.LEFT, "erin's microphone, routed left");

        played.get(30, TimeUnit.SECONDS);
        // bin/egress record exits 3 for ABORTED, 1 for FAILED
        assertEquals(3, shy.waitFor(60), shy.stderrText());
        assertEquals("EGRESS_ABORTED", shy.info().path("status").asText(), shy.info().toString());
        assertEquals(1, ghost.waitFor(60), ghost.stderrText());
        assertEquals("EGRESS_FAILED", ghost.info().path("status").asText());
        assertEquals("participant ghost not found", ghost.info().path("error").asText(), ghost.info().toString());
    }

    /**
     * The beeps of {@code toneHz}: at least three on {@code channel}, none on the other side (one cut short by a
     * leave may read as both).
     */
    private static List<Beep> assertChannel(Path file, int toneHz, Channel channel, String who) throws Exception {
        List<Beep> beeps = AvSignals.stereoBeeps(file, toneHz);
        Channel other = channel == Channel.LEFT ? Channel.RIGHT : Channel.LEFT;
        assertTrue(beeps.stream().filter(beep -> beep.channel() == channel).count() >= 3, who + ": " + beeps);
        assertTrue(beeps.stream().noneMatch(beep -> beep.channel() == other), who + " on " + channel + ": " + beeps);
        return beeps;
    }

    /** Debug logging: a failure's message then holds the subscriptions, offers and routes the egress saw. */
    private EgressProcess record(String name, String requestJson, int seconds) throws Exception {
        Path workDir = Files.createDirectories(dir.resolve(name));
        Path request = Files.writeString(workDir.resolve("request.json"), requestJson);
        Path config = Files.writeString(workDir.resolve("egress.yaml"), """
                api_key: %s
                api_secret: %s
                ws_url: %s
                logging: {level: debug}
                """.formatted(KEY, SECRET, room.wsUrl()));
        return EgressProcess.start(workDir, "record", "--request", request.toString(), "--config", config.toString(),
                "--duration", String.valueOf(seconds));
    }

    /**
     * COMPLETE, from the SDK source, H.264 at the size given and AAC, FileInfo's duration as ffprobe's; no track
     * went without RTCP sender reports (the simulator sends them), so the tracks were aligned on them.
     */
    private static Path assertComplete(EgressProcess egress, int width, int height) throws Exception {
        Path file = assertRecorded(egress, width, height);
        assertFalse(egress.stderrText().contains(NO_SENDER_REPORT), "every track sent its reports: "
                + egress.stderrText());
        return file;
    }

    /** As {@link #assertComplete}, from a room without sender reports: a warning for each of its tracks. */
    private static Path assertCompleteWithoutSenderReports(EgressProcess egress, int width, int height, int tracks)
            throws Exception {
        Path file = assertRecorded(egress, width, height);
        assertEquals(tracks, egress.stderrText().split(NO_SENDER_REPORT, -1).length - 1, egress.stderrText());
        return file;
    }

    private static Path assertRecorded(EgressProcess egress, int width, int height) throws Exception {
        assertEquals(0, egress.waitFor(90), egress.stderrText());
        JsonNode info = egress.info();
        assertEquals("EGRESS_COMPLETE", info.path("status").asText(), info.toString());
        assertEquals("EGRESS_SOURCE_TYPE_SDK", info.path("sourceType").asText(), info.toString());
        JsonNode result = info.path("fileResults").get(0);
        Path file = Path.of(result.path("location").asText());
        MediaProbe probe = MediaProbe.of(file);
        assertEquals("h264", probe.video().path("codec_name").asText());
        assertEquals(width, probe.video().path("width").asInt());
        assertEquals(height, probe.video().path("height").asInt());
        assertEquals("aac", probe.audio().path("codec_name").asText());
        assertEquals(probe.durationSeconds(), result.path("duration").asLong() / 1e9, 0.5, result.toString());
        assertFalse(Files.size(file) == 0, file.toString());
        return file;
    }

    private static void assertInSync(Path file, int colour, int toneHz) throws Exception {
        List<Double> flashes = AvSignals.flashTimes(file);
        List<Double> beeps = AvSignals.beepTimes(file, toneHz);
        double end = MediaProbe.of(file).durationSeconds();
        Sync sync = AvSignals.sync(flashes, beeps, 1, end - 0.5);
        System.out.printf("track composite %06x: %s%n", colour, sync);
        assertTrue(sync.hitRate() >= 0.95, sync.toString());
        assertTrue(sync.offsetP80() <= MAX_OFFSET, sync.toString());
        assertTrue(sync.driftP80() <= MAX_DRIFT, sync.toString());
    }
}
