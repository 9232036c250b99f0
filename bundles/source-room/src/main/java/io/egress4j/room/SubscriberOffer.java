package io.egress4j.room;

import io.egress4j.media.WebRtcPeer.IncomingStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a subscriber offer says about its media sections: the mid of each, the track it carries (from LiveKit's
 * {@code a=msid:<PA_participant>|<TR_track> <track id>}), its payload types and the SSRCs it announces.
 */
record SubscriberOffer(List<Section> sections) {

    record Section(String mid, String trackSid, List<Integer> payloadTypes, List<Long> ssrcs) {
    }

    private static final Pattern SSRC = Pattern.compile("\\bssrc=\\(uint\\)(\\d+)");
    private static final Pattern PAYLOAD = Pattern.compile("\\bpayload=\\(int\\)(\\d+)");

    static SubscriberOffer parse(String sdp) {
        List<Section> sections = new ArrayList<>();
        SectionLines current = null;
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("m=")) {
                if (current != null) {
                    sections.add(current.section());
                }
                current = new SectionLines(Arrays.stream(line.split(" ")).skip(3).filter(f -> f.matches("\\d+"))
                        .map(Integer::valueOf).toList());
            } else if (current != null) {
                current.read(line);
            }
        }
        if (current != null) {
            sections.add(current.section());
        }
        return new SubscriberOffer(List.copyOf(sections));
    }

    /** The lines of one media section, as they are read. */
    private static final class SectionLines {

        private final List<Integer> payloadTypes;
        private final List<Long> ssrcs = new ArrayList<>();
        private String mid = "";
        private String track = "";

        SectionLines(List<Integer> payloadTypes) {
            this.payloadTypes = payloadTypes;
        }

        void read(String line) {
            if (line.startsWith("a=mid:")) {
                mid = line.substring("a=mid:".length()).trim();
            } else if (line.startsWith("a=msid:")) {
                track = trackOf(line.substring("a=msid:".length()).trim());
            } else if (line.startsWith("a=ssrc:")) {
                String number = line.substring("a=ssrc:".length()).split(" ")[0];
                if (number.matches("\\d+") && !ssrcs.contains(Long.valueOf(number))) {
                    ssrcs.add(Long.valueOf(number));
                }
            }
        }

        Section section() {
            return new Section(mid, track, payloadTypes, List.copyOf(ssrcs));
        }
    }

    /** The stream ID part packs {@code PA_x|TR_y}; clients take the track from it when it is a TR_ ID. */
    private static String trackOf(String msid) {
        String[] parts = msid.split(" ");
        int bar = parts[0].indexOf('|');
        String fromStream = bar >= 0 ? parts[0].substring(bar + 1) : "";
        return fromStream.startsWith("TR") ? fromStream : parts.length > 1 ? parts[1] : "";
    }

    /**
     * The track {@code stream} carries: the section announcing its SSRC, else the one section offering its payload
     * type, else the section of its transceiver. webrtcbin's own pairing of stream and transceiver is unreliable
     * when a renegotiated section announces no SSRC (it may hand an audio stream the first transceiver), so the
     * transceiver comes last. Empty when nothing matches.
     */
    String trackOf(IncomingStream stream) {
        Long ssrc = ssrcOf(stream);
        if (ssrc != null) {
            for (Section section : sections) {
                if (section.ssrcs().contains(ssrc)) {
                    return section.trackSid();
                }
            }
        }
        Long payload = number(PAYLOAD, stream.caps());
        if (payload != null) {
            List<Section> offering = sections.stream()
                    .filter(section -> section.payloadTypes().contains(payload.intValue())).toList();
            if (offering.size() == 1) {
                return offering.get(0).trackSid();
            }
        }
        return sections.stream().filter(section -> !stream.mid().isEmpty() && section.mid().equals(stream.mid()))
                .map(Section::trackSid).findFirst().orElse("");
    }

    /** The SSRC in {@code stream}'s caps, or null. */
    static Long ssrcOf(IncomingStream stream) {
        return number(SSRC, stream.caps());
    }

    String midAt(int mlineIndex) {
        return mlineIndex < sections.size() ? sections.get(mlineIndex).mid() : String.valueOf(mlineIndex);
    }

    private static Long number(Pattern pattern, String caps) {
        Matcher matcher = pattern.matcher(caps);
        return matcher.find() ? Long.valueOf(matcher.group(1)) : null;
    }
}
