package io.egress4j.simulator;

import java.util.ArrayList;
import java.util.List;

/** The little SDP handling the simulator needs: media section IDs, and LiveKit's msid per section. */
final class SdpMedia {

    private SdpMedia() {
    }

    /** The {@code a=mid} of each media section, in order. */
    static List<String> mids(String sdp) {
        List<String> mids = new ArrayList<>();
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("a=mid:")) {
                mids.add(line.substring("a=mid:".length()).trim());
            }
        }
        return mids;
    }

    /**
     * Replaces the msid of the i-th audio or video section with {@code msids[i]} ({@code PA_...|TR_... TR_...}):
     * LiveKit clients read the publisher and track from it. Data channel sections are not counted.
     */
    static String withMsids(String sdp, List<String> msids) {
        StringBuilder out = new StringBuilder();
        int section = -1;
        boolean media = false;
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("a=msid:") || line.startsWith("a=ssrc:") && line.contains(" msid:")) {
                continue;
            }
            out.append(line).append("\r\n");
            if (line.startsWith("m=")) {
                media = line.startsWith("m=audio") || line.startsWith("m=video");
                section += media ? 1 : 0;
            } else if (line.startsWith("a=mid:") && media && section < msids.size()) {
                out.append("a=msid:").append(msids.get(section)).append("\r\n");
            }
        }
        return out.toString();
    }
}
