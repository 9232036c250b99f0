package io.egress4j.egress.roomcomposite;

import static io.egress4j.core.request.InvalidArgument.assertInvalidField;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egress4j.api.CostKey;
import io.egress4j.api.EgressException;
import io.egress4j.api.PlannedEgress;
import io.egress4j.api.RoomAccess;
import io.egress4j.core.request.FilePlan;
import io.egress4j.core.request.StubEgressContext;
import io.egress4j.protocol.rpc.EgressRpc.StartEgressRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressSourceType;
import livekit.LivekitEgress.EncodedFileOutput;
import livekit.LivekitEgress.AzureBlobUpload;
import livekit.LivekitEgress.FileOutput;
import livekit.LivekitEgress.Output;
import livekit.LivekitEgress.RoomCompositeEgressRequest;
import livekit.LivekitEgress.S3Upload;
import livekit.LivekitEgress.SegmentedFileOutput;
import livekit.LivekitEgress.StorageConfig;
import livekit.LivekitEgress.TemplateSource;
import livekit.LivekitEgress.WebSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Room composite requests planned as StartEgress plans them, with the core's output planner behind the context. */
class RoomCompositeEgressTypeTest {

    private static final RoomAccess ROOM = new RoomAccess("ws://10.0.0.5:7880", "tok.en");

    private final RoomCompositeEgressType type = new RoomCompositeEgressType();
    private final StubEgressContext context = new StubEgressContext(false, "", ROOM);

    @AfterEach
    void stopTemplates() {
        type.stopServingTemplates();
    }

    @Test
    void aRoomIsRecordedToAFileNamedAfterItAndReportedAsAWebSource() throws Exception {
        PlannedEgress planned = plan(request().addFileOutputs(EncodedFileOutput.getDefaultInstance()));

        FilePlan file = context.planned().files().get(0);
        assertEquals("standup-2022-10-04T011306.mp4", file.storagePath());
        EgressInfo.Builder info = EgressInfo.newBuilder();
        planned.describe(info);
        assertEquals(EgressSourceType.EGRESS_SOURCE_TYPE_WEB, info.getSourceType());
        assertEquals("standup", info.getRoomName());
        assertEquals("room composite of standup (layout speaker)", planned.summary());
        assertEquals(CostKey.ROOM_COMPOSITE, type.costKey(start(request())));
    }

    /** LiveKit's v2 StartEgress with a template source: the same egress, its outputs each on their storage. */
    @Test
    void aV2TemplateRequestIsPlannedLikeTheClassicOne() throws Exception {
        S3Upload requestStorage = S3Upload.newBuilder().setBucket("meetings").build();
        AzureBlobUpload ownStorage = AzureBlobUpload.newBuilder().setContainerName("special").build();
        livekit.LivekitEgress.StartEgressRequest v2 = livekit.LivekitEgress.StartEgressRequest.newBuilder()
                .setRoomName("standup").setTemplate(TemplateSource.newBuilder().setLayout("grid-light"))
                .setStorage(StorageConfig.newBuilder().setS3(requestStorage))
                .addOutputs(Output.newBuilder().setFile(FileOutput.newBuilder().setFilepath("a.mp4")))
                .addOutputs(Output.newBuilder()
                        .setSegments(SegmentedFileOutput.newBuilder().setFilenamePrefix("hls/standup"))
                        .setStorage(StorageConfig.newBuilder().setAzure(ownStorage)))
                .build();
        StartEgressRequest start = StartEgressRequest.newBuilder().setEgressId(StubEgressContext.EGRESS_ID)
                .setEgress(v2).build();

        assertTrue(type.handles(start));
        PlannedEgress planned = type.plan(start, context);
        assertEquals(requestStorage, context.planned().files().get(0).upload());
        assertEquals(ownStorage, context.planned().segments().get(0).upload());
        assertEquals("room composite of standup (layout grid-light)", planned.summary());
        EgressInfo.Builder info = EgressInfo.newBuilder();
        planned.describe(info);
        assertEquals(v2, info.getEgress(), "reported as it came");
        assertEquals("standup", info.getRoomName());
        assertFalse(type.handles(StartEgressRequest.newBuilder().setEgress(v2.toBuilder()
                .setWeb(WebSource.newBuilder().setUrl("https://x/"))).build()), "a web source is web egress's");
    }

    @Test
    void upstreamsValidationMessages() {
        assertInvalidField("room name", () -> plan(RoomCompositeEgressRequest.newBuilder()
                .addFileOutputs(EncodedFileOutput.getDefaultInstance())));
        assertInvalidField("audio_only and video_only", () -> plan(request().setAudioOnly(true).setVideoOnly(true)
                .addFileOutputs(EncodedFileOutput.getDefaultInstance())));
        assertInvalidField("template base url", () -> plan(request().setCustomBaseUrl("ftp://x/")
                .addFileOutputs(EncodedFileOutput.getDefaultInstance())));
        EgressException metadata = assertThrows(EgressException.class, () -> plan(request()
                .setCustomBaseUrl("http://169.254.169.254/").addFileOutputs(EncodedFileOutput.getDefaultInstance())));
        assertTrue(metadata.getMessage().startsWith("request has missing or invalid field: template base url ("),
                metadata.getMessage());
    }

    /** Upstream records audio only without a layout or template URL without a browser: that is not ours. */
    @Test
    void anAudioOnlyCompositeWithoutLayoutIsLeftToTheBrowserlessType() {
        assertFalse(type.handles(start(request().setLayout("").setAudioOnly(true)
                .addFileOutputs(EncodedFileOutput.getDefaultInstance()))));
        assertTrue(type.handles(start(request().setLayout("grid").setAudioOnly(true)
                .addFileOutputs(EncodedFileOutput.getDefaultInstance()))));
    }

    @Test
    void theTemplateUrlCarriesLayoutTokenAndUrlWithSortedKeysKeepingTheBasesOwnQuery() {
        assertEquals("https://t.example/app?layout=grid-light&team=blue&token=tok.en&url=ws%3A%2F%2F10.0.0.5%3A7880",
                TemplateUrl.of("https://t.example/app?team=blue", "grid-light", ROOM));
        assertEquals("http://127.0.0.1:1/default/?layout=&token=tok.en&url=ws%3A%2F%2F10.0.0.5%3A7880",
                TemplateUrl.of("http://127.0.0.1:1/default/", "", ROOM));
    }

    @Test
    void theBuiltInTemplateIsServedOnLoopbackFromTheBundle() throws Exception {
        try (TemplateServer server = TemplateServer.start()) {
            String base = server.baseUrl("default");
            assertTrue(base.startsWith("http://127.0.0.1:"), base);
            HttpResponse<String> page = get(base);
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("app.js"), page.body());
            assertEquals(200, get(base + "app.js").statusCode());
            assertEquals(404, get(base + "../../etc/passwd").statusCode());
            assertFalse(get(base + "missing.js").statusCode() == 200);
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private PlannedEgress plan(RoomCompositeEgressRequest.Builder request) throws EgressException {
        return type.plan(start(request), context);
    }

    private static StartEgressRequest start(RoomCompositeEgressRequest.Builder request) {
        return StartEgressRequest.newBuilder().setEgressId(StubEgressContext.EGRESS_ID).setRoomComposite(request)
                .build();
    }

    private static RoomCompositeEgressRequest.Builder request() {
        return RoomCompositeEgressRequest.newBuilder().setRoomName("standup").setLayout("speaker");
    }
}
