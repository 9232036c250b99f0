package io.egress4j.api;

/**
 * What the filename tokens of an egress stand for ({@code {room_name}}, {@code {track_id}}, ...); empty where the
 * egress type does not know the value, and the token renders as nothing. {@code {time}} and {@code {utc}} come from
 * the core's clock.
 */
public record NameValues(String roomName, String roomId, String publisherIdentity, String trackId,
                         String trackType, String trackSource) {

    /** No room and no track: web egress. */
    public static final NameValues NONE = new NameValues("", "", "", "", "", "");
}
