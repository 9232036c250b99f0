package io.egress4j.core.request;

import io.egress4j.api.FileFormat;
import io.egress4j.core.request.EncodingSettings.AudioCodec;
import io.egress4j.core.request.EncodingSettings.VideoCodec;
import livekit.LivekitEgress.EncodedFileType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static io.egress4j.core.request.InvalidArgument.assertInvalidField;
import static io.egress4j.core.request.InvalidArgument.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CodecSelectorTest {

    /** Empty requested codec cells mean "not named in the request". */
    @ParameterizedTest(name = "{0} audio={1} video={2} -> {3} + {4}")
    @CsvSource(textBlock = """
            MP4,  ,          ,               AAC,  H264_MAIN
            MP4,  OPUS,      H264_BASELINE,  OPUS, H264_BASELINE
            MP4,  AAC,       H264_HIGH,      AAC,  H264_HIGH
            WEBM, ,          ,               OPUS, VP8
            WEBM, OPUS,      VP8,            OPUS, VP8
            """)
    void fitsCodecsToAudioVideoContainers(FileFormat format, AudioCodec audio, VideoCodec video,
                                          AudioCodec expectedAudio, VideoCodec expectedVideo) throws Exception {
        EncodingSettings settings = CodecSelector.select(format, requested(audio, video), true, true);

        assertEquals(expectedAudio, settings.audioCodec());
        assertEquals(expectedVideo, settings.videoCodec());
    }

    @ParameterizedTest(name = "{0} audio={1} -> {2}")
    @CsvSource(textBlock = """
            OGG,  ,     OPUS
            OGG,  OPUS, OPUS
            MP3,  ,     MP3
            MP3,  MP3,  MP3
            MP4,  ,     AAC
            WEBM, ,     OPUS
            """)
    void fitsAudioOnlyFiles(FileFormat format, AudioCodec audio, AudioCodec expected) throws Exception {
        assertEquals(expected, CodecSelector.select(format, requested(audio, null), true, false).audioCodec());
    }

    @ParameterizedTest(name = "{0} audio={1} video={2}: {3}")
    @CsvSource(textBlock = """
            MP4,  MP3,  ,          format mp4 incompatible with codec MP3
            MP4,  ,     VP8,       format mp4 incompatible with codec VP8
            OGG,  AAC,  ,          format ogg incompatible with codec AAC
            OGG,  ,     H264_MAIN, format ogg incompatible with codec H264
            OGG,  ,     ,          no supported codec is compatible with all outputs
            MP3,  OPUS, ,          format mp3 incompatible with codec Opus
            MP3,  ,     ,          no supported codec is compatible with all outputs
            WEBM, AAC,  ,          format webm incompatible with codec AAC
            WEBM, ,     H264_HIGH, format webm incompatible with codec H264
            """)
    void rejectsCodecsTheContainerCannotHold(FileFormat format, AudioCodec audio, VideoCodec video, String message) {
        assertRejected(message, () -> CodecSelector.select(format, requested(audio, video), true, true));
    }

    @Test
    void ignoresTheCodecOfADisabledTrack() throws Exception {
        EncodingSettings videoOnly = CodecSelector.select(FileFormat.MP4, requested(AudioCodec.MP3, null), false, true);
        EncodingSettings audioOnly = CodecSelector.select(FileFormat.OGG, requested(null, VideoCodec.VP8), true, false);

        assertEquals(VideoCodec.H264_MAIN, videoOnly.videoCodec());
        assertEquals(AudioCodec.OPUS, audioOnly.audioCodec());
    }

    @ParameterizedTest(name = "{0} \"{1}\" audio={2} video={3} -> {4}")
    @CsvSource(textBlock = """
            MP4,              a.ogg,  ,     false, MP4
            OGG,              a.webm, ,     false, OGG
            MP3,              '',     ,     false, MP3
            DEFAULT_FILETYPE, '',     ,     true,  MP4
            DEFAULT_FILETYPE, a.ogg,  ,     true,  MP4
            DEFAULT_FILETYPE, '',     ,     false, OGG
            DEFAULT_FILETYPE, '',     OPUS, false, OGG
            DEFAULT_FILETYPE, '',     AAC,  false, MP4
            DEFAULT_FILETYPE, '',     MP3,  false, MP3
            DEFAULT_FILETYPE, x.webm, ,     true,  WEBM
            DEFAULT_FILETYPE, X.WEBM, ,     false, WEBM
            """)
    void choosesTheContainer(EncodedFileType fileType, String filepath, AudioCodec audio, boolean video,
                             FileFormat expected) throws Exception {
        assertEquals(expected, FileFormatChooser.choose(fileType, filepath, requested(audio, null), video));
    }

    @Test
    void rejectsUnknownFileTypes() {
        assertInvalidField("file_type", () -> FileFormatChooser.choose(EncodedFileType.UNRECOGNIZED, "", requested(
                null, null), true));
    }

    private static RequestedEncoding requested(AudioCodec audio, VideoCodec video) {
        return new RequestedEncoding(EncodingResolver.DEFAULTS, Optional.ofNullable(audio), Optional.ofNullable(video));
    }
}
