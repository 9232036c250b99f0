package io.egress4j.source.web;

import io.egress4j.api.FileFormat;
import io.egress4j.api.PlannedEgress;
import io.egress4j.core.request.EgressPlan;
import io.egress4j.core.request.EncodingSettings;
import io.egress4j.core.request.FilePlan;
import io.egress4j.core.request.SegmentPlan;
import io.egress4j.core.request.StreamPlan;
import io.egress4j.core.request.StubEgressContext;
import io.egress4j.api.EgressException;
import io.egress4j.protocol.rpc.EgressRpc.StartEgressRequest;
import io.egress4j.core.pipeline.H264Tuning;
import io.egress4j.core.request.EncodingSettings.AudioCodec;
import io.egress4j.core.request.EncodingSettings.VideoCodec;
import livekit.LivekitEgress.AzureBlobUpload;
import livekit.LivekitEgress.EncodedFileOutput;
import livekit.LivekitEgress.EncodedFileType;
import livekit.LivekitEgress.EncodingOptions;
import livekit.LivekitEgress.EncodingOptionsPreset;
import livekit.LivekitEgress.ImageOutput;
import livekit.LivekitEgress.S3Upload;
import livekit.LivekitEgress.SegmentedFileOutput;
import livekit.LivekitEgress.StreamOutput;
import livekit.LivekitEgress.StreamProtocol;
import livekit.LivekitEgress.WebEgressRequest;
import livekit.LivekitModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.ZonedDateTime;
import java.util.List;

import static io.egress4j.core.request.InvalidArgument.assertInvalidField;
import static io.egress4j.core.request.InvalidArgument.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Web requests planned as StartEgress plans them: by {@link WebEgressType}, with the core's output planner behind
 * the context (upstream's validation messages, defaults and naming).
 */
class WebEgressTypeTest {

    private static final ZonedDateTime NOW = StubEgressContext.NOW;
    private static final String URL = "https://example.com/page";

    private final WebEgressType type = new WebEgressType();
    /** As for {@code egress record}; {@link #fileUrlsOnlyFromTheLocalCli} switches to the worker's. */
    private StubEgressContext context = new StubEgressContext(true, "", null);

    @Test
    void audioAndVideoDefaultToMp4WithAacAndH264At720p30() throws Exception {
        WebEgressRequest request = web().setAwaitStartSignal(true)
                .addFileOutputs(EncodedFileOutput.newBuilder().setDisableManifest(true)).build();

        EgressPlan plan = plan(request);

        assertEquals("web egress of " + URL + ", once the page logs START_RECORDING", planEgress(request).summary());
        assertEquals(new EgressPlan("EG_test", true, true,
                new EncodingSettings(1280, 720, 24, 30, 3000, VideoCodec.H264_MAIN, AudioCodec.AAC, 128, 44100, 0),
                List.of(new FilePlan("web-2022-10-04T011306.mp4", FileFormat.MP4, true, null)), List.of(), List.of(),
                List.of()),
                plan);
    }

    @Test
    void audioOnlyDefaultsToOggWithOpus() throws Exception {
        EgressPlan plan = plan(web().setAudioOnly(true).setFile(file("rec/")).build());

        assertTrue(plan.audio());
        assertFalse(plan.video());
        assertEquals(AudioCodec.OPUS, plan.encoding().audioCodec());
        assertEquals(new FilePlan("rec/web-2022-10-04T011306.ogg", FileFormat.OGG, false, null), plan.files().get(0));
    }

    @Test
    void audioOnlyWithAacPicksMp4() throws Exception {
        EgressPlan plan = plan(web().setAudioOnly(true).setAdvanced(audioCodec(LivekitModels.AudioCodec.AAC))
                .addFileOutputs(file("talk")).build());

        assertEquals(new FilePlan("talk.mp4", FileFormat.MP4, false, null), plan.files().get(0));
        assertEquals(AudioCodec.AAC, plan.encoding().audioCodec());
    }

    @Test
    void videoOnlyDefaultsToMp4WithH264() throws Exception {
        EgressPlan plan = plan(web().setVideoOnly(true).addFileOutputs(file("v.ogg")).build());

        assertFalse(plan.audio());
        assertTrue(plan.video());
        assertEquals(VideoCodec.H264_MAIN, plan.encoding().videoCodec());
        assertEquals(new FilePlan("v.mp4", FileFormat.MP4, false, null), plan.files().get(0));
    }

    @Test
    void webmPathSelectsWebmWithVp8AndOpus() throws Exception {
        EgressPlan plan = plan(web().addFileOutputs(file("out/{time}.webm")).build());

        assertEquals(VideoCodec.VP8, plan.encoding().videoCodec());
        assertEquals(AudioCodec.OPUS, plan.encoding().audioCodec());
        assertEquals(new FilePlan("out/2022-10-04T011306.webm", FileFormat.WEBM, false, null), plan.files().get(0));
    }

    @Test
    void explicitFileTypeReplacesTheExtension() throws Exception {
        EgressPlan plan = plan(web().setAudioOnly(true)
                .addFileOutputs(file("a.webm").setFileType(EncodedFileType.OGG)).build());

        assertEquals(new FilePlan("a.ogg", FileFormat.OGG, false, null), plan.files().get(0));
    }

    @Test
    void presetSetsResolutionFramerateAndBitrate() throws Exception {
        EncodingSettings encoding = plan(web().setPreset(EncodingOptionsPreset.H264_1080P_30)
                .addFileOutputs(file("")).build()).encoding();

        assertEquals(1920, encoding.width());
        assertEquals(1080, encoding.height());
        assertEquals(30, encoding.framerate());
        assertEquals(4500, encoding.videoBitrateKbps());
        assertEquals(128, encoding.audioBitrateKbps());
    }

    @Test
    void rejectsPassthroughPreset() {
        assertInvalidField("preset", () -> plan(web().setPresetValue(8).addFileOutputs(file("")).build()));
    }

    @Test
    void rejectsInvalidAdvancedOptions() {
        assertInvalidField("width", () -> plan(web().setAdvanced(EncodingOptions.newBuilder().setWidth(17))
                .addFileOutputs(file("")).build()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ftp://example.com/page", "garbage", "example.com/page", "http://", "http:opaque",
            "https:///no-host", "http://bad host/", "javascript:alert(1)", "file:"})
    void rejectsUnusableUrls(String url) {
        assertInvalidField("web url", () -> plan(web().setUrl(url).addFileOutputs(file("")).build()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:8080/", "HTTPS://example.com", "file:///tmp/demo/index.html"})
    void acceptsHttpHttpsAndFileUrls(String url) throws Exception {
        assertEquals("web egress of " + url, planEgress(web().setUrl(url).addFileOutputs(file("")).build()).summary());
    }

    @Test
    void fileUrlsOnlyFromTheLocalCli() {
        context = new StubEgressContext(false, "", null);
        assertRejected("request has missing or invalid field: web url (file URLs are only for the local egress record"
                + " command)", () -> plan(web().setUrl("file:///proc/self/environ").addFileOutputs(file("")).build()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/",
            "http://[fe80::1]:8080/"})
    void refusesLinkLocalAndMetadataAddresses(String url) {
        EgressException refused = assertThrows(EgressException.class,
                () -> plan(web().setUrl(url).addFileOutputs(file("")).build()));
        assertTrue(refused.getMessage().startsWith("request has missing or invalid field: web url ("),
                refused.getMessage());
    }

    @Test
    void refusesStreamsToLinkLocalAddresses() {
        EgressException refused = assertThrows(EgressException.class, () -> plan(web().addStreamOutputs(
                StreamOutput.newBuilder().addUrls("rtmp://169.254.169.254/live/key")).build()));
        assertEquals("request has missing or invalid field: stream url (169.254.169.254 is a link-local address "
                + "(169.254.169.254))", refused.getMessage());
    }

    @Test
    void rejectsAudioOnlyTogetherWithVideoOnly() {
        assertInvalidField("audio_only and video_only",
                () -> plan(web().setAudioOnly(true).setVideoOnly(true).addFileOutputs(file("")).build()));
    }

    @Test
    void rejectsMoreThanOneFileOutput() {
        assertInvalidField("multiple file outputs",
                () -> plan(web().addFileOutputs(file("a")).addFileOutputs(file("b")).build()));
    }

    @Test
    void theDeprecatedSingleOutputCountsOnlyWithoutTheRepeatedOnes() throws Exception {
        // livekit-server-sdk's startWebEgress(url, new EncodedFileOutput(...)) sends the file in both fields.
        assertEquals("b.mp4", plan(web().setFile(file("a.mp4")).addFileOutputs(file("b.mp4")).build()).files()
                .get(0).storagePath());
        assertEquals("a.mp4", plan(web().setFile(file("a.mp4")).build()).files().get(0).storagePath());
    }

    @Test
    void rejectsARequestWithoutOutput() {
        assertInvalidField("output", () -> plan(web().build()));
    }

    @Test
    void streamsForceAacAndH264WithAKeyframeEvery4Seconds() throws Exception {
        EgressPlan plan = plan(web().setAdvanced(EncodingOptions.newBuilder().setAudioCodec(
                livekit.LivekitModels.AudioCodec.OPUS)).setStream(StreamOutput.newBuilder()
                .addUrls("rtmp://host/live/streamkey123").addUrls("mux://muxkey")).build());

        assertEquals(AudioCodec.AAC, plan.encoding().audioCodec(), "streams override the requested codec");
        assertEquals(VideoCodec.H264_MAIN, plan.encoding().videoCodec());
        assertEquals(4, plan.encoding().keyFrameInterval());
        StreamPlan stream = plan.streams().get(0);
        assertEquals(StreamProtocol.RTMP, stream.protocol());
        assertEquals("rtmp://host/live/{str...123}", stream.urls().get(0).redacted());
        assertEquals("rtmps://global-live.mux.com:443/app/muxkey", stream.urls().get(1).url());
    }

    @Test
    void aStreamNextToAFileMustShareItsCodecs() {
        StreamOutput stream = StreamOutput.newBuilder().addUrls("srt://host:9000").build();

        assertRejected("format srt incompatible with codec Opus",
                () -> plan(web().setAudioOnly(true).setFile(file("a.ogg")).addStreamOutputs(stream).build()));
    }

    @Test
    void streamOutputRules() throws Exception {
        assertInvalidField("multiple stream outputs", () -> plan(web().addStreamOutputs(StreamOutput.newBuilder()
                .addUrls("rtmp://h/a/k")).addStreamOutputs(StreamOutput.newBuilder().addUrls("rtmp://h/a/j")).build()));
        assertInvalidField("stream url", () -> plan(web().setStream(StreamOutput.getDefaultInstance()).build()));
        EgressPlan later = plan(web().setFile(file("")).addStreamOutputs(StreamOutput.getDefaultInstance()).build());
        assertTrue(later.streams().get(0).urls().isEmpty(), "URLs may come later through UpdateStream");
        assertEquals(1, plan(web().setStream(StreamOutput.newBuilder().addUrls("rtmp://h/a/k"))
                .addSegmentOutputs(SegmentedFileOutput.newBuilder().setSegmentDuration(6)).setAdvanced(
                        EncodingOptions.newBuilder().setKeyFrameInterval(1.5)).build())
                .segments().get(0).segmentSeconds(), "segments no longer than the stream's keyframe interval");
    }

    @Test
    void x264IsTunedForTheOutputs() throws Exception {
        assertEquals(H264Tuning.DEFAULT, H264Tuning.of(plan(web().setFile(file("a.mp4")).build())));
        assertEquals(new H264Tuning(true, 2000, true), H264Tuning.of(plan(web().setStream(StreamOutput.newBuilder()
                .addUrls("rtmp://h/a/k")).build())), "RTMP: constant bitrate, and keyframes every 4 s only");
        assertEquals(new H264Tuning(true, 2000, false), H264Tuning.of(plan(web().setStream(StreamOutput.newBuilder()
                .addUrls("srt://h:9000")).build())), "SRT needs no filler data");
        assertEquals(new H264Tuning(true, 6000, false), H264Tuning.of(plan(web().addSegmentOutputs(
                SegmentedFileOutput.newBuilder().setSegmentDuration(6)).build())), "a VBV buffer of one segment");
        assertEquals(10_000, H264Tuning.of(plan(web().addSegmentOutputs(
                SegmentedFileOutput.newBuilder().setSegmentDuration(30)).build())).vbvBufferMillis());
    }

    @Test
    void segmentsAloneGetHlsCodecsAndUpstreamNaming() throws Exception {
        EgressPlan plan = plan(web().addSegmentOutputs(SegmentedFileOutput.newBuilder()
                .setFilenamePrefix("d/seg").setPlaylistName("d/index").setSegmentDuration(2)).build());
        assertTrue(plan.files().isEmpty());
        assertEquals(AudioCodec.AAC, plan.encoding().audioCodec());
        assertEquals(VideoCodec.H264_MAIN, plan.encoding().videoCodec());
        SegmentPlan segments = plan.segments().get(0);
        assertEquals("d/index.m3u8", segments.naming().playlistPath());
        assertEquals("seg", segments.naming().segmentPrefix());
        assertEquals(2, segments.segmentSeconds());
        assertEquals(4, plan(web().setSegments(SegmentedFileOutput.newBuilder().setFilenamePrefix("s")).build())
                .segments().get(0).segmentSeconds(), "upstream's default");
    }

    @Test
    void imagesNeedVideoAndAloneDropTheAudio() throws Exception {
        assertInvalidField("audio_only images", () -> plan(web().setAudioOnly(true)
                .addImageOutputs(ImageOutput.newBuilder().setFilenamePrefix("thumb")).build()));
        EgressPlan plan = plan(web().addImageOutputs(ImageOutput.newBuilder().setFilenamePrefix("t/thumb")
                .setWidth(320).setHeight(180)).build());
        assertFalse(plan.audio(), "images alone record no audio, as upstream");
        assertEquals(10, plan.images().get(0).intervalSeconds(), "upstream's default capture interval");
        assertEquals("t/", plan.images().get(0).naming().storageDir());
    }

    @Test
    void segmentsRefuseCodecsHlsCannotCarry() {
        assertRejected("format hls incompatible with codec Opus", () -> plan(web()
                .setAdvanced(EncodingOptions.newBuilder().setAudioCodec(LivekitModels.AudioCodec.OPUS))
                .addSegmentOutputs(SegmentedFileOutput.newBuilder().setFilenamePrefix("s")).build()));
        assertInvalidField("multiple segmented file outputs", () -> plan(web()
                .addSegmentOutputs(SegmentedFileOutput.newBuilder().setFilenamePrefix("a"))
                .addSegmentOutputs(SegmentedFileOutput.newBuilder().setFilenamePrefix("b")).build()));
    }

    @Test
    void keepsTheOutputsOwnUploadBlockForTheStorageChoice() throws Exception {
        S3Upload s3 = S3Upload.newBuilder().setBucket("b").setRegion("eu-west-1").build();
        assertEquals(s3, plan(web().addFileOutputs(file("a.mp4").setS3(s3)).build()).files().get(0).upload());
        AzureBlobUpload azure = AzureBlobUpload.newBuilder().setContainerName("c").build();
        assertEquals(azure, plan(web().addFileOutputs(file("a.mp4").setAzure(azure)).build()).files().get(0)
                .upload());
    }

    @Test
    void rejectsCodecsTheFileCannotHold() {
        assertRejected("format mp4 incompatible with codec MP3", () -> plan(web()
                .setAdvanced(audioCodec(LivekitModels.AudioCodec.AC_MP3)).addFileOutputs(file("a.mp4")).build()));
        assertRejected("format ogg incompatible with codec AAC", () -> plan(web().setAudioOnly(true)
                .setAdvanced(audioCodec(LivekitModels.AudioCodec.AAC))
                .addFileOutputs(file("").setFileType(EncodedFileType.OGG)).build()));
        assertRejected("format mp4 incompatible with codec VP8", () -> plan(web()
                .setAdvanced(EncodingOptions.newBuilder().setVideoCodec(LivekitModels.VideoCodec.VP8))
                .addFileOutputs(file("a.mp4")).build()));
        assertRejected("no supported codec is compatible with all outputs",
                () -> plan(web().addFileOutputs(file("").setFileType(EncodedFileType.OGG)).build()));
        assertRejected("no supported codec is compatible with all outputs",
                () -> plan(web().addFileOutputs(file("").setFileType(EncodedFileType.MP3)).build()));
    }

    @Test
    void rejectsUnsafeFilePaths() {
        assertRejected("request has missing or invalid field: filepath (parent directory segment)",
                () -> plan(web().addFileOutputs(file("a/../../x.mp4")).build()));
    }

    /** LiveKit's v2 StartEgress with a web source is a web egress, reported as it came. */
    @Test
    void aV2WebSourceIsAWebEgress() throws Exception {
        livekit.LivekitEgress.StartEgressRequest v2 = livekit.LivekitEgress.StartEgressRequest.newBuilder()
                .setWeb(livekit.LivekitEgress.WebSource.newBuilder().setUrl(URL).setAudioOnly(true))
                .addOutputs(livekit.LivekitEgress.Output.newBuilder().setFile(
                        livekit.LivekitEgress.FileOutput.newBuilder().setFilepath("talk.ogg")))
                .build();
        StartEgressRequest start = StartEgressRequest.newBuilder().setEgressId("EG_test").setEgress(v2).build();

        assertTrue(type.handles(start));
        assertEquals(io.egress4j.api.CostKey.AUDIO_WEB, type.costKey(start));
        PlannedEgress planned = type.plan(start, context);
        assertEquals("talk.ogg", context.planned().files().get(0).storagePath());
        assertFalse(context.planned().video(), "audio only");
        livekit.LivekitEgress.EgressInfo.Builder info = livekit.LivekitEgress.EgressInfo.newBuilder();
        planned.describe(info);
        assertEquals(v2, info.getEgress());
    }

    private EgressPlan plan(WebEgressRequest request) throws Exception {
        planEgress(request);
        return context.planned();
    }

    private PlannedEgress planEgress(WebEgressRequest request) throws Exception {
        return type.plan(StartEgressRequest.newBuilder().setEgressId("EG_test").setWeb(request).build(),
                context);
    }

    private static WebEgressRequest.Builder web() {
        return WebEgressRequest.newBuilder().setUrl(URL);
    }

    private static EncodedFileOutput.Builder file(String filepath) {
        return EncodedFileOutput.newBuilder().setFilepath(filepath);
    }

    private static EncodingOptions.Builder audioCodec(LivekitModels.AudioCodec codec) {
        return EncodingOptions.newBuilder().setAudioCodec(codec);
    }
}
