package io.egress4j.egress.roomcomposite;

import io.egress4j.api.BrowserOptions;
import io.egress4j.api.CostKey;
import io.egress4j.api.EgressContext;
import io.egress4j.api.EgressException;
import io.egress4j.api.EgressType;
import io.egress4j.api.EncodedOutputs;
import io.egress4j.api.NameValues;
import io.egress4j.api.PlannedEgress;
import io.egress4j.api.RecordingSession;
import io.egress4j.api.RoomAccess;
import io.egress4j.api.SourceRequest;
import io.egress4j.protocol.rpc.EgressRpc.StartEgressRequest;
import java.util.function.Consumer;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressSourceType;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Room composite egress: the room as a layout template shows it, recorded in Chromium by the web source. The page
 * is {@code custom_base_url}, else the configured {@code template_base}, else the built-in template this bundle
 * serves; it gets {@code ?layout=&url=&token=} and starts the recording with {@code START_RECORDING}.
 */
@Component(property = EgressType.NAME + "=room_composite")
public final class RoomCompositeEgressType implements EgressType {

    /** The web source records the page (Chromium on Xvfb and PulseAudio). */
    private static final String WEB_SOURCE = "web";
    private static final String BUILT_IN_TEMPLATE = "default";

    private TemplateServer builtInTemplates;

    @Override
    public boolean handles(StartEgressRequest request) {
        if (!request.hasRoomComposite() && !(request.hasEgress() && request.getEgress().hasTemplate())) {
            return false;
        }
        // Audio only without a layout or template URL is recorded without a browser, by the SDK room composite.
        Composition composition = Composition.of(request);
        return !(composition.audioOnly() && composition.layout().isEmpty() && composition.customBaseUrl().isEmpty());
    }

    @Override
    public CostKey costKey(StartEgressRequest request) {
        return Composition.of(request).audioOnly() ? CostKey.AUDIO_ROOM_COMPOSITE : CostKey.ROOM_COMPOSITE;
    }

    /**
     * @throws EgressException INVALID_ARGUMENT with upstream's wording ({@code request has missing or invalid field:
     *                         room name}, {@code ...: audio_only and video_only}, {@code ...: template base url})
     */
    @Override
    public PlannedEgress plan(StartEgressRequest start, EgressContext context) throws EgressException {
        Composition composition = Composition.of(start);
        if (composition.roomName().isEmpty()) {
            throw EgressException.invalidField("room name");
        }
        if (composition.audioOnly() && composition.videoOnly()) {
            throw EgressException.invalidField("audio_only and video_only");
        }
        String base = composition.customBaseUrl().isEmpty() ? context.templateBase() : composition.customBaseUrl();
        if (!base.isEmpty()) {
            TemplateUrl.requireHttp(base);
            context.checkUrl("template base url", base);
        }
        EncodedOutputs outputs = context.planEncoded(composition.outputs(new NameValues(composition.roomName(),
                start.getRoomId(), "", "", "", "")));
        Consumer<EgressInfo.Builder> request = start.hasRoomComposite()
                ? info -> info.setRoomComposite(context.redact(start.getRoomComposite()))
                : info -> info.setEgress(context.redact(start.getEgress()));
        return new Composite(composition, request, start.getRoomId(), base,
                context.roomAccess(composition.roomName()), context.browser(), outputs);
    }

    /** The base URL of the built-in template, served by this process from the first time it is needed. */
    private synchronized String builtInBase() {
        if (builtInTemplates == null) {
            builtInTemplates = TemplateServer.start();
        }
        return builtInTemplates.baseUrl(BUILT_IN_TEMPLATE);
    }

    @Deactivate
    synchronized void stopServingTemplates() {
        if (builtInTemplates != null) {
            builtInTemplates.close();
            builtInTemplates = null;
        }
    }

    /**
     * One room composite, planned.
     *
     * @param request reports the request, redacted, in EgressInfo
     * @param base    the template's base URL; empty for the built-in template
     */
    private final class Composite implements PlannedEgress {

        private final Composition composition;
        private final Consumer<EgressInfo.Builder> request;
        private final String roomId;
        private final String base;
        private final RoomAccess room;
        private final BrowserOptions browser;
        private final EncodedOutputs outputs;

        Composite(Composition composition, Consumer<EgressInfo.Builder> request, String roomId, String base,
                  RoomAccess room, BrowserOptions browser, EncodedOutputs outputs) {
            this.composition = composition;
            this.request = request;
            this.roomId = roomId;
            this.base = base;
            this.room = room;
            this.browser = browser;
            this.outputs = outputs;
        }

        @Override
        public void describe(EgressInfo.Builder info) {
            request.accept(info.setSourceType(EgressSourceType.EGRESS_SOURCE_TYPE_WEB)
                    .setRoomName(composition.roomName()).setRoomId(roomId));
        }

        @Override
        public String summary() {
            String layout = composition.layout().isEmpty() ? "grid" : composition.layout();
            return "room composite of " + composition.roomName() + " ("
                    + (composition.customBaseUrl().isEmpty() ? "layout " + layout : "custom template") + ")";
        }

        @Override
        public void record(RecordingSession session) throws EgressException, InterruptedException {
            session.room(composition.roomName(), roomId);
            String page = TemplateUrl.of(base.isEmpty() ? builtInBase() : base, composition.layout(), room);
            session.recordEncoded(WEB_SOURCE, new SourceRequest(session.egressId(), session.workDir(), page,
                    outputs.video().orElse(null), outputs.audio(), true, browser), outputs);
        }
    }
}
