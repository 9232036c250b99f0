package io.egress4j.core.naming;

import io.egress4j.api.NameValues;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The values the filename tokens stand for, for one egress. A value this egress type does not know is the empty
 * string, and its token renders as nothing (web egress, for example, only knows {@code {time}} and {@code {utc}}).
 *
 * @param now               when the egress started; its zone is the "local" time of {@code {time}}
 * @param roomName          {@code {room_name}}
 * @param roomId            {@code {room_id}}
 * @param publisherIdentity {@code {publisher_identity}}
 * @param trackId           {@code {track_id}}
 * @param trackType         {@code {track_type}}: {@code audio} or {@code video}
 * @param trackSource       {@code {track_source}}: lower-case source, e.g. {@code camera}
 * @param retry             the request's retry count; {@code {retry}} renders it only when it is above 0
 */
public record TemplateValues(ZonedDateTime now, String roomName, String roomId, String publisherIdentity,
                             String trackId, String trackType, String trackSource, int retry) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmmss");
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS");

    public TemplateValues {
        roomName = emptyIfNull(roomName);
        roomId = emptyIfNull(roomId);
        publisherIdentity = emptyIfNull(publisherIdentity);
        trackId = emptyIfNull(trackId);
        trackType = emptyIfNull(trackType);
        trackSource = emptyIfNull(trackSource);
    }

    /** The values an egress type reported, at {@code now}, for the request's {@code retry_count}. */
    public static TemplateValues of(ZonedDateTime now, NameValues names, int retry) {
        return new TemplateValues(now, names.roomName(), names.roomId(), names.publisherIdentity(), names.trackId(),
                names.trackType(), names.trackSource(), retry);
    }

    /** {@code {time}}, also used in generated names: local time as {@code 2006-01-02T150405}. */
    String time() {
        return TIME.format(now);
    }

    /** Every token name (without braces) with its raw, not yet sanitized value. */
    Map<String, String> tokens() {
        return Map.of(
                "room_name", roomName,
                "room_id", roomId,
                "time", time(),
                // Upstream formats local time here and relies on its container running in UTC; we convert.
                "utc", UTC.format(now.withZoneSameInstant(ZoneOffset.UTC)),
                "publisher_identity", publisherIdentity,
                "track_id", trackId,
                "track_type", trackType,
                "track_source", trackSource,
                "retry", retry > 0 ? Integer.toString(retry) : "");
    }

    private static String emptyIfNull(String value) {
        return value == null ? "" : value;
    }
}
