package io.egress4j.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egress4j.api.EgressException;
import io.egress4j.simulator.EncodedStreams;
import io.egress4j.simulator.RoomSimulator;
import io.egress4j.simulator.SimulatedTrack;
import io.egress4j.simulator.SimulatedTrack.Codec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The room client against the room simulator, inside scripts/netns: join, subscribe, record without transcoding. */
class RoomClientTest {

    private static final String KEY = "devkey";
    private static final String SECRET = "simulator-secret-0123456789";

    @TempDir
    Path dir;

    private RoomSimulator room;

    @BeforeEach
    void start() throws Exception {
        room = RoomSimulator.start("10.200.0.1", 0, KEY, SECRET, "demo", dir.resolve("sent"));
    }

    @AfterEach
    void stop() {
        room.close();
    }

    @Test
    void recordsTheExactBitstreamThePublisherSent() throws Exception {
        SimulatedTrack vp8 = room.publish("alice", Codec.VP8, 0x3366cc);
        SimulatedTrack h264 = room.publish("bob", Codec.H264, 0xcc6633);
        for (SimulatedTrack track : List.of(vp8, h264)) {
            Path received = dir.resolve(track.sid() + (track.codec() == Codec.VP8 ? ".webm" : ".mp4"));
            String sink = track.codec() == Codec.VP8
                    ? "rtpvp8depay wait-for-keyframe=true request-keyframe=true ! webmmux ! filesink location=" + received
                    : "rtph264depay wait-for-keyframe=true request-keyframe=true ! h264parse ! mp4mux ! filesink"
                            + " location=" + received;
            String identity = "EG_" + track.sid();
            CompletableFuture<List<ParticipantInfo>> joined = new CompletableFuture<>();
            try (RoomClient client = RoomClient.join(room.wsUrl(), token(identity), identity, listener(joined))) {
                assertEquals("demo", client.room().getName());
                ParticipantInfo publisher = joined.get(5, TimeUnit.SECONDS).stream()
                        .filter(p -> p.getTracksList().stream().anyMatch(t -> t.getSid().equals(track.sid())))
                        .findFirst().orElseThrow();
                client.subscribe(publisher.getSid(), track.sid(), (sid, stream) -> sid.equals(track.sid()) ? sink
                        : null);
                // Media flows once ICE and DTLS are done, which takes longer on a loaded machine: count from then.
                for (int i = 0; i < 200 && (!Files.exists(received) || Files.size(received) == 0); i++) {
                    Thread.sleep(100);
                }
                Thread.sleep(4000);
                client.sendEndOfStream();
                Thread.sleep(1000);
            }
            Thread.sleep(1000); // the simulator finalises its copy when the subscriber leaves
            List<String> got = hashes(received, track.codec());
            List<String> sent = hashes(room.sentStream(identity, track), track.codec());
            assertTrue(got.size() > 60, track.codec() + ": received " + got.size() + " frames");
            assertTrue(EncodedStreams.isContiguousPart(got, sent), track.codec() + ": received frames differ from "
                    + "what was sent (" + got.size() + " received, " + sent.size() + " sent)");
        }
    }

    @Test
    void aBadTokenIsRefused() {
        String forged = RecorderToken.mint(KEY, "another-secret", "demo", "EG_x", Instant.now());
        EgressException refused = assertThrows(EgressException.class,
                () -> RoomClient.join(room.wsUrl(), forged, "EG_x", listener(new CompletableFuture<>())));
        assertTrue(refused.getMessage().contains("could not join"), refused.getMessage());
    }

    private static List<String> hashes(Path file, Codec codec) throws Exception {
        return codec == Codec.H264 ? EncodedStreams.h264SliceHashes(file) : EncodedStreams.packetHashes(file, "video");
    }

    private static String token(String identity) {
        return RecorderToken.mint(KEY, SECRET, "demo", identity, Instant.now());
    }

    private static RoomClient.Listener listener(CompletableFuture<List<ParticipantInfo>> participants) {
        return new RoomClient.Listener() {
            @Override
            public void participants(List<ParticipantInfo> update) {
                participants.complete(update);
            }

            @Override
            public void left(String reason) {
            }

            @Override
            public void disconnected(String reason) {
            }
        };
    }
}
