package io.egress4j.room;

import java.util.ArrayList;
import java.util.List;

/**
 * What a subscriber offer says about its media sections: the mid of each, and the track it carries, from LiveKit's
 * {@code a=msid:<PA_participant>|<TR_track> <track id>}.
 */
record SubscriberOffer(List<String> mids, List<String> trackSids) {

    static SubscriberOffer parse(String sdp) {
        List<String> mids = new ArrayList<>();
        List<String> tracks = new ArrayList<>();
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("m=")) {
                mids.add("");
                tracks.add("");
            } else if (line.startsWith("a=mid:") && !mids.isEmpty()) {
                mids.set(mids.size() - 1, line.substring("a=mid:".length()).trim());
            } else if (line.startsWith("a=msid:") && !tracks.isEmpty()) {
                tracks.set(tracks.size() - 1, trackOf(line.substring("a=msid:".length()).trim()));
            }
        }
        return new SubscriberOffer(List.copyOf(mids), List.copyOf(tracks));
    }

    /** The stream ID part packs {@code PA_x|TR_y}; clients take the track from it when it is a TR_ ID. */
    private static String trackOf(String msid) {
        String[] parts = msid.split(" ");
        int bar = parts[0].indexOf('|');
        String fromStream = bar >= 0 ? parts[0].substring(bar + 1) : "";
        return fromStream.startsWith("TR") ? fromStream : parts.length > 1 ? parts[1] : "";
    }

    String trackAt(int mlineIndex) {
        return mlineIndex < trackSids.size() ? trackSids.get(mlineIndex) : "";
    }

    String midAt(int mlineIndex) {
        return mlineIndex < mids.size() ? mids.get(mlineIndex) : String.valueOf(mlineIndex);
    }
}
