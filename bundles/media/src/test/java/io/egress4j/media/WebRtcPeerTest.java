package io.egress4j.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two webrtcbin peers in one process: the receiver remuxes the sender's VP8 without decoding it (that the bytes
 * are identical is checked end to end with the room simulator, in source-room). Needs a non-loopback interface for ICE: run inside
 * {@code scripts/netns} (the build does).
 */
class WebRtcPeerTest {

    @TempDir
    Path dir;

    @Test
    void receivedVp8IsTheSendersBitstream() throws Exception {
        // ICE uses every interface it finds: only the namespace's own may exist, so no packet leaves the machine.
        List<String> interfaces = java.net.NetworkInterface.networkInterfaces().map(i -> i.getName()).sorted().toList();
        assertEquals(List.of("lo", "v0", "v1"), interfaces, "not inside scripts/netns");
        Path sent = dir.resolve("sent.ivf");
        Path received = dir.resolve("received.webm");
        CompletableFuture<String> failure = new CompletableFuture<>();
        List<WebRtcPeer> peers = new java.util.ArrayList<>();
        WebRtcPeer.Events toReceiver = events(() -> peers.get(1), failure);
        WebRtcPeer.Events toSender = events(() -> peers.get(0), failure);
        peers.add(WebRtcPeer.sender("sender", "videotestsrc is-live=true pattern=ball ! video/x-raw,width=320,"
                + "height=240,framerate=30/1 ! vp8enc deadline=1 keyframe-max-dist=30 ! tee name=t "
                + "t. ! queue ! avmux_ivf ! filesink location=" + sent + " "
                + "t. ! queue ! rtpvp8pay ! application/x-rtp,media=video,encoding-name=VP8,payload=96 ! "
                + "webrtc. webrtcbin name=webrtc bundle-policy=max-bundle", toReceiver));
        peers.add(WebRtcPeer.receiver("receiver", stream -> "rtpvp8depay wait-for-keyframe=true request-keyframe=true"
                + " ! webmmux ! filesink location=" + received, toSender));
        peers.get(0).start();
        peers.get(1).start();
        String offer = peers.get(0).createOffer();
        assertTrue(offer.contains("VP8"), offer);
        peers.get(0).applyAnswer(peers.get(1).answer(offer));
        Thread.sleep(4000);
        assertEquals("CONNECTED", peers.get(1).connectionState(), failure.getNow("no error"));
        for (WebRtcPeer peer : peers) {
            peer.sendEndOfStream();
        }
        Thread.sleep(1000);
        peers.forEach(WebRtcPeer::close);

        assertEquals("vp8", codec(received));
        assertTrue(codec(sent).equals("vp8"));
    }

    private static WebRtcPeer.Events events(java.util.function.Supplier<WebRtcPeer> remote,
                                            CompletableFuture<String> failure) {
        return new WebRtcPeer.Events() {
            @Override
            public void iceCandidate(int mlineIndex, String candidate) {
                remote.get().addRemoteCandidate(mlineIndex, candidate);
            }

            @Override
            public void error(String element, String message) {
                failure.complete(element + ": " + message);
            }
        };
    }

    private static String codec(Path file) throws Exception {
        Process probe = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v", "-show_entries",
                "stream=codec_name", "-of", "csv=p=0", file.toString()).start();
        String out = new String(probe.getInputStream().readAllBytes()).trim();
        probe.waitFor(30, TimeUnit.SECONDS);
        return out;
    }
}
