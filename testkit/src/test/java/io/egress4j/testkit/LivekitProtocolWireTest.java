package io.egress4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import livekit.LivekitEgress;
import livekit.LivekitEgress.AliOSSUpload;
import livekit.LivekitEgress.AudioChannel;
import livekit.LivekitEgress.AudioConfig;
import livekit.LivekitEgress.AudioMixing;
import livekit.LivekitEgress.AudioRoute;
import livekit.LivekitEgress.AzureBlobUpload;
import livekit.LivekitEgress.DirectFileOutput;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressSourceType;
import livekit.LivekitEgress.EgressStatus;
import livekit.LivekitEgress.EncodedFileOutput;
import livekit.LivekitEgress.EncodedFileType;
import livekit.LivekitEgress.EncodingOptions;
import livekit.LivekitEgress.EncodingOptionsPreset;
import livekit.LivekitEgress.FileInfo;
import livekit.LivekitEgress.FileOutput;
import livekit.LivekitEgress.GCPUpload;
import livekit.LivekitEgress.ImageFileSuffix;
import livekit.LivekitEgress.ImageOutput;
import livekit.LivekitEgress.ImagesInfo;
import livekit.LivekitEgress.ListEgressRequest;
import livekit.LivekitEgress.ListEgressResponse;
import livekit.LivekitEgress.MediaSource;
import livekit.LivekitEgress.Output;
import livekit.LivekitEgress.ParticipantEgressRequest;
import livekit.LivekitEgress.ParticipantVideo;
import livekit.LivekitEgress.RoomCompositeEgressRequest;
import livekit.LivekitEgress.S3Upload;
import livekit.LivekitEgress.SegmentedFileOutput;
import livekit.LivekitEgress.SegmentedFileProtocol;
import livekit.LivekitEgress.SegmentedFileSuffix;
import livekit.LivekitEgress.SegmentsInfo;
import livekit.LivekitEgress.StartEgressRequest;
import livekit.LivekitEgress.StopEgressRequest;
import livekit.LivekitEgress.StorageConfig;
import livekit.LivekitEgress.StreamInfo;
import livekit.LivekitEgress.StreamOutput;
import livekit.LivekitEgress.StreamProtocol;
import livekit.LivekitEgress.TemplateSource;
import livekit.LivekitEgress.TrackCompositeEgressRequest;
import livekit.LivekitEgress.TrackEgressRequest;
import livekit.LivekitEgress.UpdateLayoutRequest;
import livekit.LivekitEgress.UpdateStreamRequest;
import livekit.LivekitEgress.WebEgressRequest;
import livekit.LivekitEgress.WebSource;
import livekit.LivekitModels;
import livekit.LivekitModels.AudioCodec;
import livekit.LivekitModels.ImageCodec;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TokenPagination;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitModels.TrackType;
import livekit.LivekitModels.VideoCodec;
import livekit.LivekitModels.WebhookConfig;
import livekit.LivekitRtc;
import livekit.LivekitRtc.SessionDescription;
import livekit.LivekitRtc.SignalRequest;
import livekit.LivekitRtc.SignalResponse;
import livekit.LivekitRtc.SignalTarget;
import livekit.LivekitRtc.UpdateSubscription;
import livekit.LivekitWebhook;
import livekit.LivekitWebhook.WebhookEvent;
import org.junit.jupiter.api.Test;

/**
 * Our own .proto files (bundles/protocol, src/main/proto/livekit) against an encoder nobody here wrote: LiveKit's
 * {@code @livekit/protocol} npm package (protobuf-es, generated from LiveKit's schema), run under node from
 * {@code .tools/livekit-protocol} ({@code scripts/install-test-tools}). Node builds messages and Java reads them,
 * Java builds messages and node reads them, and every field and enum value we define is compared with the
 * package's own description of the type. Fails, never skips, when node or the package is missing.
 */
class LivekitProtocolWireTest {

    /** Unix nanoseconds past 2^53: a lossy int64 on either side would show. */
    private static final long T0 = 1767225600123456789L;

    /**
     * Fields @livekit/protocol has that our schema leaves out: WebhookEvent's ingress_info (10) and job (12), which
     * egress events never carry, and room_end_reason (13), newer than our protocol version.
     */
    private static final Set<String> LEFT_OUT = Set.of(
            "livekit.WebhookEvent#10", "livekit.WebhookEvent#12", "livekit.WebhookEvent#13");

    private static final List<FileDescriptor> OUR_FILES = List.of(LivekitEgress.getDescriptor(),
            LivekitModels.getDescriptor(), LivekitRtc.getDescriptor(), LivekitWebhook.getDescriptor());

    private static final Map<String, Message> DEFAULTS = defaults(StartEgressRequest.getDefaultInstance(),
            RoomCompositeEgressRequest.getDefaultInstance(), WebEgressRequest.getDefaultInstance(),
            ParticipantEgressRequest.getDefaultInstance(), TrackCompositeEgressRequest.getDefaultInstance(),
            TrackEgressRequest.getDefaultInstance(), EgressInfo.getDefaultInstance(),
            ListEgressRequest.getDefaultInstance(), ListEgressResponse.getDefaultInstance(),
            UpdateStreamRequest.getDefaultInstance(), UpdateLayoutRequest.getDefaultInstance(),
            StopEgressRequest.getDefaultInstance(), WebhookEvent.getDefaultInstance(),
            SignalRequest.getDefaultInstance(), SignalResponse.getDefaultInstance());

    // ---- node encodes, Java decodes ----

    @Test
    void readsV2RequestsEncodedByLivekit() throws Exception {
        Map<String, Message> sent = encodedByNode();

        StartEgressRequest template = (StartEgressRequest) sent.get("v2-template");
        assertEquals("room-v2", template.getRoomName());
        assertEquals(StartEgressRequest.SourceCase.TEMPLATE, template.getSourceCase());
        TemplateSource source = template.getTemplate();
        assertEquals("speaker", source.getLayout());
        assertTrue(source.getVideoOnly());
        assertFalse(source.getAudioOnly());
        assertEquals("https://t.example/", source.getCustomBaseUrl());
        assertEquals(EncodingOptionsPreset.PORTRAIT_H264_1080P_60, template.getPreset());
        assertEquals(4, template.getOutputsCount());
        Output file = template.getOutputs(0);
        assertEquals(Output.ConfigCase.FILE, file.getConfigCase());
        assertEquals(EncodedFileType.MP4, file.getFile().getFileType());
        assertEquals("rec/{room_name}.mp4", file.getFile().getFilepath());
        assertTrue(file.getFile().getDisableManifest());
        assertS3(file.getStorage().getS3());
        assertEquals(List.of("rtmp://a/live/k1", "rtmp://b/live/k2"), template.getOutputs(1).getStream().getUrlsList());
        assertEquals(StreamProtocol.RTMP, template.getOutputs(1).getStream().getProtocol());
        SegmentedFileOutput segments = template.getOutputs(2).getSegments();
        assertEquals(SegmentedFileProtocol.HLS_PROTOCOL, segments.getProtocol());
        assertEquals("seg/x", segments.getFilenamePrefix());
        assertEquals("p.m3u8", segments.getPlaylistName());
        assertEquals("live.m3u8", segments.getLivePlaylistName());
        assertEquals(4, segments.getSegmentDuration());
        assertEquals(SegmentedFileSuffix.TIMESTAMP, segments.getFilenameSuffix());
        ImageOutput images = template.getOutputs(3).getImages();
        assertEquals(5, images.getCaptureInterval());
        assertEquals(640, images.getWidth());
        assertEquals(360, images.getHeight());
        assertEquals("img/x", images.getFilenamePrefix());
        assertEquals(ImageFileSuffix.IMAGE_SUFFIX_NONE_OVERWRITE, images.getFilenameSuffix());
        assertEquals(ImageCodec.IC_JPEG, images.getImageCodec());
        assertEquals(StorageConfig.ProviderCase.GCP, template.getStorage().getProviderCase());
        assertGcp(template.getStorage().getGcp());
        assertWebhooks(template.getWebhooksList());

        StartEgressRequest web = (StartEgressRequest) sent.get("v2-web");
        assertEquals("", web.getRoomName());
        WebSource page = web.getWeb();
        assertEquals("https://page.example/x", page.getUrl());
        assertTrue(page.getAudioOnly());
        assertTrue(page.getAwaitStartSignal());
        EncodingOptions advanced = web.getAdvanced();
        assertEquals(List.of(1920, 1080, 24, 60, 96, 48000, 6000), List.of(advanced.getWidth(), advanced.getHeight(),
                advanced.getDepth(), advanced.getFramerate(), advanced.getAudioBitrate(),
                advanced.getAudioFrequency(), advanced.getVideoBitrate()));
        assertEquals(AudioCodec.OPUS, advanced.getAudioCodec());
        assertEquals(VideoCodec.H264_HIGH, advanced.getVideoCodec());
        assertEquals(2.5, advanced.getKeyFrameInterval());
        assertEquals(EncodedFileType.OGG, web.getOutputs(0).getFile().getFileType());
        assertAliOss(web.getStorage().getAliOSS());

        StartEgressRequest media = (StartEgressRequest) sent.get("v2-media");
        MediaSource tracks = media.getMedia();
        assertEquals(MediaSource.VideoCase.PARTICIPANT_VIDEO, tracks.getVideoCase());
        assertEquals("alice", tracks.getParticipantVideo().getIdentity());
        assertTrue(tracks.getParticipantVideo().getPreferScreenShare());
        AudioConfig audio = tracks.getAudio();
        assertTrue(audio.getCaptureAll());
        assertEquals(3, audio.getRoutesCount());
        assertEquals("TR_audio1", audio.getRoutes(0).getTrackId());
        assertEquals(AudioChannel.AUDIO_CHANNEL_LEFT, audio.getRoutes(0).getChannel());
        assertEquals("bob", audio.getRoutes(1).getParticipantIdentity());
        assertEquals(AudioChannel.AUDIO_CHANNEL_RIGHT, audio.getRoutes(1).getChannel());
        assertEquals(AudioRoute.MatchCase.PARTICIPANT_KIND, audio.getRoutes(2).getMatchCase());
        assertEquals(ParticipantInfo.Kind.AGENT, audio.getRoutes(2).getParticipantKind());
        assertEquals(AudioChannel.AUDIO_CHANNEL_BOTH, audio.getRoutes(2).getChannel());
        assertEquals(StartEgressRequest.EncodingCase.PRESET, media.getEncodingCase());
        assertEquals(EncodingOptionsPreset.PASSTHROUGH, media.getPreset());
        assertAzure(media.getStorage().getAzure());

        StartEgressRequest mediaTrack = (StartEgressRequest) sent.get("v2-media-track");
        assertEquals("TR_video1", mediaTrack.getMedia().getVideoTrackId());
        assertTrue(mediaTrack.getMedia().hasAudio());
        assertEquals(StartEgressRequest.EncodingCase.ENCODING_NOT_SET, mediaTrack.getEncodingCase());
        assertEquals(StreamProtocol.SRT, mediaTrack.getOutputs(0).getStream().getProtocol());
    }

    @Test
    void readsV1RequestsEncodedByLivekit() throws Exception {
        Map<String, Message> sent = encodedByNode();

        RoomCompositeEgressRequest room = (RoomCompositeEgressRequest) sent.get("room-composite");
        assertEquals("room-v1", room.getRoomName());
        assertEquals("grid-dark", room.getLayout());
        assertEquals("https://c.example", room.getCustomBaseUrl());
        assertEquals(AudioMixing.DUAL_CHANNEL_AGENT, room.getAudioMixing());
        assertEquals(EncodingOptionsPreset.H264_1080P_60, room.getPreset());
        assertEquals(EncodedFileType.MP4, room.getFileOutputs(0).getFileType());
        assertS3(room.getFileOutputs(0).getS3());
        assertEquals(List.of("rtmps://live.example/app/key"), room.getStreamOutputs(0).getUrlsList());
        assertEquals(6, room.getSegmentOutputs(0).getSegmentDuration());
        assertAzure(room.getSegmentOutputs(0).getAzure());
        assertEquals(10, room.getImageOutputs(0).getCaptureInterval());
        assertEquals(ImageFileSuffix.IMAGE_SUFFIX_TIMESTAMP, room.getImageOutputs(0).getFilenameSuffix());
        assertGcp(room.getImageOutputs(0).getGcp());
        assertWebhooks(room.getWebhooksList());

        WebEgressRequest web = (WebEgressRequest) sent.get("web");
        assertEquals("https://page.example/y", web.getUrl());
        assertTrue(web.getVideoOnly());
        assertTrue(web.getAwaitStartSignal());
        assertEquals(VideoCodec.VP8, web.getAdvanced().getVideoCodec());
        assertEquals(AudioCodec.AC_MP3, web.getAdvanced().getAudioCodec());
        assertEquals(1.0, web.getAdvanced().getKeyFrameInterval());
        assertEquals(EncodedFileType.MP3, web.getFileOutputs(0).getFileType());
        assertAliOss(web.getFileOutputs(0).getAliOSS());
        assertEquals(StreamProtocol.SRT, web.getStreamOutputs(0).getProtocol());

        ParticipantEgressRequest participant = (ParticipantEgressRequest) sent.get("participant");
        assertEquals("carol", participant.getIdentity());
        assertTrue(participant.getScreenShare());
        assertEquals(EncodingOptionsPreset.PORTRAIT_H264_720P_30, participant.getPreset());
        assertEquals("p.mp4", participant.getFileOutputs(0).getFilepath());
        assertEquals("ps", participant.getSegmentOutputs(0).getFilenamePrefix());
        assertEquals(2, participant.getImageOutputs(0).getCaptureInterval());
        assertWebhooks(participant.getWebhooksList());

        TrackCompositeEgressRequest composite = (TrackCompositeEgressRequest) sent.get("track-composite");
        assertEquals(List.of("room-tc", "TR_a", "TR_v"), List.of(composite.getRoomName(),
                composite.getAudioTrackId(), composite.getVideoTrackId()));
        assertEquals(EncodingOptionsPreset.H264_720P_60, composite.getPreset());
        assertEquals("tc.m3u8", composite.getSegmentOutputs(0).getPlaylistName());

        TrackEgressRequest websocket = (TrackEgressRequest) sent.get("track-websocket");
        assertEquals("TR_ws", websocket.getTrackId());
        assertEquals(TrackEgressRequest.OutputCase.WEBSOCKET_URL, websocket.getOutputCase());
        assertEquals("wss://sink.example/audio", websocket.getWebsocketUrl());

        TrackEgressRequest track = (TrackEgressRequest) sent.get("track-file");
        DirectFileOutput direct = track.getFile();
        assertEquals("tracks/{track_id}", direct.getFilepath());
        assertTrue(direct.getDisableManifest());
        assertEquals("b", direct.getS3().getBucket());
        assertWebhooks(track.getWebhooksList());
    }

    @Test
    void readsEgressInfoAndListingsEncodedByLivekit() throws Exception {
        Map<String, Message> sent = encodedByNode();

        EgressInfo info = (EgressInfo) sent.get("egress-info");
        assertEquals("EG_abcdefghijkl", info.getEgressId());
        assertEquals("RM_xyz", info.getRoomId());
        assertEquals("room-v2", info.getRoomName());
        assertEquals(EgressSourceType.EGRESS_SOURCE_TYPE_SDK, info.getSourceType());
        assertEquals(EgressStatus.EGRESS_COMPLETE, info.getStatus());
        assertEquals(List.of(T0, T0 + 60_000_000_000L, T0 + 60_000_000_001L),
                List.of(info.getStartedAt(), info.getEndedAt(), info.getUpdatedAt()));
        assertEquals(EgressInfo.RequestCase.EGRESS, info.getRequestCase());
        assertEquals(sent.get("v2-template"), info.getEgress());
        StreamInfo stream = info.getStreamResults(0);
        assertEquals("rtmp://a/live/{k1}", stream.getUrl());
        assertEquals(StreamInfo.Status.FAILED, stream.getStatus());
        assertEquals("connection refused", stream.getError());
        assertEquals(List.of(T0, T0 + 5, 5L, T0 + 3), List.of(stream.getStartedAt(), stream.getEndedAt(),
                stream.getDuration(), stream.getLastRetryAt()));
        assertEquals(2, stream.getRetries());
        FileInfo file = info.getFileResults(0);
        assertEquals("rec/room-v2.mp4", file.getFilename());
        assertEquals(123456789012L, file.getSize());
        assertEquals("https://bucket/rec/room-v2.mp4", file.getLocation());
        assertEquals(7, file.getDuration());
        SegmentsInfo segments = info.getSegmentResults(0);
        assertEquals("seg/p.m3u8", segments.getPlaylistName());
        assertEquals("seg/live.m3u8", segments.getLivePlaylistName());
        assertEquals("https://bucket/seg/p.m3u8", segments.getPlaylistLocation());
        assertEquals("https://bucket/seg/live.m3u8", segments.getLivePlaylistLocation());
        assertEquals(List.of(8L, 9L, 15L, T0, T0 + 8), List.of(segments.getDuration(), segments.getSize(),
                segments.getSegmentCount(), segments.getStartedAt(), segments.getEndedAt()));
        ImagesInfo images = info.getImageResults(0);
        assertEquals(12, images.getImageCount());
        assertEquals("img/x", images.getFilenamePrefix());
        assertEquals(T0 + 9, images.getEndedAt());
        assertEquals("some output failed", info.getError());
        assertEquals(500, info.getErrorCode());
        assertEquals("end reason", info.getDetails());
        assertEquals("https://bucket/m.json", info.getManifestLocation());
        assertTrue(info.getBackupStorageUsed());
        assertEquals(1, info.getRetryCount());

        EgressInfo legacy = (EgressInfo) sent.get("egress-info-legacy");
        assertEquals(EgressInfo.RequestCase.ROOM_COMPOSITE, legacy.getRequestCase());
        assertEquals(sent.get("room-composite"), legacy.getRoomComposite());
        assertEquals(EgressInfo.ResultCase.SEGMENTS, legacy.getResultCase());
        assertEquals(3, legacy.getSegments().getSegmentCount());

        ListEgressRequest list = (ListEgressRequest) sent.get("list-request");
        assertEquals(List.of("room-v2", "EG_1"), List.of(list.getRoomName(), list.getEgressId()));
        assertTrue(list.getActive());
        assertEquals("page-2", list.getPageToken().getToken());
        ListEgressResponse listed = (ListEgressResponse) sent.get("list-response");
        assertEquals(List.of(info, legacy), listed.getItemsList());
        assertEquals("page-3", listed.getNextPageToken().getToken());

        UpdateStreamRequest update = (UpdateStreamRequest) sent.get("update-stream");
        assertEquals("EG_1", update.getEgressId());
        assertEquals(List.of("rtmp://n/1"), update.getAddOutputUrlsList());
        assertEquals(List.of("rtmp://o/1", "rtmp://o/2"), update.getRemoveOutputUrlsList());
        assertEquals("single-speaker", ((UpdateLayoutRequest) sent.get("update-layout")).getLayout());
        assertEquals("EG_1", ((StopEgressRequest) sent.get("stop")).getEgressId());

        WebhookEvent event = (WebhookEvent) sent.get("webhook");
        assertEquals("egress_ended", event.getEvent());
        assertEquals("EV_1", event.getId());
        assertEquals(1767225600L, event.getCreatedAt());
        assertEquals("RM_xyz", event.getRoom().getSid());
        assertEquals(legacy, event.getEgressInfo());
    }

    @Test
    void readsSignallingEncodedByLivekit() throws Exception {
        Map<String, Message> sent = encodedByNode();

        SignalResponse response = (SignalResponse) sent.get("signal-join");
        assertEquals(SignalResponse.MessageCase.JOIN, response.getMessageCase());
        LivekitRtc.JoinResponse join = response.getJoin();
        assertEquals("room-v2", join.getRoom().getName());
        assertEquals(2, join.getRoom().getNumParticipants());
        assertEquals(ParticipantInfo.Kind.EGRESS, join.getParticipant().getKind());
        assertTrue(join.getParticipant().getPermission().getRecorder());
        assertTrue(join.getParticipant().getPermission().getHidden());
        ParticipantInfo alice = join.getOtherParticipants(0);
        assertEquals(ParticipantInfo.State.ACTIVE, alice.getState());
        LivekitModels.TrackInfo video = alice.getTracks(0);
        assertEquals(List.of("TR_v", "video/VP8"), List.of(video.getSid(), video.getMimeType()));
        assertEquals(TrackType.VIDEO, video.getType());
        assertEquals(TrackSource.CAMERA, video.getSource());
        assertEquals(List.of(640, 480), List.of(video.getWidth(), video.getHeight()));
        assertTrue(video.getMuted());
        assertEquals(List.of(5, 15), List.of(join.getPingInterval(), join.getPingTimeout()));
        assertEquals(16, join.getServerInfo().getProtocol());

        SignalRequest request = (SignalRequest) sent.get("signal-trickle");
        assertEquals(SignalTarget.SUBSCRIBER, request.getTrickle().getTarget());
        assertTrue(request.getTrickle().getCandidateInit().contains("typ host"));
    }

    // ---- Java encodes, node decodes ----

    @Test
    void livekitReadsV2RequestsWeEncode() throws Exception {
        StartEgressRequest template = StartEgressRequest.newBuilder()
                .setRoomName("room-j")
                .setTemplate(TemplateSource.newBuilder().setLayout("grid").setAudioOnly(true))
                .setPreset(EncodingOptionsPreset.H264_1080P_30)
                .addOutputs(Output.newBuilder().setFile(FileOutput.newBuilder().setFileType(EncodedFileType.MP4)
                        .setFilepath("j.mp4")).setStorage(StorageConfig.newBuilder().setS3(s3())))
                .addOutputs(Output.newBuilder().setStream(StreamOutput.newBuilder().setProtocol(StreamProtocol.RTMP)
                        .addUrls("rtmp://j/1")))
                .addOutputs(Output.newBuilder().setSegments(SegmentedFileOutput.newBuilder()
                        .setFilenamePrefix("js").setSegmentDuration(3)
                        .setFilenameSuffix(SegmentedFileSuffix.TIMESTAMP)))
                .addOutputs(Output.newBuilder().setImages(ImageOutput.newBuilder().setCaptureInterval(7)
                        .setFilenameSuffix(ImageFileSuffix.IMAGE_SUFFIX_INDEX)))
                .setStorage(StorageConfig.newBuilder().setAliOSS(AliOSSUpload.newBuilder().setBucket("ob")))
                .addWebhooks(WebhookConfig.newBuilder().setUrl("https://hooks.example/j").setSigningKey("APIj"))
                .build();
        StartEgressRequest media = StartEgressRequest.newBuilder()
                .setRoomName("room-j")
                .setMedia(MediaSource.newBuilder()
                        .setParticipantVideo(ParticipantVideo.newBuilder().setIdentity("dave"))
                        .setAudio(AudioConfig.newBuilder().setCaptureAll(true)
                                .addRoutes(AudioRoute.newBuilder().setParticipantKind(ParticipantInfo.Kind.SIP)
                                        .setChannel(AudioChannel.AUDIO_CHANNEL_RIGHT))))
                .setPreset(EncodingOptionsPreset.PASSTHROUGH)
                .addOutputs(Output.newBuilder().setFile(FileOutput.newBuilder().setFilepath("m.mp4")))
                .build();

        Map<String, JsonObject> read = decodedByNode(Map.of("template", template, "media", media));

        JsonObject t = read.get("template");
        assertEquals("room-j", t.get("roomName").getAsString());
        assertEquals("grid", t.getAsJsonObject("template").get("layout").getAsString());
        assertTrue(t.getAsJsonObject("template").get("audioOnly").getAsBoolean());
        assertEquals("H264_1080P_30", t.get("preset").getAsString());
        JsonObject file = t.getAsJsonArray("outputs").get(0).getAsJsonObject();
        assertEquals("MP4", file.getAsJsonObject("file").get("fileType").getAsString());
        assertEquals("recordings", file.getAsJsonObject("storage").getAsJsonObject("s3").get("bucket").getAsString());
        assertEquals("a", file.getAsJsonObject("storage").getAsJsonObject("s3").getAsJsonObject("metadata")
                .get("team").getAsString());
        assertEquals("rtmp://j/1", t.getAsJsonArray("outputs").get(1).getAsJsonObject().getAsJsonObject("stream")
                .getAsJsonArray("urls").get(0).getAsString());
        JsonObject segments = t.getAsJsonArray("outputs").get(2).getAsJsonObject().getAsJsonObject("segments");
        assertEquals(3, segments.get("segmentDuration").getAsInt());
        assertEquals("TIMESTAMP", segments.get("filenameSuffix").getAsString());
        assertEquals(7, t.getAsJsonArray("outputs").get(3).getAsJsonObject().getAsJsonObject("images")
                .get("captureInterval").getAsInt());
        assertEquals("ob", t.getAsJsonObject("storage").getAsJsonObject("aliOSS").get("bucket").getAsString());
        assertEquals("APIj", t.getAsJsonArray("webhooks").get(0).getAsJsonObject().get("signingKey").getAsString());

        JsonObject m = read.get("media");
        JsonObject source = m.getAsJsonObject("media");
        assertEquals("dave", source.getAsJsonObject("participantVideo").get("identity").getAsString());
        assertTrue(source.getAsJsonObject("audio").get("captureAll").getAsBoolean());
        JsonObject route = source.getAsJsonObject("audio").getAsJsonArray("routes").get(0).getAsJsonObject();
        assertEquals("SIP", route.get("participantKind").getAsString());
        assertEquals("AUDIO_CHANNEL_RIGHT", route.get("channel").getAsString());
        assertEquals("PASSTHROUGH", m.get("preset").getAsString());
    }

    @Test
    void livekitReadsV1RequestsWeEncode() throws Exception {
        RoomCompositeEgressRequest room = RoomCompositeEgressRequest.newBuilder().setRoomName("r").setLayout("grid")
                .setAudioMixing(AudioMixing.DUAL_CHANNEL_ALTERNATE)
                .setAdvanced(EncodingOptions.newBuilder().setWidth(854).setHeight(480).setKeyFrameInterval(4)
                        .setAudioCodec(AudioCodec.AAC).setVideoCodec(VideoCodec.H264_MAIN))
                .addFileOutputs(EncodedFileOutput.newBuilder().setFileType(EncodedFileType.OGG).setFilepath("a.ogg")
                        .setGcp(GCPUpload.newBuilder().setBucket("gb")))
                .addSegmentOutputs(SegmentedFileOutput.newBuilder().setPlaylistName("x.m3u8")
                        .setAzure(AzureBlobUpload.newBuilder().setContainerName("box")))
                .addImageOutputs(ImageOutput.newBuilder().setWidth(160).setImageCodec(ImageCodec.IC_JPEG))
                .build();
        WebEgressRequest web = WebEgressRequest.newBuilder().setUrl("https://w.example").setAwaitStartSignal(true)
                .setPreset(EncodingOptionsPreset.PORTRAIT_H264_1080P_30)
                .addStreamOutputs(StreamOutput.newBuilder().setProtocol(StreamProtocol.SRT).addUrls("srt://w:1"))
                .build();
        ParticipantEgressRequest participant = ParticipantEgressRequest.newBuilder().setRoomName("r")
                .setIdentity("erin").setScreenShare(true).addFileOutputs(EncodedFileOutput.newBuilder()
                        .setFilepath("e.mp4"))
                .build();
        TrackCompositeEgressRequest composite = TrackCompositeEgressRequest.newBuilder().setRoomName("r")
                .setAudioTrackId("TR_a").setVideoTrackId("TR_v").setPreset(EncodingOptionsPreset.H264_720P_30)
                .addStreamOutputs(StreamOutput.newBuilder().setProtocol(StreamProtocol.RTMP).addUrls("rtmp://c/1"))
                .build();
        TrackEgressRequest track = TrackEgressRequest.newBuilder().setRoomName("r").setTrackId("TR_t")
                .setWebsocketUrl("wss://ws.example/t").build();

        Map<String, JsonObject> read = decodedByNode(Map.of("room", room, "web", web, "participant", participant,
                "composite", composite, "track", track));

        JsonObject r = read.get("room");
        assertEquals("DUAL_CHANNEL_ALTERNATE", r.get("audioMixing").getAsString());
        assertEquals(854, r.getAsJsonObject("advanced").get("width").getAsInt());
        assertEquals(4.0, r.getAsJsonObject("advanced").get("keyFrameInterval").getAsDouble());
        assertEquals("AAC", r.getAsJsonObject("advanced").get("audioCodec").getAsString());
        assertEquals("H264_MAIN", r.getAsJsonObject("advanced").get("videoCodec").getAsString());
        JsonObject ogg = r.getAsJsonArray("fileOutputs").get(0).getAsJsonObject();
        assertEquals("OGG", ogg.get("fileType").getAsString());
        assertEquals("gb", ogg.getAsJsonObject("gcp").get("bucket").getAsString());
        assertEquals("box", r.getAsJsonArray("segmentOutputs").get(0).getAsJsonObject().getAsJsonObject("azure")
                .get("containerName").getAsString());
        assertEquals("IC_JPEG", r.getAsJsonArray("imageOutputs").get(0).getAsJsonObject().get("imageCodec")
                .getAsString());
        assertEquals("PORTRAIT_H264_1080P_30", read.get("web").get("preset").getAsString());
        assertTrue(read.get("web").get("awaitStartSignal").getAsBoolean());
        assertEquals("SRT", read.get("web").getAsJsonArray("streamOutputs").get(0).getAsJsonObject().get("protocol")
                .getAsString());
        assertEquals("erin", read.get("participant").get("identity").getAsString());
        assertTrue(read.get("participant").get("screenShare").getAsBoolean());
        assertEquals("TR_v", read.get("composite").get("videoTrackId").getAsString());
        assertEquals("H264_720P_30", read.get("composite").get("preset").getAsString());
        assertEquals("wss://ws.example/t", read.get("track").get("websocketUrl").getAsString());
    }

    @Test
    void livekitReadsEgressInfoWeEncode() throws Exception {
        StartEgressRequest request = StartEgressRequest.newBuilder().setRoomName("room-j")
                .setWeb(WebSource.newBuilder().setUrl("https://w.example").setVideoOnly(true))
                .addOutputs(Output.newBuilder().setFile(FileOutput.newBuilder().setFilepath("f.mp4")))
                .build();
        EgressInfo info = EgressInfo.newBuilder()
                .setEgressId("EG_java").setRoomId("RM_j").setRoomName("room-j")
                .setSourceType(EgressSourceType.EGRESS_SOURCE_TYPE_SDK).setStatus(EgressStatus.EGRESS_LIMIT_REACHED)
                .setStartedAt(T0).setEndedAt(T0 + 1).setUpdatedAt(T0 + 2)
                .setEgress(request)
                .addStreamResults(StreamInfo.newBuilder().setUrl("rtmp://j/{key}").setStatus(StreamInfo.Status.FINISHED)
                        .setStartedAt(T0).setDuration(42).setRetries(1))
                .addFileResults(FileInfo.newBuilder().setFilename("f.mp4").setSize(1L << 40).setLocation("s3://f"))
                .addSegmentResults(SegmentsInfo.newBuilder().setPlaylistName("p.m3u8").setSegmentCount(9)
                        .setLivePlaylistLocation("s3://live"))
                .addImageResults(ImagesInfo.newBuilder().setImageCount(4).setFilenamePrefix("img"))
                .setError("limit reached").setErrorCode(412).setDetails("d").setManifestLocation("s3://m.json")
                .setBackupStorageUsed(true).setRetryCount(2)
                .build();
        ListEgressResponse listed = ListEgressResponse.newBuilder().addItems(info)
                .setNextPageToken(TokenPagination.newBuilder().setToken("next")).build();
        ListEgressRequest list = ListEgressRequest.newBuilder().setRoomName("room-j").setActive(true)
                .setPageToken(TokenPagination.newBuilder().setToken("page")).build();

        Map<String, JsonObject> read = decodedByNode(Map.of("info", info, "listed", listed, "list", list));

        JsonObject i = read.get("info");
        assertEquals("EG_java", i.get("egressId").getAsString());
        assertEquals("EGRESS_SOURCE_TYPE_SDK", i.get("sourceType").getAsString());
        assertEquals("EGRESS_LIMIT_REACHED", i.get("status").getAsString());
        assertEquals(Long.toString(T0), i.get("startedAt").getAsString());
        assertEquals(Long.toString(T0 + 2), i.get("updatedAt").getAsString());
        assertEquals("https://w.example", i.getAsJsonObject("egress").getAsJsonObject("web").get("url").getAsString());
        JsonObject stream = i.getAsJsonArray("streamResults").get(0).getAsJsonObject();
        assertEquals("FINISHED", stream.get("status").getAsString());
        assertEquals("42", stream.get("duration").getAsString());
        assertEquals(Long.toString(1L << 40), i.getAsJsonArray("fileResults").get(0).getAsJsonObject().get("size")
                .getAsString());
        assertEquals("s3://live", i.getAsJsonArray("segmentResults").get(0).getAsJsonObject()
                .get("livePlaylistLocation").getAsString());
        assertEquals("4", i.getAsJsonArray("imageResults").get(0).getAsJsonObject().get("imageCount").getAsString());
        assertEquals(412, i.get("errorCode").getAsInt());
        assertEquals("s3://m.json", i.get("manifestLocation").getAsString());
        assertTrue(i.get("backupStorageUsed").getAsBoolean());
        assertEquals(2, i.get("retryCount").getAsInt());
        assertEquals("next", read.get("listed").getAsJsonObject("nextPageToken").get("token").getAsString());
        assertEquals("EG_java", read.get("listed").getAsJsonArray("items").get(0).getAsJsonObject().get("egressId")
                .getAsString());
        assertEquals("page", read.get("list").getAsJsonObject("pageToken").get("token").getAsString());
        assertTrue(read.get("list").get("active").getAsBoolean());
    }

    @Test
    void livekitReadsSignallingWeSend() throws Exception {
        SignalRequest answer = SignalRequest.newBuilder().setAnswer(SessionDescription.newBuilder().setType("answer")
                .setSdp("v=0\r\n").setId(3)).build();
        SignalRequest subscription = SignalRequest.newBuilder().setSubscription(UpdateSubscription.newBuilder()
                .addTrackSids("TR_1").addTrackSids("TR_2").setSubscribe(true)).build();

        Map<String, JsonObject> read = decodedByNode(Map.of("answer", answer, "subscription", subscription));

        JsonObject sdp = read.get("answer").getAsJsonObject("answer");
        assertEquals("answer", sdp.get("type").getAsString());
        assertEquals("v=0\r\n", sdp.get("sdp").getAsString());
        assertEquals(3, sdp.get("id").getAsInt());
        JsonObject update = read.get("subscription").getAsJsonObject("subscription");
        assertEquals("TR_2", update.getAsJsonArray("trackSids").get(1).getAsString());
        assertTrue(update.get("subscribe").getAsBoolean());
    }

    // ---- every field and enum value against the package's own description ----

    @Test
    void everyFieldAndEnumValueMatchesLivekitsSchema() throws Exception {
        Map<String, Descriptor> messages = new TreeMap<>();
        Map<String, EnumDescriptor> enums = new TreeMap<>();
        for (FileDescriptor file : OUR_FILES) {
            file.getMessageTypes().forEach(type -> collect(type, messages, enums));
            file.getEnumTypes().forEach(type -> enums.put(type.getFullName(), type));
        }
        List<String> names = new ArrayList<>(messages.keySet());
        names.addAll(enums.keySet());
        List<String> args = new ArrayList<>(List.of("schema"));
        args.addAll(names);
        Map<String, JsonObject> described = new LinkedHashMap<>();
        for (String line : node("", args).lines().toList()) {
            JsonObject type = JsonParser.parseString(line).getAsJsonObject();
            described.put(type.get("type").getAsString(), type);
        }

        List<String> problems = new ArrayList<>();
        Set<String> leftOut = new TreeSet<>();
        for (Descriptor message : messages.values()) {
            JsonObject theirs = described.get(message.getFullName());
            if (theirs == null || !theirs.has("fields")) {
                problems.add(message.getFullName() + ": not a message in @livekit/protocol");
                continue;
            }
            Map<Integer, JsonObject> fields = new TreeMap<>();
            theirs.getAsJsonArray("fields").forEach(f -> fields.put(f.getAsJsonObject().get("number").getAsInt(),
                    f.getAsJsonObject()));
            for (FieldDescriptor field : message.getFields()) {
                JsonObject their = fields.remove(field.getNumber());
                String ours = describe(field);
                String expected = their == null ? "(missing)" : describe(their);
                if (!ours.equals(expected)) {
                    problems.add(message.getFullName() + "#" + field.getNumber() + ": ours " + ours + ", theirs "
                            + expected);
                }
            }
            fields.keySet().forEach(number -> leftOut.add(message.getFullName() + "#" + number));
        }
        for (EnumDescriptor type : enums.values()) {
            JsonObject theirs = described.get(type.getFullName());
            if (theirs == null || !theirs.has("values")) {
                problems.add(type.getFullName() + ": not an enum in @livekit/protocol");
                continue;
            }
            Set<String> values = new TreeSet<>();
            theirs.getAsJsonArray("values").forEach(v -> values.add(v.getAsJsonObject().get("name").getAsString()
                    + "=" + v.getAsJsonObject().get("number").getAsInt()));
            Set<String> ours = type.getValues().stream().map(v -> v.getName() + "=" + v.getNumber())
                    .collect(Collectors.toCollection(TreeSet::new));
            if (!ours.equals(values)) {
                problems.add(type.getFullName() + ": ours " + ours + ", theirs " + values);
            }
        }
        assertEquals(List.of(), problems);
        assertEquals(new TreeSet<>(LEFT_OUT), leftOut, "fields @livekit/protocol has and we leave out");
        assertTrue(messages.size() >= 120 && enums.size() >= 40, messages.size() + " messages, " + enums.size()
                + " enums compared");
    }

    // ---- helpers ----

    private static void collect(Descriptor type, Map<String, Descriptor> messages, Map<String, EnumDescriptor> enums) {
        if (type.getOptions().getMapEntry()) {
            return;
        }
        messages.put(type.getFullName(), type);
        type.getNestedTypes().forEach(nested -> collect(nested, messages, enums));
        type.getEnumTypes().forEach(nested -> enums.put(nested.getFullName(), nested));
    }

    /** One field as "name kind type [repeated] [oneof x] [optional]", comparable with {@link #describe(JsonObject)}. */
    private static String describe(FieldDescriptor field) {
        String kind;
        String type;
        if (field.isMapField()) {
            kind = "map";
            type = "map";
        } else if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
            kind = "message";
            type = field.getMessageType().getFullName();
        } else if (field.getJavaType() == FieldDescriptor.JavaType.ENUM) {
            kind = "enum";
            type = field.getEnumType().getFullName();
        } else {
            kind = "scalar";
            type = Integer.toString(field.getType().toProto().getNumber());
        }
        OneofDescriptor oneof = field.getRealContainingOneof();
        return describe(field.getName(), kind, type, field.isRepeated() && !field.isMapField(),
                oneof == null ? "" : oneof.getName(), field.toProto().getProto3Optional());
    }

    private static String describe(JsonObject field) {
        JsonElement type = field.get("type");
        return describe(field.get("name").getAsString(), field.get("kind").getAsString(), type.getAsString(),
                field.get("repeated").getAsBoolean(), field.get("oneof").getAsString(),
                field.get("optional").getAsBoolean());
    }

    private static String describe(String name, String kind, String type, boolean repeated, String oneof,
                                   boolean optional) {
        return name + " " + kind + " " + type + (repeated ? " repeated" : "") + (oneof.isEmpty() ? "" : " oneof "
                + oneof) + (optional ? " optional" : "");
    }

    private static S3Upload s3() {
        return S3Upload.newBuilder().setBucket("recordings").setRegion("eu-west-1").putMetadata("team", "a")
                .setAssumeRoleArn("arn:aws:iam::1:role/r").build();
    }

    private static void assertS3(S3Upload s3) {
        assertEquals(List.of("AK", "SK", "eu-west-1", "https://s3.example", "recordings", "k=v", "inline", "ST",
                "arn:aws:iam::1:role/r", "ext"), List.of(s3.getAccessKey(), s3.getSecret(), s3.getRegion(),
                s3.getEndpoint(), s3.getBucket(), s3.getTagging(), s3.getContentDisposition(), s3.getSessionToken(),
                s3.getAssumeRoleArn(), s3.getAssumeRoleExternalId()));
        assertTrue(s3.getForcePathStyle());
        assertEquals(Map.of("team", "a"), s3.getMetadataMap());
        assertEquals(List.of("http://proxy:3128", "pu", "pp"), List.of(s3.getProxy().getUrl(),
                s3.getProxy().getUsername(), s3.getProxy().getPassword()));
    }

    private static void assertGcp(GCPUpload gcp) {
        assertEquals("{\"type\":\"service_account\"}", gcp.getCredentials());
        assertEquals("gcs-bucket", gcp.getBucket());
        assertEquals("http://proxy:8080", gcp.getProxy().getUrl());
    }

    private static void assertAzure(AzureBlobUpload azure) {
        assertEquals(List.of("acct", "key==", "box"), List.of(azure.getAccountName(), azure.getAccountKey(),
                azure.getContainerName()));
    }

    private static void assertAliOss(AliOSSUpload oss) {
        assertEquals(List.of("AA", "AS", "oss-cn-hangzhou", "https://oss.example", "ob"), List.of(oss.getAccessKey(),
                oss.getSecret(), oss.getRegion(), oss.getEndpoint(), oss.getBucket()));
    }

    private static void assertWebhooks(List<WebhookConfig> webhooks) {
        assertEquals(1, webhooks.size());
        assertEquals("https://hooks.example/egress", webhooks.get(0).getUrl());
        assertEquals("APIkey1", webhooks.get(0).getSigningKey());
    }

    /** node's samples, parsed by our classes; each must use only fields our schema knows. */
    private static Map<String, Message> encodedByNode() throws Exception {
        Map<String, Message> parsed = new LinkedHashMap<>();
        for (String line : node("", List.of("encode")).lines().toList()) {
            String[] parts = line.split(" ");
            Message type = DEFAULTS.get(parts[1]);
            assertTrue(type != null, "no Java class for " + parts[1]);
            byte[] bytes = HexFormat.of().parseHex(parts.length > 2 ? parts[2] : "");
            Message message = type.getParserForType().parseFrom(bytes);
            assertKnowsEveryField(message, parts[0]);
            parsed.put(parts[0], message);
        }
        assertTrue(parsed.size() >= 20, "samples from node: " + parsed.keySet());
        return parsed;
    }

    /**
     * What node reads from our bytes, as its toJson(). The same JSON read back by protobuf-java must give the
     * message we sent, so every field, not only the asserted ones, survived the round trip.
     */
    private static Map<String, JsonObject> decodedByNode(Map<String, Message> messages) throws Exception {
        StringBuilder input = new StringBuilder();
        messages.forEach((label, message) -> input.append(label).append(' ')
                .append(message.getDescriptorForType().getFullName()).append(' ')
                .append(HexFormat.of().formatHex(message.toByteArray())).append('\n'));
        Map<String, JsonObject> read = new TreeMap<>();
        for (String line : node(input.toString(), List.of("decode")).lines().toList()) {
            String label = line.substring(0, line.indexOf(' '));
            String json = line.substring(label.length() + 1);
            Message sent = messages.get(label);
            Message.Builder back = sent.newBuilderForType();
            JsonFormat.parser().merge(json, back);
            assertEquals(sent, back.build(), label + " as @livekit/protocol reads it: " + json);
            read.put(label, JsonParser.parseString(json).getAsJsonObject());
        }
        assertEquals(messages.keySet(), read.keySet());
        return read;
    }

    private static void assertKnowsEveryField(Message message, String path) {
        assertTrue(message.getUnknownFields().asMap().isEmpty(),
                path + " has fields our schema lacks: " + message.getUnknownFields().asMap().keySet());
        for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
            if (field.getKey().getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                continue;
            }
            String at = path + "." + field.getKey().getName();
            if (field.getKey().isRepeated()) {
                for (Object element : (List<?>) field.getValue()) {
                    assertKnowsEveryField((Message) element, at);
                }
            } else {
                assertKnowsEveryField((Message) field.getValue(), at);
            }
        }
    }

    /** Runs wire.cjs under node with @livekit/protocol on NODE_PATH; node missing fails the test. */
    private static String node(String input, List<String> args) throws Exception {
        Path modules = TestTools.livekitProtocolModules();
        if (!Files.isDirectory(modules.resolve("@livekit/protocol"))) {
            fail("@livekit/protocol is not installed in " + modules + ": run scripts/install-test-tools");
        }
        Path script = Path.of(LivekitProtocolWireTest.class.getResource("/livekit-protocol/wire.cjs").toURI());
        List<String> command = new ArrayList<>(List.of("node", script.toString()));
        command.addAll(args);
        Path errors = Files.createTempFile("livekit-protocol", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(errors.toFile());
        builder.environment().put("NODE_PATH", modules.toString());
        Process node;
        try {
            node = builder.start();
        } catch (IOException e) {
            throw new AssertionError("node is needed to run @livekit/protocol and could not be started (Debian: "
                    + "apt-get install nodejs): " + e.getMessage(), e);
        }
        try (OutputStream stdin = node.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(node.waitFor(60, TimeUnit.SECONDS), "node did not finish");
        String log = Files.readString(errors);
        Files.delete(errors);
        assertEquals(0, node.exitValue(), "node " + args.get(0) + " failed: " + log);
        return output;
    }

    private static Map<String, Message> defaults(Message... types) {
        Map<String, Message> byName = new LinkedHashMap<>();
        for (Message type : types) {
            byName.put(type.getDescriptorForType().getFullName(), type);
        }
        return byName;
    }
}
