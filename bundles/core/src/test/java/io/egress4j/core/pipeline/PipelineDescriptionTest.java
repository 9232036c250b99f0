package io.egress4j.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egress4j.api.OutputBranch;
import io.egress4j.core.request.EncodingSettings;
import io.egress4j.core.request.EncodingSettings.AudioCodec;
import io.egress4j.core.request.EncodingSettings.VideoCodec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PipelineDescriptionTest {

    private static final EncodingSettings HD = new EncodingSettings(1280, 720, 24, 30, 3000, VideoCodec.H264_MAIN,
            AudioCodec.AAC, 128, 44100, 0);
    private static final OutputBranch FAKE_SINK = name -> "identity name=" + name + " ! fakesink";
    private static final OutputBranch SNAPSHOTS = new OutputBranch() {
        @Override
        public String elements(String entryName) {
            return "identity name=" + entryName + " ! fakesink";
        }

        @Override
        public boolean rawVideo() {
            return true;
        }
    };

    @Test
    void encodesOnceForEveryOutput() {
        String description = PipelineDescription.build(Optional.of("videotestsrc"), Optional.of("audiotestsrc"), HD,
                H264Tuning.DEFAULT, 0, List.of(FAKE_SINK, FAKE_SINK));
        assertEquals(1, count(description, "x264enc"), description);
        assertEquals(1, count(description, "avenc_aac"), description);
        assertTrue(description.contains("video_tee. ! queue"));
        assertTrue(description.contains("identity name=output_0") && description.contains("identity name=output_1"));
    }

    @Test
    void keyframeEverySecondByDefaultSoFragmentsStartWithOne() {
        String description = PipelineDescription.build(Optional.of("videotestsrc"), Optional.empty(), HD,
                H264Tuning.DEFAULT, 0, List.of(FAKE_SINK));
        assertTrue(description.contains("key-int-max=30"), description);
        assertTrue(description.contains("video/x-h264,profile=main"), description);
        assertTrue(description.contains("width=1280,height=720"), description);
        assertFalse(description.contains("audio_tee"), "no audio branch for video-only");
    }

    @Test
    void tunesX264ForWhatItFeeds() {
        String plain = PipelineDescription.build(Optional.of("videotestsrc"), Optional.empty(), HD,
                H264Tuning.DEFAULT, 0, List.of(FAKE_SINK));
        assertTrue(plain.contains("vbv-buf-capacity=2000") && !plain.contains("option-string"), plain);
        String rtmpAndSegments = PipelineDescription.build(Optional.of("videotestsrc"), Optional.empty(), HD,
                new H264Tuning(true, 6000, true), 0, List.of(FAKE_SINK));
        assertTrue(rtmpAndSegments.contains("vbv-buf-capacity=6000 option-string=\"scenecut=0:nal-hrd=cbr\""),
                rtmpAndSegments);
    }

    @Test
    void honoursKeyframeIntervalCodecAndThreads() {
        EncodingSettings vp8 = new EncodingSettings(640, 360, 24, 25, 800, VideoCodec.VP8, AudioCodec.OPUS, 96,
                44100, 2.0);
        String description = PipelineDescription.build(Optional.of("videotestsrc"), Optional.of("audiotestsrc"), vp8,
                H264Tuning.DEFAULT, 3, List.of(FAKE_SINK));
        assertTrue(description.contains("vp8enc") && description.contains("keyframe-max-dist=50"), description);
        assertTrue(description.contains("threads=3"), description);
        assertTrue(description.contains("opusenc bitrate=96000"), description);
        assertTrue(description.contains("rate=48000"), "Opus is fed 48 kHz: " + description);
    }

    @Test
    void namesTheEncodedStreamsForProbes() {
        assertEquals(List.of("video_tee", "audio_tee"),
                PipelineDescription.encodedStreams(Optional.of("v"), Optional.of("a"), List.of(FAKE_SINK)));
        assertEquals(List.of("audio_tee"),
                PipelineDescription.encodedStreams(Optional.empty(), Optional.of("a"), List.of(FAKE_SINK)));
        assertEquals(List.of(), PipelineDescription.encodedStreams(Optional.of("v"), Optional.empty(),
                List.of(SNAPSHOTS)), "nothing is encoded for snapshots alone");
    }

    @Test
    void snapshotsAloneTakeRawFramesAndNoEncoder() {
        String description = PipelineDescription.build(Optional.of("videotestsrc"), Optional.of("audiotestsrc"), HD,
                H264Tuning.DEFAULT, 0, List.of(SNAPSHOTS));
        assertFalse(description.contains("x264enc"), description);
        assertFalse(description.contains("audiotestsrc"), description);
        assertTrue(description.contains("raw_video_tee. ! queue leaky=downstream"), description);
    }

    private static int count(String text, String word) {
        return text.split(word, -1).length - 1;
    }
}
