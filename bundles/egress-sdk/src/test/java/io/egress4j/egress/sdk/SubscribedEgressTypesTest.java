package io.egress4j.egress.sdk;

import static io.egress4j.core.request.InvalidArgument.assertInvalidField;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egress4j.api.CostKey;
import io.egress4j.api.EgressException;
import io.egress4j.api.PlannedEgress;
import io.egress4j.api.RoomAccess;
import io.egress4j.core.request.StubEgressContext;
import io.egress4j.protocol.rpc.EgressRpc.StartEgressRequest;
import java.util.List;
import java.util.Optional;
import livekit.LivekitEgress.AudioChannel;
import livekit.LivekitEgress.AudioConfig;
import livekit.LivekitEgress.AudioMixing;
import livekit.LivekitEgress.AudioRoute;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressSourceType;
import livekit.LivekitEgress.EncodedFileOutput;
import livekit.LivekitEgress.FileOutput;
import livekit.LivekitEgress.MediaSource;
import livekit.LivekitEgress.Output;
import livekit.LivekitEgress.ParticipantEgressRequest;
import livekit.LivekitEgress.ParticipantVideo;
import livekit.LivekitEgress.RoomCompositeEgressRequest;
import livekit.LivekitEgress.TrackCompositeEgressRequest;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackInfo;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitModels.TrackType;
import org.junit.jupiter.api.Test;

/** The three browserless types: what they take, what they refuse with upstream's words, what they record. */
class SubscribedEgressTypesTest {

    private static final RoomAccess ROOM = new RoomAccess("ws://10.0.0.5:7880", "tok.en");
    private static final EncodedFileOutput FILE = EncodedFileOutput.getDefaultInstance();
    private static final TrackInfo CAMERA = track("TR_cam", TrackType.VIDEO, TrackSource.CAMERA);
    private static final TrackInfo MICROPHONE = track("TR_mic", TrackType.AUDIO, TrackSource.MICROPHONE);
    private static final TrackInfo SCREEN = track("TR_scr", TrackType.VIDEO, TrackSource.SCREEN_SHARE);

    private final StubEgressContext context = new StubEgressContext(false, "", ROOM);

    @Test
    void aTrackCompositeNeedsARoomAndATrackAndIsReportedAsAnSdkSource() throws Exception {
        TrackCompositeEgressType type = new TrackCompositeEgressType();
        assertInvalidField("room name", () -> type.plan(trackComposite(TrackCompositeEgressRequest.newBuilder()
                .setAudioTrackId("TR_mic").addFileOutputs(FILE)), context));
        assertInvalidField("audio_track_id or video_track_id", () -> type.plan(trackComposite(
                TrackCompositeEgressRequest.newBuilder().setRoomName("standup").addFileOutputs(FILE)), context));

        StartEgressRequest start = trackComposite(TrackCompositeEgressRequest.newBuilder().setRoomName("standup")
                .setAudioTrackId("TR_mic").setVideoTrackId("TR_cam").addFileOutputs(FILE));
        PlannedEgress planned = type.plan(start, context);
        EgressInfo.Builder info = EgressInfo.newBuilder();
        planned.describe(info);
        assertEquals(EgressSourceType.EGRESS_SOURCE_TYPE_SDK, info.getSourceType());
        assertEquals("TR_mic", info.getTrackComposite().getAudioTrackId());
        assertEquals("track composite of TR_mic + TR_cam in room standup", planned.summary());
        assertEquals(CostKey.TRACK_COMPOSITE, type.costKey(start));
        assertTrue(type.handles(start));
    }

    @Test
    void aParticipantEgressNeedsAnIdentityAndRecordsBothKinds() throws Exception {
        ParticipantEgressType type = new ParticipantEgressType();
        assertInvalidField("identity", () -> type.plan(participant(ParticipantEgressRequest.newBuilder()
                .setRoomName("standup").addFileOutputs(FILE)), context));
        StartEgressRequest start = participant(ParticipantEgressRequest.newBuilder().setRoomName("standup")
                .setIdentity("alice").addFileOutputs(FILE));
        type.plan(start, context);
        assertEquals("alice-2022-10-04T011306.mp4", context.planned().files().get(0).storagePath(),
                "files are named after the participant");
        assertEquals(CostKey.PARTICIPANT, type.costKey(start));
    }

    /** Only the browserless case: audio only, no layout, no template URL. */
    @Test
    void theRoomAudioTypeTakesExactlyTheCaseUpstreamRecordsWithoutABrowser() throws Exception {
        RoomAudioEgressType type = new RoomAudioEgressType();
        RoomCompositeEgressRequest.Builder audio = RoomCompositeEgressRequest.newBuilder().setRoomName("standup")
                .setAudioOnly(true).addFileOutputs(FILE);
        assertTrue(type.handles(roomComposite(audio)));
        assertFalse(type.handles(roomComposite(audio.clone().setLayout("grid"))));
        assertFalse(type.handles(roomComposite(audio.clone().setAudioOnly(false))));
        assertEquals(CostKey.SDK_AUDIO_ROOM_COMPOSITE, type.costKey(roomComposite(audio)));
        assertInvalidField("room name", () -> type.plan(roomComposite(audio.clone().setRoomName("")), context));
        EgressInfo.Builder info = EgressInfo.newBuilder();
        type.plan(roomComposite(audio.clone().setAudioMixing(AudioMixing.DUAL_CHANNEL_AGENT)), context)
                .describe(info);
        assertEquals(EgressSourceType.EGRESS_SOURCE_TYPE_SDK, info.getSourceType());
    }

    @Test
    void aTrackCompositeRoutesItsTwoTracksRefusesTheWrongKindAndEndsWhenBothAreGone() throws Exception {
        TrackCompositeChoice choice = new TrackCompositeChoice("TR_mic", "TR_cam");
        ParticipantInfo alice = participant("alice", CAMERA, MICROPHONE);
        assertEquals(Optional.of(Route.AUDIO_BOTH), choice.route(alice, MICROPHONE));
        assertEquals(Optional.of(Route.VIDEO), choice.route(alice, CAMERA));
        assertEquals(Optional.empty(), choice.route(alice, SCREEN));
        assertInvalidField("video_track_id", () -> new TrackCompositeChoice("", "TR_mic").route(alice, MICROPHONE));

        assertFalse(choice.found(List.of(participant("alice", CAMERA))));
        assertEquals(Optional.empty(), choice.ended(List.of(participant("alice", CAMERA))), "not found yet");
        assertTrue(choice.found(List.of(alice)));
        assertEquals(Optional.empty(), choice.ended(List.of(participant("alice", CAMERA))), "one track is left");
        assertTrue(choice.ended(List.of(participant("alice"))).isPresent());
        assertEquals(Optional.of("track TR_mic not found"), choice.notFound());
    }

    @Test
    void aParticipantEgressTakesCameraAndMicrophoneOrTheScreenShareAndEndsWhenTheParticipantLeaves() {
        ParticipantInfo alice = participant("alice", CAMERA, MICROPHONE, SCREEN);
        ParticipantChoice camera = new ParticipantChoice("alice", false);
        assertEquals(Optional.of(Route.VIDEO), camera.route(alice, CAMERA));
        assertEquals(Optional.of(Route.AUDIO_BOTH), camera.route(alice, MICROPHONE));
        assertEquals(Optional.empty(), camera.route(alice, SCREEN));
        assertEquals(Optional.empty(), camera.route(participant("bob", CAMERA), CAMERA));
        assertEquals(Optional.of(Route.VIDEO), new ParticipantChoice("alice", true).route(alice, SCREEN));

        assertEquals(Optional.empty(), camera.ended(List.of()), "not there yet is no leaving");
        assertTrue(camera.found(List.of(alice)));
        assertTrue(camera.ended(List.of(participant("bob"))).isPresent());
        assertEquals(Optional.of("participant alice not found"), camera.notFound());
    }

    @Test
    void theRoomMixPutsAgentsLeftOrAlternatesAndNeverEndsByItself() {
        ParticipantInfo agent = participant("agent", MICROPHONE).toBuilder().setKind(ParticipantInfo.Kind.AGENT)
                .build();
        ParticipantInfo alice = participant("alice", CAMERA, MICROPHONE);
        RoomAudioChoice byKind = new RoomAudioChoice(AudioMixing.DUAL_CHANNEL_AGENT);
        assertEquals(Optional.of(Route.AUDIO_LEFT), byKind.route(agent, MICROPHONE));
        assertEquals(Optional.of(Route.AUDIO_RIGHT), byKind.route(alice, MICROPHONE));
        assertEquals(Optional.empty(), byKind.route(alice, CAMERA));
        RoomAudioChoice alternate = new RoomAudioChoice(AudioMixing.DUAL_CHANNEL_ALTERNATE);
        assertEquals(List.of(Route.AUDIO_LEFT, Route.AUDIO_RIGHT, Route.AUDIO_LEFT), List.of(
                alternate.route(alice, MICROPHONE).orElseThrow(), alternate.route(agent, MICROPHONE).orElseThrow(),
                alternate.route(alice, MICROPHONE).orElseThrow()));
        assertEquals(Optional.of(Route.AUDIO_BOTH), new RoomAudioChoice(AudioMixing.DEFAULT_MIXING)
                .route(alice, MICROPHONE));
        assertEquals(Optional.empty(), byKind.ended(List.of()));
        assertEquals(Optional.empty(), byKind.notFound());
    }

    /** v2 media: the video asked for, audio by the first matching route, the rest only with capture_all. */
    @Test
    void aV2MediaSourceRoutesAudioByTrackIdentityOrKindAndTakesTheVideoAskedFor() throws Exception {
        TrackInfo agentMic = track("TR_agent", TrackType.AUDIO, TrackSource.MICROPHONE);
        ParticipantInfo agent = participant("agent", agentMic).toBuilder().setKind(ParticipantInfo.Kind.AGENT)
                .build();
        ParticipantInfo alice = participant("alice", CAMERA, MICROPHONE, SCREEN);
        ParticipantInfo bob = participant("bob", track("TR_bob", TrackType.AUDIO, TrackSource.MICROPHONE));
        MediaChoice choice = new MediaChoice(MediaSource.newBuilder()
                .setParticipantVideo(ParticipantVideo.newBuilder().setIdentity("alice").setPreferScreenShare(true))
                .setAudio(AudioConfig.newBuilder()
                        .addRoutes(AudioRoute.newBuilder().setTrackId("TR_mic")
                                .setChannel(AudioChannel.AUDIO_CHANNEL_LEFT))
                        .addRoutes(AudioRoute.newBuilder().setParticipantKind(ParticipantInfo.Kind.AGENT)
                                .setChannel(AudioChannel.AUDIO_CHANNEL_RIGHT)))
                .build());
        assertEquals(Optional.of(Route.VIDEO), choice.route(alice, SCREEN), "the screen share is preferred");
        assertEquals(Optional.empty(), choice.route(alice, CAMERA));
        assertEquals(Optional.of(Route.AUDIO_LEFT), choice.route(alice, MICROPHONE));
        assertEquals(Optional.of(Route.AUDIO_RIGHT), choice.route(agent, agentMic));
        assertEquals(Optional.empty(), choice.route(bob, bob.getTracks(0)), "no route, no capture_all");
        assertFalse(choice.found(List.of(bob)));
        assertEquals(Optional.of("participant alice not found"), choice.notFound());

        MediaChoice all = new MediaChoice(MediaSource.newBuilder().setVideoTrackId("TR_cam")
                .setAudio(AudioConfig.newBuilder().setCaptureAll(true)).build());
        assertEquals(Optional.of(Route.AUDIO_BOTH), all.route(bob, bob.getTracks(0)));
        assertEquals(Optional.of(Route.VIDEO), all.route(alice, CAMERA));
        assertEquals(Optional.empty(), all.ended(List.of()), "media goes on while tracks come and go");

        MediaEgressType type = new MediaEgressType();
        StartEgressRequest start = StartEgressRequest.newBuilder().setEgressId(StubEgressContext.EGRESS_ID)
                .setEgress(livekit.LivekitEgress.StartEgressRequest.newBuilder().setRoomName("standup")
                        .setMedia(MediaSource.getDefaultInstance())
                        .addOutputs(Output.newBuilder().setFile(FileOutput.getDefaultInstance())))
                .build();
        assertTrue(type.handles(start));
        assertEquals(CostKey.PARTICIPANT, type.costKey(start));
        assertInvalidField("media source", () -> type.plan(start, context));
    }

    private static TrackInfo track(String sid, TrackType type, TrackSource source) {
        return TrackInfo.newBuilder().setSid(sid).setType(type).setSource(source).build();
    }

    private static ParticipantInfo participant(String identity, TrackInfo... tracks) {
        return ParticipantInfo.newBuilder().setSid("PA_" + identity).setIdentity(identity)
                .addAllTracks(List.of(tracks)).build();
    }

    private static StartEgressRequest trackComposite(TrackCompositeEgressRequest.Builder request) {
        return StartEgressRequest.newBuilder().setEgressId(StubEgressContext.EGRESS_ID).setTrackComposite(request)
                .build();
    }

    private static StartEgressRequest participant(ParticipantEgressRequest.Builder request) {
        return StartEgressRequest.newBuilder().setEgressId(StubEgressContext.EGRESS_ID).setParticipant(request)
                .build();
    }

    private static StartEgressRequest roomComposite(RoomCompositeEgressRequest.Builder request) {
        return StartEgressRequest.newBuilder().setEgressId(StubEgressContext.EGRESS_ID).setRoomComposite(request)
                .build();
    }
}
