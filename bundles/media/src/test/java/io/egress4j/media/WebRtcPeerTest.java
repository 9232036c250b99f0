package io.egress4j.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two webrtcbin peers in one process: the receiver remuxes the sender's VP8 without decoding it, so every frame it
 * stores is byte for byte a frame the sender encoded. Needs a non-loopback interface for ICE: run inside
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

        List<String> sentFrames = frameHashes(sent);
        List<String> receivedFrames = frameHashes(received);
        assertTrue(receivedFrames.size() > 60, "received " + receivedFrames.size() + " frames");
        int start = sentFrames.indexOf(receivedFrames.get(0));
        assertTrue(start >= 0, "the first received frame was never sent");
        int compared = Math.min(receivedFrames.size(), sentFrames.size() - start) - 1;
        assertEquals(sentFrames.subList(start, start + compared), receivedFrames.subList(0, compared));
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

    /** MD5 of every video packet, copied out without decoding. */
    static List<String> frameHashes(Path file) throws Exception {
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-v", "error", "-i", file.toString(), "-map", "0:v", "-c",
                "copy", "-f", "framemd5", "-").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(ffmpeg.getInputStream().readAllBytes());
        ffmpeg.waitFor(30, TimeUnit.SECONDS);
        return out.lines().filter(line -> !line.startsWith("#"))
                .map(line -> line.substring(line.lastIndexOf(',') + 1).trim() + "/" + line.split(",")[4].trim())
                .toList();
    }
}
