package io.egress4j.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What a segments output reports for {@code SegmentsInfo}. The playlist names are not repeated here: the core chose
 * them.
 *
 * @param playlistLocation     where the event playlist was stored last; empty until it is
 * @param livePlaylistLocation where the live playlist was stored last; empty until it is, or without one
 * @param segmentCount         segments stored
 * @param size                 bytes of the segments stored
 * @param duration             media time of the segments stored
 * @param startedAt            wall clock of the first stored segment's first sample; null without segments
 * @param endedAt              wall clock of the last stored segment's end; null without segments
 */
public record SegmentsResult(String playlistLocation, String livePlaylistLocation, long segmentCount, long size,
                             Duration duration, Instant startedAt, Instant endedAt) {

    public SegmentsResult {
        Objects.requireNonNull(playlistLocation, "playlistLocation");
        Objects.requireNonNull(livePlaylistLocation, "livePlaylistLocation");
        Objects.requireNonNull(duration, "duration");
    }
}
