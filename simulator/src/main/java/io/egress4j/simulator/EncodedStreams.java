package io.egress4j.simulator;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Compares encoded streams packet by packet, without decoding them (ffmpeg's framemd5 of a stream copy). */
public final class EncodedStreams {

    private EncodedStreams() {
    }

    /** {@code <md5>/<size>} of every packet of the first {@code video} or {@code audio} stream of {@code file}. */
    public static List<String> packetHashes(Path file, String kind) throws IOException, InterruptedException {
        String out = new String(Ffmpeg.output(file, "-map", "0:" + kind.charAt(0), "-c", "copy", "-f", "framemd5",
                "-"));
        return out.lines().filter(line -> !line.startsWith("#"))
                .map(line -> line.substring(line.lastIndexOf(',') + 1).trim() + "/" + line.split(",")[4].trim())
                .toList();
    }

    /**
     * MD5 of every H.264 slice (NAL types 1 and 5) in {@code file}. Containers frame H.264 differently (Annex B
     * start codes, MP4 length prefixes, parameter sets in band or in the header); the slices are the bitstream.
     */
    public static List<String> h264SliceHashes(Path file) throws IOException, InterruptedException {
        byte[] stream = Ffmpeg.output(file, "-map", "0:v", "-c", "copy", "-bsf:v", "h264_mp4toannexb", "-f", "h264",
                "-");
        List<String> hashes = new ArrayList<>();
        int start = nextNal(stream, 0);
        while (start >= 0) {
            int next = nextNal(stream, start);
            int end = next < 0 ? stream.length : next - 3;
            while (end > start && stream[end - 1] == 0) {
                end--; // a four-byte start code leaves a zero behind
            }
            int type = stream[start] & 0x1f;
            if (type == 1 || type == 5) {
                hashes.add(md5(stream, start, end));
            }
            start = next;
        }
        return hashes;
    }

    /** The index just after the next 00 00 01 start code at or after {@code from}, or -1. */
    private static int nextNal(byte[] stream, int from) {
        for (int i = from; i + 2 < stream.length; i++) {
            if (stream[i] == 0 && stream[i + 1] == 0 && stream[i + 2] == 1) {
                return i + 3;
            }
        }
        return -1;
    }

    private static String md5(byte[] bytes, int from, int to) {
        try {
            MessageDigest digest = MessageDigest.getInstance("MD5");
            digest.update(bytes, from, to - from);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether {@code received} is a run of consecutive packets of {@code sent} (a subscriber joins late and may
     * stop early, but must neither change nor skip a packet in between). The last received packet is left out:
     * the recording may end inside it.
     */
    public static boolean isContiguousPart(List<String> received, List<String> sent) {
        if (received.size() < 2) {
            return false;
        }
        int start = sent.indexOf(received.get(0));
        int compared = received.size() - 1;
        return start >= 0 && start + compared <= sent.size()
                && sent.subList(start, start + compared).equals(received.subList(0, compared));
    }
}
