package io.egress4j.simulator;

import io.egress4j.simulator.SimulatedTrack.Codec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bin/simulate-room}: a room with two synthetic participants (VP8 + Opus, H.264 + Opus) that egress can
 * record from. Prints what an egress config and a track request need, then runs until Ctrl-C.
 */
public final class SimulatorMain {

    private SimulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        String host = args.length > 0 ? args[0] : "10.200.0.1";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 7880;
        String key = "devkey";
        String secret = "simulator-secret-change-me-0123456789";
        Path sent = Files.createTempDirectory("egress4j-simulator-");
        RoomSimulator room = RoomSimulator.start(host, port, key, secret, "demo", sent);
        SimulatedTrack aliceVideo = room.publish("alice", Codec.VP8, 0x3366cc);
        SimulatedTrack aliceAudio = room.publish("alice", Codec.OPUS, 440);
        SimulatedTrack bobVideo = room.publish("bob", Codec.H264, 0xcc6633);
        SimulatedTrack bobAudio = room.publish("bob", Codec.OPUS, 660);
        System.out.printf("""
                room "demo" at %s
                  ws_url: %s
                  api_key: %s
                  api_secret: %s
                tracks:
                  alice  VP8   %s
                  alice  Opus  %s
                  bob    H.264 %s
                  bob    Opus  %s
                what each subscriber was sent is kept under %s
                record one (in the same network namespace):
                  bin/egress record --config <yaml with the three keys above> --request <(echo \
                '{"roomName": "demo", "trackId": "%s", "file": {"filepath": "demo/"}}')
                Ctrl-C ends the room.
                """, room.wsUrl(), room.wsUrl(), key, secret, aliceVideo.sid(), aliceAudio.sid(), bobVideo.sid(),
                bobAudio.sid(), sent, aliceVideo.sid());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            room.close();
            stopped.countDown();
        }));
        stopped.await();
    }
}
