package io.egress4j.core.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The command line of {@code egress record}.
 *
 * @param request     a protobuf-JSON StartEgressRequest (or bare request) file, or null for a shortcut
 * @param requestType the request type of a bare request ({@code --type}, livekit-cli's names), or null to guess it
 * @param url         the page to record (shortcut for a one-file web egress)
 * @param room        the room to record (shortcut for a one-file room composite), with {@code layout}
 * @param output      the file path for a shortcut request
 * @param duration    stop after recording this long, or null to record until stopped
 */
record RecordOptions(Path request, String requestType, String url, String room, String layout, String output,
                     boolean audioOnly, boolean videoOnly, boolean awaitStartSignal, Duration duration,
                     String configFile, boolean help) {

    /** livekit-cli's names of the request types, and the StartEgressRequest fields that hold them. */
    static final Map<String, String> REQUEST_TYPES = Map.of("room-composite", "room_composite", "web", "web",
            "participant", "participant", "track-composite", "track_composite", "track", "track");

    static final String USAGE = """
            usage: egress record --request FILE.json [--type TYPE] [--duration SECONDS] [--config FILE]
                   egress record --url URL|FILE --output PATH [--audio-only|--video-only]
                                 [--await-start-signal] [--duration SECONDS] [--config FILE]
                   egress record --room NAME [--layout LAYOUT] --output PATH [--audio-only|--video-only]
                                 [--duration SECONDS] [--config FILE]

            Records one egress in this process, without Redis or a LiveKit server.
              --request FILE.json   a StartEgressRequest, or one request on its own (RoomCompositeEgressRequest,
                                    WebEgressRequest, TrackEgressRequest, ...), in protobuf JSON form
                                    (room requests join the room at ws_url with api_key/api_secret)
              --type TYPE           what the bare request in FILE.json is, when its fields could be several:
                                    room-composite, web, participant, track-composite or track
              --room NAME           record the room NAME as its participants are seen: a room composite
              --layout LAYOUT       grid (default), speaker or single-speaker; -light for a light background
              --url URL|FILE        the page to record (http, https or file; a local file path works too)
              --output PATH         where to store the file, under the local storage root (storage.local.root);
                                    a trailing "/" makes it a folder, {time} and {utc} are filled in
              --audio-only, --video-only, --await-start-signal
                                    the request flags of the same names
              --duration SECONDS    stop after recording this long; otherwise Ctrl-C or SIGTERM stops
              --config FILE         service configuration (YAML); see conf/egress.yaml

            Progress goes to stderr, the final EgressInfo as JSON to stdout.
            Exit status: 0 COMPLETE, 1 FAILED, 2 bad command line or config, 3 ABORTED, 4 LIMIT_REACHED.
            """;

    /** Parses the arguments; throws IllegalArgumentException with a message for the user. */
    static RecordOptions parse(String[] args) {
        Path request = null;
        String requestType = null;
        String url = null;
        String room = null;
        String layout = null;
        String output = null;
        boolean audioOnly = false;
        boolean videoOnly = false;
        boolean awaitStart = false;
        Duration duration = null;
        String config = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--help", "-h" -> {
                    return new RecordOptions(null, null, null, null, null, null, false, false, false, null, null,
                            true);
                }
                case "--request" -> request = Path.of(value(args, ++i, arg));
                case "--type" -> requestType = requestType(value(args, ++i, arg));
                case "--url" -> url = value(args, ++i, arg);
                case "--room" -> room = value(args, ++i, arg);
                case "--layout" -> layout = value(args, ++i, arg);
                case "--output" -> output = value(args, ++i, arg);
                case "--duration" -> duration = seconds(value(args, ++i, arg));
                case "--config" -> config = value(args, ++i, arg);
                case "--audio-only" -> audioOnly = true;
                case "--video-only" -> videoOnly = true;
                case "--await-start-signal" -> awaitStart = true;
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (Stream.of(request, url, room).filter(Objects::nonNull).count() != 1) {
            throw new IllegalArgumentException("give one of --request FILE.json, --url URL or --room NAME");
        }
        if (request != null && (output != null || audioOnly || videoOnly || awaitStart)) {
            throw new IllegalArgumentException("--output and the request flags go with --url or --room, not"
                    + " --request");
        }
        if (requestType != null && request == null) {
            throw new IllegalArgumentException("--type goes with --request");
        }
        if (layout != null && room == null) {
            throw new IllegalArgumentException("--layout goes with --room");
        }
        if (room != null && awaitStart) {
            throw new IllegalArgumentException("--await-start-signal goes with --url: a room composite always waits"
                    + " for its template's START_RECORDING");
        }
        return new RecordOptions(request, requestType, url, room, layout == null ? "" : layout,
                output == null ? "" : output, audioOnly, videoOnly, awaitStart, duration, config, false);
    }

    private static String requestType(String name) {
        String field = REQUEST_TYPES.get(name);
        if (field == null) {
            throw new IllegalArgumentException("--type must be one of " + String.join(", ",
                    new TreeSet<>(REQUEST_TYPES.keySet())) + ", got \"" + name + "\"");
        }
        return field;
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static Duration seconds(String text) {
        try {
            double seconds = Double.parseDouble(text);
            if (seconds <= 0 || Double.isNaN(seconds) || Double.isInfinite(seconds)) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(Math.round(seconds * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--duration must be a positive number of seconds, got \"" + text + "\"");
        }
    }
}
