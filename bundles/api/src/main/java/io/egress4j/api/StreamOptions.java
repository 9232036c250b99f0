package io.egress4j.api;

import java.util.List;
import java.util.Objects;

/**
 * Where a stream output ({@code egress.output=stream}) sends to first; {@link StreamBranch} adds and removes
 * destinations later.
 *
 * @param protocol how every destination is reached
 * @param urls     the destinations to start with, validated and expanded; possibly none
 */
public record StreamOptions(Protocol protocol, List<String> urls) implements OutputOptions {

    /** RTMP(S) carries FLV, SRT carries MPEG-TS. */
    public enum Protocol { RTMP, SRT }

    public StreamOptions {
        Objects.requireNonNull(protocol, "protocol");
        urls = List.copyOf(urls);
    }
}
