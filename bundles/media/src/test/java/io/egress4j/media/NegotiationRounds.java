package io.egress4j.media;

import io.egress4j.testkit.NativeCheckedJvm;
import java.lang.ref.WeakReference;

/**
 * Negotiates two webrtcbin peers (offer, answer, answer applied) round after round, with the garbage collector
 * pushed into every window where a native object could be left without an owner. Run by
 * {@link SessionDescriptionsTest} in a child JVM with native memory checks; a bug shows as a crash.
 *
 * <p>Arguments: the number of rounds, then {@code every-step} (a full collection after each step that leaves a
 * native object in Java's hands, deterministic) or {@code pressure} (a thread collecting every millisecond, as
 * production would see it under load).
 */
public final class NegotiationRounds {

    private static final String SENDER = "audiotestsrc is-live=true ! opusenc ! rtpopuspay ! "
            + "application/x-rtp,media=audio,encoding-name=OPUS,payload=96 ! webrtcbin name=webrtc "
            + "bundle-policy=max-bundle";

    private NegotiationRounds() {
    }

    public static void main(String[] args) {
        NativeCheckedJvm.main(args, NegotiationRounds::run);
    }

    private static void run(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        if (args[1].equals("every-step")) {
            SessionDescriptions.afterStep = NegotiationRounds::collect;
        } else {
            NativeCheckedJvm.collectEvery(1);
        }
        WebRtcPeer.Events quiet = new WebRtcPeer.Events() {
            @Override
            public void iceCandidate(int mlineIndex, String candidate) {
            }

            @Override
            public void error(String element, String message) {
                System.out.println("error from " + element + ": " + message);
            }
        };
        for (int round = 1; round <= rounds; round++) {
            try (WebRtcPeer sender = WebRtcPeer.sender("sender", SENDER, quiet);
                 WebRtcPeer receiver = WebRtcPeer.receiver("receiver", stream -> null, quiet)) {
                sender.start();
                receiver.start();
                String offer = sender.createOffer();
                String answer = receiver.answer(offer);
                sender.applyAnswer(answer);
                if (!offer.contains("OPUS") || !answer.contains("OPUS")) {
                    throw new IllegalStateException("round " + round + ": no Opus in\n" + offer + "\n" + answer);
                }
            }
        }
        System.out.println(rounds + " rounds negotiated");
    }

    /** A full collection, then time for gst1-java-core's reaper thread to free what became unreachable. */
    private static void collect() {
        WeakReference<Object> canary = new WeakReference<>(new Object());
        while (canary.get() != null) {
            System.gc();
            sleep(2);
        }
        sleep(30);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
