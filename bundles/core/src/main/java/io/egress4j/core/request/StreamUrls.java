package io.egress4j.core.request;

import io.egress4j.api.EgressException;
import livekit.LivekitEgress.StreamOutput;
import livekit.LivekitEgress.StreamProtocol;

import java.util.Locale;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Live stream URLs as upstream handles them: which protocol a URL speaks, which URLs are acceptable, the
 * {@code mux://} and {@code twitch://} shorthands, and how a URL is shown without its secrets.
 *
 * <p>Protocols by scheme (case-insensitive): {@code rtmp}, {@code rtmps}, {@code mux}, {@code twitch} are RTMP;
 * {@code srt} is SRT; {@code ws}, {@code wss} are WEBSOCKET. An RTMP URL must have the form
 * {@code rtmp(s)://{host}(/{path})/{app}/{stream_key}( live=1)}; SRT and websocket URLs are used verbatim.
 *
 * <p>Shorthands: {@code mux://KEY} becomes {@code rtmps://global-live.mux.com:443/app/KEY}. {@code twitch://KEY}
 * is filled into a Twitch ingest template. Upstream downloads Twitch's ingest list
 * ({@code https://ingest.twitch.tv/ingests}) and takes the first template; this service never fetches it and uses
 * a configurable template instead, {@value #DEFAULT_TWITCH_INGEST_TEMPLATE} by default (Twitch's global ingest,
 * which routes to a nearby server). Explicit {@code *.contribute.live-video.net} URLs are kept as given (upstream
 * replaces them with the downloaded template when the download works).
 *
 * <p>Redaction ({@link #redact}): an RTMP stream key keeps its first and last 3 characters when it is at least 9
 * long, 2 when at least 6, 1 when at least 3, none below ({@code {abc...xyz}}, {@code {st...am}}, {@code {...}}).
 * {@code mux://} and {@code twitch://} keys are redacted the same way. The values of an SRT URL's
 * {@code streamid} and {@code passphrase} parameters and of every query parameter of a websocket URL become
 * {@code {...}}, and so does any user information ({@code user:password@}).
 */
public final class StreamUrls {

    /** Used for {@code twitch://KEY} when no other template is configured. */
    public static final String DEFAULT_TWITCH_INGEST_TEMPLATE = "rtmp://live.twitch.tv/app/{stream_key}";
    /** Where a Twitch template puts the stream key. */
    public static final String STREAM_KEY_PLACEHOLDER = "{stream_key}";
    /** The Mux ingest {@code mux://KEY} stands for; the key is appended. */
    public static final String MUX_INGEST = "rtmps://global-live.mux.com:443/app/";

    static final String RTMP_FORMAT_REASON =
            "rtmp urls must be of format rtmp(s)://{host}(/{path})/{app}/{stream_key}( live=1)";

    /** Upstream's RTMP pattern: scheme, host with optional path, app, stream key, optional " live=1". */
    private static final Pattern RTMP = Pattern.compile("^(rtmps?://)(.*/)(.*/)(\\S*)( live=1)?$");
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://");
    private static final Map<String, StreamProtocol> SCHEMES = Map.of(
            "rtmp", StreamProtocol.RTMP,
            "rtmps", StreamProtocol.RTMP,
            "mux", StreamProtocol.RTMP,
            "twitch", StreamProtocol.RTMP,
            "srt", StreamProtocol.SRT,
            "ws", StreamProtocol.WEBSOCKET,
            "wss", StreamProtocol.WEBSOCKET);
    /** SRT parameters that carry secrets: the stream ID often holds the stream key. */
    private static final Set<String> SRT_SECRET_PARAMETERS = Set.of("streamid", "passphrase");
    private static final String HIDDEN = "{...}";
    private static final Pattern REDACTED = Pattern.compile("\\{[^{}]{0,6}\\.\\.\\.[^{}]{0,6}}");

    /** The most URLs one stream output sends to at a time. */
    public static final int MAX_URLS = 10;
    /** The longest URL accepted: longer ones are not stream URLs but payloads. */
    public static final int MAX_LENGTH = 2048;

    private final String twitchIngestTemplate;
    private final UrlPolicy policy;

    /** With {@link #DEFAULT_TWITCH_INGEST_TEMPLATE}, refusing link-local addresses. */
    public StreamUrls() {
        this(DEFAULT_TWITCH_INGEST_TEMPLATE);
    }

    /** With {@link #DEFAULT_TWITCH_INGEST_TEMPLATE}, checking addresses with {@code policy}. */
    public StreamUrls(UrlPolicy policy) {
        this(DEFAULT_TWITCH_INGEST_TEMPLATE, policy);
    }

    /** Refusing link-local addresses. */
    public StreamUrls(String twitchIngestTemplate) {
        this(twitchIngestTemplate, new UrlPolicy(List.of(), false));
    }

    /**
     * @param twitchIngestTemplate an RTMP(S) URL containing {@value #STREAM_KEY_PLACEHOLDER}, e.g. one of the
     *                             {@code url_template_secure} values of Twitch's ingest list
     */
    public StreamUrls(String twitchIngestTemplate, UrlPolicy policy) {
        if (twitchIngestTemplate == null || !twitchIngestTemplate.contains(STREAM_KEY_PLACEHOLDER)
                || !RTMP.matcher(twitchIngestTemplate.replace(STREAM_KEY_PLACEHOLDER, "key")).matches()) {
            throw new IllegalArgumentException("a Twitch ingest template must be an rtmp(s) URL of the form "
                    + "rtmp(s)://{host}/{app}/" + STREAM_KEY_PLACEHOLDER + ", got " + twitchIngestTemplate);
        }
        this.twitchIngestTemplate = twitchIngestTemplate;
        this.policy = policy;
    }

    public String twitchIngestTemplate() {
        return twitchIngestTemplate;
    }

    /**
     * A stream URL ready for the sink.
     *
     * @param protocol  RTMP, SRT or WEBSOCKET
     * @param url       what the sink connects to ({@code mux://} and {@code twitch://} expanded)
     * @param redacted  what {@code StreamInfo.url}, logs and errors show
     * @param streamKey the RTMP stream key; empty for other protocols
     */
    public record ValidatedUrl(StreamProtocol protocol, String url, String redacted, String streamKey) {
    }

    /**
     * The protocol of a stream output: its {@code protocol} when set, otherwise the scheme of its first URL.
     *
     * @throws EgressException {@code request has missing or invalid field: stream protocol} when neither tells,
     *                         or a stream url error when the first URL's scheme is not a stream scheme
     */
    public static StreamProtocol protocolOf(StreamOutput output) throws EgressException {
        switch (output.getProtocol()) {
            case RTMP, SRT, WEBSOCKET -> {
                return output.getProtocol();
            }
            case DEFAULT_PROTOCOL -> {
                if (output.getUrlsCount() == 0) {
                    throw EgressException.invalidField("stream protocol");
                }
                String first = output.getUrls(0);
                return protocolOfScheme(first).orElseThrow(() -> invalidUrl(first, "invalid protocol"));
            }
            default -> throw EgressException.invalidField("stream protocol");
        }
    }

    /** The protocol a URL's scheme stands for; empty for other schemes and for text without {@code scheme://}. */
    public static Optional<StreamProtocol> protocolOfScheme(String url) {
        return scheme(url).map(SCHEMES::get);
    }

    /**
     * Checks a URL against the output's protocol and expands the shorthands.
     *
     * @param protocol the output's protocol (see {@link #protocolOf})
     * @throws EgressException INVALID_ARGUMENT
     *                         {@code request has missing or invalid field: stream url "<redacted>" (<reason>)}
     */
    public ValidatedUrl validate(String url, StreamProtocol protocol) throws EgressException {
        if (protocol != StreamProtocol.RTMP && protocol != StreamProtocol.SRT && protocol != StreamProtocol.WEBSOCKET) {
            throw EgressException.invalidField("stream protocol");
        }
        if (url == null || url.isEmpty()) {
            throw invalidUrl("", "empty");
        }
        if (url.length() > MAX_LENGTH) {
            throw EncodingResolver.tooLarge("stream url", MAX_LENGTH + " characters");
        }
        if (url.chars().anyMatch(Character::isISOControl)) {
            throw invalidUrl(url, "control character");
        }
        Optional<String> scheme = scheme(url);
        if (scheme.isEmpty() || SCHEMES.get(scheme.get()) != protocol) {
            throw invalidUrl(url, "invalid scheme");
        }
        ValidatedUrl validated = switch (protocol) {
            case RTMP -> rtmp(url, scheme.get());
            default -> new ValidatedUrl(protocol, url, redact(url), "");
        };
        policy.check("stream url", validated.url());
        return validated;
    }

    private ValidatedUrl rtmp(String url, String scheme) throws EgressException {
        String expanded = switch (scheme) {
            case "mux" -> MUX_INGEST + shorthandKey(url, scheme);
            case "twitch" -> twitchIngestTemplate.replace(STREAM_KEY_PLACEHOLDER, shorthandKey(url, scheme));
            // rtmp2sink is given the scheme in lower case; the rest stays as the user wrote it.
            default -> scheme + url.substring(scheme.length());
        };
        Matcher rtmp = RTMP.matcher(expanded);
        if (!rtmp.matches()) {
            throw invalidUrl(url, RTMP_FORMAT_REASON);
        }
        return new ValidatedUrl(StreamProtocol.RTMP, expanded, redactRtmp(rtmp), rtmp.group(4));
    }

    /** The key of {@code mux://KEY} or {@code twitch://KEY}: all that follows the scheme, a single word. */
    private static String shorthandKey(String url, String scheme) throws EgressException {
        String key = url.substring(scheme.length() + "://".length());
        if (key.isEmpty() || key.chars().anyMatch(c -> c == '/' || c == '?' || c == '#' || Character.isWhitespace(c))) {
            throw invalidUrl(url, scheme + " urls must be of format " + scheme + "://{stream_key}");
        }
        return key;
    }

    /**
     * The URL as it may be shown: {@code StreamInfo.url}, logs, errors, and every {@code StreamOutput.urls} entry
     * (and a track's {@code websocket_url}) in the copy of a request that EgressInfo carries. Never fails: URLs
     * that are not valid stream URLs are redacted as far as they can be read (user information, the last path
     * segment, every query value), and text without a scheme is redacted as a whole. Applying it twice changes
     * nothing more.
     */
    public static String redact(String url) {
        if (url == null || url.isEmpty()) {
            return url;
        }
        Optional<String> scheme = scheme(url);
        if (scheme.isEmpty()) {
            return redactIdentifier(url);
        }
        String start = url.substring(0, scheme.get().length() + "://".length());
        String rest = url.substring(start.length());
        switch (scheme.get()) {
            case "rtmp", "rtmps" -> {
                Matcher rtmp = RTMP.matcher(url);
                if (rtmp.matches()) {
                    return redactRtmp(rtmp);
                }
            }
            case "mux", "twitch" -> {
                return start + redactIdentifier(rest);
            }
            case "srt" -> {
                return start + redactQuery(redactUserInfo(rest), SRT_SECRET_PARAMETERS);
            }
            case "ws", "wss" -> {
                return start + redactQuery(redactUserInfo(rest), null);
            }
            default -> {
            }
        }
        return start + redactQuery(redactLastSegment(redactUserInfo(rest)), null);
    }

    /**
     * {@code {abc...xyz}}: the first and last 3 characters when the text has at least 9, 2 when at least 6, 1 when
     * at least 3, and none below ({@code {...}}). Counts Unicode code points, so a character is never cut in two.
     * Text that already has this form is returned as it is, so redacting twice is harmless.
     */
    public static String redactIdentifier(String identifier) {
        if (REDACTED.matcher(identifier).matches()) {
            return identifier;
        }
        int length = identifier.codePointCount(0, identifier.length());
        for (int shown = 3; shown > 0; shown--) {
            if (length >= shown * 3) {
                int headEnd = identifier.offsetByCodePoints(0, shown);
                int tailStart = identifier.offsetByCodePoints(identifier.length(), -shown);
                return "{" + identifier.substring(0, headEnd) + "..." + identifier.substring(tailStart) + "}";
            }
        }
        return HIDDEN;
    }

    private static String redactRtmp(Matcher rtmp) {
        String live = rtmp.group(5) == null ? "" : rtmp.group(5);
        return rtmp.group(1) + redactUserInfo(rtmp.group(2)) + rtmp.group(3) + redactIdentifier(rtmp.group(4)) + live;
    }

    /** {@code user:password@host...} → {@code {...}@host...}; only within the authority (before the first /?#). */
    private static String redactUserInfo(String afterScheme) {
        int authorityEnd = indexOfAny(afterScheme, "/?#");
        int at = afterScheme.lastIndexOf('@', authorityEnd - 1);
        return at < 0 ? afterScheme : HIDDEN + afterScheme.substring(at);
    }

    /** {@code host/a/secret?x} → {@code host/a/{sec...ret}?x}; a URL with no path keeps its host. */
    private static String redactLastSegment(String afterScheme) {
        int pathEnd = indexOfAny(afterScheme, "?#");
        int slash = afterScheme.lastIndexOf('/', pathEnd - 1);
        if (slash < 0 || slash + 1 == pathEnd) {
            return afterScheme;
        }
        return afterScheme.substring(0, slash + 1) + redactIdentifier(afterScheme.substring(slash + 1, pathEnd))
                + afterScheme.substring(pathEnd);
    }

    /**
     * Replaces query values by {@code {...}}: those of the given parameter names (case-insensitive), or all when
     * {@code names} is null. Everything after the first {@code ?} is the query; {@code #} is not special, because
     * an SRT stream ID starts with {@code #!::}.
     */
    private static String redactQuery(String text, Set<String> names) {
        int question = text.indexOf('?');
        if (question < 0 || question == text.length() - 1) {
            return text;
        }
        String[] parameters = text.substring(question + 1).split("&", -1);
        for (int i = 0; i < parameters.length; i++) {
            int equals = parameters[i].indexOf('=');
            if (equals < 0 || equals == parameters[i].length() - 1) {
                continue;
            }
            String name = parameters[i].substring(0, equals);
            if (names == null || names.contains(name.toLowerCase(Locale.ROOT))) {
                parameters[i] = name + "=" + HIDDEN;
            }
        }
        return text.substring(0, question + 1) + String.join("&", parameters);
    }

    private static int indexOfAny(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return text.length();
    }

    /** The lower-case scheme before {@code ://}. */
    private static Optional<String> scheme(String url) {
        Matcher scheme = SCHEME.matcher(url);
        return scheme.find() ? Optional.of(scheme.group(1).toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    private static EgressException invalidUrl(String url, String reason) {
        return EgressException.invalidField("stream url \"" + redact(url) + "\" (" + reason + ")");
    }
}
