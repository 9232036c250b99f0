package io.egress4j.output.stream;

import io.egress4j.api.Launch;
import io.egress4j.api.StreamOptions;

/** How each protocol muxes the encoded streams and which sink sends them. */
enum StreamProtocol {

    /** FLV over RTMP(S). rtmp2sink connects on its first media buffer and takes the FLV headers from the caps. */
    RTMP {
        @Override
        String muxer(String name) {
            return "flvmux name=" + name + " streamable=true skip-backwards-streams=true latency=" + MUX_LATENCY_NANOS;
        }

        @Override
        String padFor(String mediaKind) {
            return mediaKind;
        }

        @Override
        String sink(String url) {
            return "rtmp2sink async-connect=false location=" + Launch.quote(url);
        }
    },

    /** MPEG-TS over SRT, in 1316-byte payloads (seven TS packets, what SRT peers expect). */
    SRT {
        @Override
        String muxer(String name) {
            return "mpegtsmux name=" + name + " alignment=7 latency=" + MUX_LATENCY_NANOS;
        }

        @Override
        String padFor(String mediaKind) {
            return "";
        }

        @Override
        String sink(String url) {
            return "srtsink wait-for-connection=false uri=" + Launch.quote(url);
        }
    };

    /** Upstream's muxer latency: how long the muxer waits for a late stream before it moves on. */
    private static final long MUX_LATENCY_NANOS = 3_000_000_000L;

    static StreamProtocol of(StreamOptions.Protocol protocol) {
        return switch (protocol) {
            case RTMP -> RTMP;
            case SRT -> SRT;
        };
    }

    abstract String muxer(String name);

    abstract String padFor(String mediaKind);

    abstract String sink(String url);
}
