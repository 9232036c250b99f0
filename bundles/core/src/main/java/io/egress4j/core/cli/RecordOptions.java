package io.egress4j.core.cli;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The command line of {@code egress record}.
 *
 * @param request  a protobuf-JSON StartEgressRequest (or bare request) file, or null when {@code url} is given
 * @param url      the page to record (shortcut for a one-file request)
 * @param output   the file path for the shortcut request
 * @param duration stop after recording this long, or null to record until stopped
 */
record RecordOptions(Path request, String url, String output, boolean audioOnly, boolean videoOnly,
                     boolean awaitStartSignal, Duration duration, String configFile, boolean help) {

    static final String USAGE = """
            usage: egress record --request FILE.json [--duration SECONDS] [--config FILE]
                   egress record --url URL|FILE --output PATH [--audio-only|--video-only]
                                 [--await-start-signal] [--duration SECONDS] [--config FILE]

            Records one egress in this process, without Redis or a LiveKit server.
              --request FILE.json   a StartEgressRequest, or one request on its own (WebEgressRequest,
                                    TrackEgressRequest, ...), in protobuf JSON form
                                    (a track request joins the room at ws_url with api_key/api_secret)
              --url URL|FILE        the page to record (http, https or file; a local file path works too)
              --output PATH         where to store the file, under the local storage root (storage.local.root);
                                    a trailing "/" makes it a folder, {time} and {utc} are filled in
              --audio-only, --video-only, --await-start-signal
                                    the WebEgressRequest flags of the same names
              --duration SECONDS    stop after recording this long; otherwise Ctrl-C or SIGTERM stops
              --config FILE         service configuration (YAML); see conf/egress.yaml

            Progress goes to stderr, the final EgressInfo as JSON to stdout.
            Exit status: 0 COMPLETE, 1 FAILED, 2 bad command line or config, 3 ABORTED, 4 LIMIT_REACHED.
            """;

    /** Parses the arguments; throws IllegalArgumentException with a message for the user. */
    static RecordOptions parse(String[] args) {
        Path request = null;
        String url = null;
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
                    return new RecordOptions(null, null, null, false, false, false, null, null, true);
                }
                case "--request" -> request = Path.of(value(args, ++i, arg));
                case "--url" -> url = value(args, ++i, arg);
                case "--output" -> output = value(args, ++i, arg);
                case "--duration" -> duration = seconds(value(args, ++i, arg));
                case "--config" -> config = value(args, ++i, arg);
                case "--audio-only" -> audioOnly = true;
                case "--video-only" -> videoOnly = true;
                case "--await-start-signal" -> awaitStart = true;
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if ((request == null) == (url == null)) {
            throw new IllegalArgumentException("give either --request FILE.json or --url URL");
        }
        if (request != null && (output != null || audioOnly || videoOnly || awaitStart)) {
            throw new IllegalArgumentException("--output and the request flags go with --url, not --request");
        }
        return new RecordOptions(request, url, output == null ? "" : output, audioOnly, videoOnly, awaitStart,
                duration, config, false);
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
