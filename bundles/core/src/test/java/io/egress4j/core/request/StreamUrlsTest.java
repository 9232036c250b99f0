package io.egress4j.core.request;

import io.egress4j.core.request.StreamUrls.ValidatedUrl;
import livekit.LivekitEgress.StreamOutput;
import livekit.LivekitEgress.StreamProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static io.egress4j.core.request.InvalidArgument.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StreamUrlsTest {

    private static final String FORMAT = "rtmp urls must be of format rtmp(s)://{host}(/{path})/{app}/{stream_key}( live=1)";

    private final StreamUrls urls = new StreamUrls();

    // --- protocol inference

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            rtmp://h/app/key              | RTMP
            rtmps://h:443/app/key         | RTMP
            mux://key                     | RTMP
            twitch://key                  | RTMP
            RTMP://h/app/key              | RTMP
            srt://h:9000?streamid=x       | SRT
            ws://h/audio                  | WEBSOCKET
            wss://h/audio?token=t         | WEBSOCKET
            """)
    void infersTheProtocolFromTheScheme(String url, StreamProtocol expected) throws Exception {
        assertEquals(Optional.of(expected), StreamUrls.protocolOfScheme(url));
        assertEquals(expected, StreamUrls.protocolOf(StreamOutput.newBuilder().addUrls(url).build()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://h/x", "file:///x", "rtmp:/h/app/key", "h/app/key", "", "udp://h:1"})
    void otherSchemesHaveNoProtocol(String url) {
        assertEquals(Optional.empty(), StreamUrls.protocolOfScheme(url));
    }

    @Test
    void theFirstUrlDecidesWhenTheProtocolIsDefault() throws Exception {
        StreamOutput mixed = StreamOutput.newBuilder().addUrls("srt://h:1").addUrls("rtmp://h/a/k").build();

        assertEquals(StreamProtocol.SRT, StreamUrls.protocolOf(mixed));
    }

    @Test
    void anExplicitProtocolWins() throws Exception {
        StreamOutput output = StreamOutput.newBuilder().setProtocol(StreamProtocol.RTMP).addUrls("srt://h:1").build();

        assertEquals(StreamProtocol.RTMP, StreamUrls.protocolOf(output));
        assertEquals(StreamProtocol.SRT,
                StreamUrls.protocolOf(StreamOutput.newBuilder().setProtocol(StreamProtocol.SRT).build()),
                "an explicit protocol needs no URL (URLs may come later through UpdateStream)");
    }

    @Test
    void aDefaultProtocolNeedsAUrl() {
        assertInvalidFieldMessage("stream protocol", () -> StreamUrls.protocolOf(StreamOutput.getDefaultInstance()));
    }

    @Test
    void aFirstUrlWithAnUnknownSchemeIsRefused() {
        StreamOutput output = StreamOutput.newBuilder().addUrls("http://h/live/streamkey").build();

        assertRejected("request has missing or invalid field: stream url \"http://h/live/{str...key}\" (invalid protocol)",
                () -> StreamUrls.protocolOf(output));
    }

    // --- validation and shorthands

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            rtmp://localhost:1935/live/streamkey           | rtmp://localhost:1935/live/streamkey                | rtmp://localhost:1935/live/{str...key}            | streamkey
            rtmps://localhost:1935/live/streamkey          | rtmps://localhost:1935/live/streamkey               | rtmps://localhost:1935/live/{str...key}           | streamkey
            mux://streamkey                                | rtmps://global-live.mux.com:443/app/streamkey       | rtmps://global-live.mux.com:443/app/{str...key}   | streamkey
            twitch://streamkey                             | rtmp://live.twitch.tv/app/streamkey                 | rtmp://live.twitch.tv/app/{str...key}             | streamkey
            rtmp://h/path/to/app/key123456 live=1          | rtmp://h/path/to/app/key123456 live=1               | rtmp://h/path/to/app/{key...456} live=1           | key123456
            rtmp://fake.contribute.live-video.net/app/streamkey | rtmp://fake.contribute.live-video.net/app/streamkey | rtmp://fake.contribute.live-video.net/app/{str...key} | streamkey
            RTMP://h/app/streamkey                         | rtmp://h/app/streamkey                              | rtmp://h/app/{str...key}                          | streamkey
            rtmp://h/app/key?auth=secret                   | rtmp://h/app/key?auth=secret                        | rtmp://h/app/{key...ret}                          | key?auth=secret
            """)
    void validatesAndExpandsRtmpUrls(String url, String expanded, String redacted, String key) throws Exception {
        assertEquals(new ValidatedUrl(StreamProtocol.RTMP, expanded, redacted, key),
                urls.validate(url, StreamProtocol.RTMP));
    }

    @Test
    void upstreamsRedactedExampleForABadUrl() throws Exception {
        assertEquals("rtmp://localhost:1936/wrong/{st...am}",
                urls.validate("rtmp://localhost:1936/wrong/stream", StreamProtocol.RTMP).redacted());
    }

    @Test
    void twitchUsesTheConfiguredIngestTemplate() throws Exception {
        StreamUrls secure = new StreamUrls("rtmps://ingest.global-contribute.live-video.net:443/app/{stream_key}");

        assertEquals(new ValidatedUrl(StreamProtocol.RTMP,
                        "rtmps://ingest.global-contribute.live-video.net:443/app/live_123_abc",
                        "rtmps://ingest.global-contribute.live-video.net:443/app/{liv...abc}", "live_123_abc"),
                secure.validate("twitch://live_123_abc", StreamProtocol.RTMP));
        assertEquals(StreamUrls.DEFAULT_TWITCH_INGEST_TEMPLATE, urls.twitchIngestTemplate());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://live.twitch.tv/app/{stream_key}", "rtmp://live.twitch.tv/app/key",
            "rtmp://live.twitch.tv/{stream_key}", "{stream_key}"})
    void refusesTwitchTemplatesThatAreNotRtmpWithAKeyPlaceholder(String template) {
        assertThrows(IllegalArgumentException.class, () -> new StreamUrls(template));
        assertThrows(IllegalArgumentException.class, () -> new StreamUrls((String) null));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            rtmp://h/streamkey                | rtmp://h/{str...key}
            rtmp://streamkey                  | rtmp://streamkey
            rtmp://h/app/key live=2           | rtmp://h/app/{key...e=2}
            """)
    void refusesRtmpUrlsOfAnotherForm(String url, String shown) {
        assertRejected("request has missing or invalid field: stream url \"" + shown + "\" (" + FORMAT + ")",
                () -> urls.validate(url, StreamProtocol.RTMP));
    }

    @ParameterizedTest(name = "[{index}] {0} as {1}")
    @CsvSource(delimiter = '|', textBlock = """
            srt://h:1?streamid=abcdef          | RTMP      | srt://h:1?streamid={...}
            rtmp://h/app/streamkey             | SRT       | rtmp://h/app/{str...key}
            wss://h/a?token=t                  | RTMP      | wss://h/a?token={...}
            http://h/app/streamkey             | RTMP      | http://h/app/{str...key}
            rtmp://h/app/streamkey             | WEBSOCKET | rtmp://h/app/{str...key}
            streamkey                          | RTMP      | {str...key}
            """)
    void refusesSchemesOfAnotherProtocol(String url, StreamProtocol protocol, String shown) {
        assertRejected("request has missing or invalid field: stream url \"" + shown + "\" (invalid scheme)",
                () -> urls.validate(url, protocol));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            mux://             | mux://{...}       | mux
            mux://a/b          | mux://{a...b}     | mux
            twitch://key?x=1   | twitch://{ke...=1} | twitch
            twitch://a b c     | twitch://{a...c}  | twitch
            """)
    void refusesShorthandsWithoutASingleKey(String url, String shown, String scheme) {
        assertRejected("request has missing or invalid field: stream url \"" + shown + "\" (" + scheme
                        + " urls must be of format " + scheme + "://{stream_key})",
                () -> urls.validate(url, StreamProtocol.RTMP));
    }

    @Test
    void refusesEmptyUrlsAndControlCharacters() {
        assertRejected("request has missing or invalid field: stream url \"\" (empty)",
                () -> urls.validate("", StreamProtocol.RTMP));
        assertRejected("request has missing or invalid field: stream url \"\" (empty)",
                () -> urls.validate(null, StreamProtocol.SRT));
        assertRejected("request has missing or invalid field: stream url \"rtmp://h/app/{str...y\nx}\" (control character)",
                () -> urls.validate("rtmp://h/app/streamkey\nx", StreamProtocol.RTMP));
    }

    @Test
    void srtAndWebsocketUrlsAreUsedVerbatim() throws Exception {
        String srt = "SRT://h:9000?mode=caller&streamid=#!::r=live/key,m=publish&passphrase=secret123&latency=200";
        assertEquals(new ValidatedUrl(StreamProtocol.SRT, srt,
                        "SRT://h:9000?mode=caller&streamid={...}&passphrase={...}&latency=200", ""),
                urls.validate(srt, StreamProtocol.SRT));

        String ws = "wss://h:8443/audio?token=abc&room=r1";
        assertEquals(new ValidatedUrl(StreamProtocol.WEBSOCKET, ws, "wss://h:8443/audio?token={...}&room={...}", ""),
                urls.validate(ws, StreamProtocol.WEBSOCKET));
    }

    @Test
    void anExplicitProtocolOutsideTheEnumIsRefused() {
        assertInvalidFieldMessage("stream protocol",
                () -> urls.validate("rtmp://h/a/k", StreamProtocol.DEFAULT_PROTOCOL));
    }

    // --- redaction

    @ParameterizedTest(name = "[{index}] \"{0}\" -> \"{1}\"")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            ''           | {...}
            a            | {...}
            ab           | {...}
            abc          | {a...c}
            abcde        | {a...e}
            abcdef       | {ab...ef}
            abcdefgh     | {ab...gh}
            abcdefghi    | {abc...ghi}
            streamkey    | {str...key}
            stream       | {st...am}
            0123456789abcdef | {012...def}
            """)
    void redactsIdentifiersByLength(String identifier, String expected) {
        assertEquals(expected, StreamUrls.redactIdentifier(identifier));
    }

    @Test
    void redactionCountsCharactersNotUtf16Units() {
        assertEquals("{\uD83D\uDE00ab...de\uD83D\uDE00}", StreamUrls.redactIdentifier("\uD83D\uDE00abXYZde\uD83D\uDE00"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            rtmp://h/live/streamkey                          | rtmp://h/live/{str...key}
            rtmps://a.b:443/x/y/app/k1                       | rtmps://a.b:443/x/y/app/{...}
            rtmp://user:pass@h/live/streamkey                | rtmp://{...}@h/live/{str...key}
            rtmp://h/app/ live=1                             | rtmp://h/app/{...} live=1
            mux://streamkey                                  | mux://{str...key}
            twitch://abcdef                                  | twitch://{ab...ef}
            srt://h:9000?streamid=publish:live/key&latency=200 | srt://h:9000?streamid={...}&latency=200
            srt://h:9000?STREAMID=x&Passphrase=y&pbkeylen=16 | srt://h:9000?STREAMID={...}&Passphrase={...}&pbkeylen=16
            srt://h:9000                                     | srt://h:9000
            srt://h:9000?streamid=&mode                      | srt://h:9000?streamid=&mode
            ws://h/path?a=1&b=&c                             | ws://h/path?a={...}&b=&c
            wss://u:p@h/x?k=v#frag                           | wss://{...}@h/x?k={...}
            http://h/app/streamkey?x=1                       | http://h/app/{str...key}?x={...}
            http://h                                         | http://h
            http://h/                                        | http://h/
            rtmp://h/streamkey                               | rtmp://h/{str...key}
            justakey123                                      | {jus...123}
            ''                                               | ''
            """)
    void redactsSecretsOfEveryKindOfUrl(String url, String expected) {
        assertEquals(expected, StreamUrls.redact(url));
    }

    @Test
    void redactingTwiceChangesNothingMore() {
        for (String url : new String[] {"rtmp://h/live/streamkey", "mux://streamkey", "srt://h?streamid=k",
                "ws://h/p?t=1", "http://h/app/streamkey", "rtmp://u:p@h/live/streamkey", "rtmp://h/live/ab"}) {
            String once = StreamUrls.redact(url);
            assertEquals(once, StreamUrls.redact(once), url);
        }
    }

    @Test
    void redactedUrlsNeverContainTheKey() throws Exception {
        String key = "sk_live_9f8e7d6c5b4a";
        for (String url : new String[] {"rtmp://h/live/" + key, "mux://" + key, "twitch://" + key,
                "rtmps://h:443/app/" + key + " live=1"}) {
            ValidatedUrl validated = urls.validate(url, StreamProtocol.RTMP);
            assertFalse(validated.redacted().contains(key), validated.redacted());
            assertFalse(StreamUrls.redact(url).contains(key), url);
        }
    }

    private static void assertInvalidFieldMessage(String field, org.junit.jupiter.api.function.Executable call) {
        InvalidArgument.assertInvalidField(field, call);
    }
}
