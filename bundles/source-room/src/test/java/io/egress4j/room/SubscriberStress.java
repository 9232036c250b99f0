package io.egress4j.room;

import io.egress4j.simulator.RoomSimulator;
import io.egress4j.simulator.SimulatedTrack;
import io.egress4j.simulator.SimulatedTrack.Codec;
import io.egress4j.testkit.NativeCheckedJvm;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import livekit.LivekitModels.ParticipantInfo;

/**
 * Many recorders join one simulated room at once and record for a few seconds, round after round, while a thread
 * keeps the collector running. Both sides of WebRTC negotiate in this one process: the simulator offers, every
 * room client answers. Run by {@link SubscriberStressTest} in a child JVM with native memory checks.
 *
 * <p>Arguments: the simulator's address, the number of subscribers, the number of rounds, the pause between two
 * forced collections in milliseconds, a scratch directory (the simulator's copies of what it sent).
 */
public final class SubscriberStress {

    private static final String KEY = "devkey";
    private static final String SECRET = "simulator-secret-0123456789";

    private SubscriberStress() {
    }

    public static void main(String[] args) {
        NativeCheckedJvm.main(args, SubscriberStress::run);
    }

    private static void run(String[] args) throws Exception {
        String host = args[0];
        int subscribers = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        long collectEvery = Long.parseLong(args[3]);
        Path dir = Path.of(args[4]);
        NativeCheckedJvm.collectEvery(collectEvery);
        try (RoomSimulator room = RoomSimulator.start(host, 0, KEY, SECRET, "stress", dir.resolve("sent"))) {
            List<SimulatedTrack> tracks = List.of(room.publish("alice", Codec.VP8, 0x3366cc),
                    room.publish("bob", Codec.H264, 0xcc6633), room.publish("carol", Codec.OPUS, 0x33cc66));
            ExecutorService pool = Executors.newFixedThreadPool(subscribers);
            for (int round = 1; round <= rounds; round++) {
                List<Future<?>> recorded = new ArrayList<>();
                for (int i = 0; i < subscribers; i++) {
                    SimulatedTrack track = tracks.get(i % tracks.size());
                    String identity = "EG_stress_" + round + "_" + i;
                    recorded.add(pool.submit(() -> record(room, track, identity)));
                }
                for (Future<?> subscriber : recorded) {
                    subscriber.get(120, TimeUnit.SECONDS);
                }
                System.out.println("round " + round + ": " + subscribers + " subscribers recorded");
            }
            pool.shutdownNow();
        }
        System.out.println("stress passed");
    }

    /** Joins, subscribes to {@code track}, waits until its media flows, takes it for two seconds and leaves. */
    private static Void record(RoomSimulator room, SimulatedTrack track, String identity) throws Exception {
        CompletableFuture<List<ParticipantInfo>> joined = new CompletableFuture<>();
        CompletableFuture<Void> flowing = new CompletableFuture<>();
        String token = RecorderToken.mint(KEY, SECRET, "stress", identity, Instant.now());
        try (RoomClient client = RoomClient.join(room.wsUrl(), token, identity, listener(joined, flowing))) {
            ParticipantInfo publisher = joined.get(10, TimeUnit.SECONDS).stream()
                    .filter(p -> p.getTracksList().stream().anyMatch(t -> t.getSid().equals(track.sid())))
                    .findFirst().orElseThrow();
            client.subscribe(publisher.getSid(), track.sid(), (sid, stream) ->
                    "queue ! fakesink sync=false async=false");
            try {
                flowing.get(60, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new IllegalStateException(identity + ": no media within 60 s of subscribing to " + track.sid());
            }
            Thread.sleep(2000);
            client.sendEndOfStream();
        }
        return null;
    }

    private static RoomClient.Listener listener(CompletableFuture<List<ParticipantInfo>> participants,
                                                CompletableFuture<Void> flowing) {
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

            @Override
            public void recordingStarted() {
                flowing.complete(null);
            }

            @Override
            public void mediaError(String error) {
                System.out.println("media error: " + error);
            }
        };
    }
}
