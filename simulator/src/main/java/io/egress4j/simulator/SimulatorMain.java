package io.egress4j.simulator;

import io.egress4j.simulator.SimulatedTrack.Codec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bin/simulate-room [--script <file>] [host] [port]}: a room with synthetic participants that egress can
 * record from. Without a script, alice (VP8 + Opus) and bob (H.264 + Opus) publish for good; with one, the
 * {@link RoomScript} decides who publishes what and when, and each step is printed as it happens. Prints what an
 * egress config and a track request need, then runs until Ctrl-C.
 */
public final class SimulatorMain {

    private SimulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        List<String> positional = new ArrayList<>(List.of(args));
        if (positional.contains("--help") || positional.contains("-h")) {
            System.out.println("""
                    usage: bin/simulate-room [--script <file>] [--without-sender-reports] [--video-size WxH]
                                             [host] [port]
                    Serves room "demo" on ws://host:port (default 10.200.0.1:7880, inside scripts/netns).
                    Without a script, alice (VP8 + Opus) and bob (H.264 + Opus) publish until Ctrl-C; a script's
                    lines are "<seconds> <action> <identity> [arguments]" with the actions publish, mute, unmute,
                    unpublish, republish, speak, screenshare, unscreenshare, resize, kind, metadata and leave
                    (README.md, "A simulated room"). --without-sender-reports: no RTCP sender reports, as
                    from a sender that never sends them. --video-size: what video is published at (default
                    640x360); the simulator encodes every track once per subscriber, so a small size lets one
                    machine feed many subscribers.""");
            return;
        }
        RoomScript script = null;
        int option = positional.indexOf("--script");
        if (option >= 0) {
            script = RoomScript.read(Path.of(positional.get(option + 1)));
            positional.subList(option, option + 2).clear();
        }
        boolean senderReports = !positional.remove("--without-sender-reports");
        String videoSize = "640x360";
        option = positional.indexOf("--video-size");
        if (option >= 0 && option + 1 < positional.size()) {
            videoSize = positional.get(option + 1);
            positional.subList(option, option + 2).clear();
        }
        if (positional.stream().anyMatch(argument -> argument.startsWith("-"))) {
            System.err.println("simulate-room: unknown option in " + positional + " (see --help)");
            System.exit(2);
        }
        String host = positional.size() > 0 ? positional.get(0) : "10.200.0.1";
        int port = positional.size() > 1 ? Integer.parseInt(positional.get(1)) : 7880;
        String key = "devkey";
        String secret = "simulator-secret-change-me-0123456789";
        Path sent = Files.createTempDirectory("egress4j-simulator-");
        RoomSimulator room = RoomSimulator.start(host, port, key, secret, "demo", sent);
        if (!senderReports) {
            room.withholdSenderReports();
        }
        try {
            String[] size = videoSize.split("x", 2);
            room.publishVideoAt(Integer.parseInt(size[0]), Integer.parseInt(size[1]));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            System.err.println("simulate-room: --video-size wants WIDTHxHEIGHT, both even, e.g. 160x90; got "
                    + videoSize);
            System.exit(2);
        }
        System.out.printf("""
                room "demo" at %s
                  ws_url: %s
                  api_key: %s
                  api_secret: %s
                what each subscriber was sent is kept under %s
                record a track (in the same network namespace):
                  bin/egress record --config <yaml with the three keys above> --request <(echo \
                '{"roomName": "demo", "trackId": "<track id>", "file": {"filepath": "demo/"}}')
                """, room.wsUrl(), room.wsUrl(), key, secret, sent);
        if (script == null) {
            SimulatedParticipant alice = room.publishParticipant("alice", Codec.VP8, 0x3366cc, 440);
            SimulatedParticipant bob = room.publishParticipant("bob", Codec.H264, 0xcc6633, 660);
            System.out.printf("""
                    tracks:
                      alice  VP8   %s
                      alice  Opus  %s
                      bob    H.264 %s
                      bob    Opus  %s
                    """, alice.video().sid(), alice.audio().sid(), bob.video().sid(), bob.audio().sid());
        } else {
            script.start(room, System.out::println).exceptionally(failure -> {
                System.err.println("simulate-room: " + failure.getMessage()
                        + (failure.getCause() != null ? ": " + failure.getCause().getMessage() : ""));
                return null;
            });
        }
        // Last, so that a script waiting for this line has the track IDs above it.
        System.out.println("Ctrl-C ends the room.");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            room.close();
            stopped.countDown();
        }));
        stopped.await();
    }
}
