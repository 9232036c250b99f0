package io.egress4j.source.web;

import io.egress4j.api.BrowserOptions;
import io.egress4j.api.CostKey;
import io.egress4j.api.EgressContext;
import io.egress4j.api.EgressException;
import io.egress4j.api.EgressType;
import io.egress4j.api.EncodedOutputs;
import io.egress4j.api.NameValues;
import io.egress4j.api.PlannedEgress;
import io.egress4j.api.RecordingSession;
import io.egress4j.api.RequestedOutputs;
import io.egress4j.api.SourceRequest;
import io.egress4j.api.V2Outputs;
import io.egress4j.protocol.rpc.EgressRpc.StartEgressRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressSourceType;
import livekit.LivekitEgress.WebEgressRequest;
import org.osgi.service.component.annotations.Component;

/**
 * Web egress: any page, recorded in Chromium. Checks run in upstream's order: url, audio/video flags, then the
 * outputs (the core's rules).
 */
@Component(property = EgressType.NAME + "=web")
public final class WebEgressType implements EgressType {

    /** Names generated files ({@code web-<time>.mp4}). */
    private static final String IDENTIFIER = "web";

    /** {@code file} is ours, for local demo pages; upstream accepts http and https only. */
    private static final Set<String> URL_SCHEMES = Set.of("http", "https", "file");

    @Override
    public boolean handles(StartEgressRequest request) {
        return request.hasWeb() || request.hasEgress() && request.getEgress().hasWeb();
    }

    @Override
    public CostKey costKey(StartEgressRequest request) {
        return classic(request).getAudioOnly() ? CostKey.AUDIO_WEB : CostKey.WEB;
    }

    /** The WebEgressRequest, or what a v2 request with a web source asks for, in that form. */
    private static WebEgressRequest classic(StartEgressRequest start) {
        if (start.hasWeb()) {
            return start.getWeb();
        }
        livekit.LivekitEgress.StartEgressRequest request = start.getEgress();
        livekit.LivekitEgress.WebSource web = request.getWeb();
        RequestedOutputs outputs = V2Outputs.requested(IDENTIFIER, NameValues.NONE, request, true, true);
        WebEgressRequest.Builder classic = WebEgressRequest.newBuilder().setUrl(web.getUrl())
                .setAudioOnly(web.getAudioOnly()).setVideoOnly(web.getVideoOnly())
                .setAwaitStartSignal(web.getAwaitStartSignal()).addAllFileOutputs(outputs.files())
                .addAllSegmentOutputs(outputs.segments()).addAllStreamOutputs(outputs.streams())
                .addAllImageOutputs(outputs.images());
        outputs.preset().ifPresent(classic::setPresetValue);
        if (outputs.advanced() != null) {
            classic.setAdvanced(outputs.advanced());
        }
        return classic.build();
    }

    /**
     * @throws EgressException INVALID_ARGUMENT with upstream's wording, e.g.
     *                         {@code request has missing or invalid field: web url}
     */
    @Override
    public PlannedEgress plan(StartEgressRequest start, EgressContext context) throws EgressException {
        WebEgressRequest request = classic(start);
        requireSupportedUrl(request.getUrl());
        context.checkUrl("web url", request.getUrl());
        if (request.getAudioOnly() && request.getVideoOnly()) {
            throw EgressException.invalidField("audio_only and video_only");
        }
        EncodedOutputs outputs = context.planEncoded(new RequestedOutputs(IDENTIFIER, NameValues.NONE,
                RequestedOutputs.withDeprecated(request.getFileOutputsList(), request.hasFile(), request.getFile()),
                RequestedOutputs.withDeprecated(request.getSegmentOutputsList(), request.hasSegments(),
                        request.getSegments()),
                RequestedOutputs.withDeprecated(request.getStreamOutputsList(), request.hasStream(),
                        request.getStream()),
                request.getImageOutputsList(),
                request.hasPreset() ? OptionalInt.of(request.getPresetValue()) : OptionalInt.empty(),
                request.hasAdvanced() ? request.getAdvanced() : null, !request.getVideoOnly(),
                !request.getAudioOnly()));
        Consumer<EgressInfo.Builder> reported = start.hasWeb()
                ? info -> info.setWeb(context.redact(start.getWeb()))
                : info -> info.setEgress(context.redact(start.getEgress()));
        return new WebRecording(request, reported, context.browser(), outputs);
    }

    /**
     * The page recorded into the planned outputs.
     *
     * @param reported reports the request as it came, redacted, in EgressInfo
     */
    private record WebRecording(WebEgressRequest request, Consumer<EgressInfo.Builder> reported,
                                BrowserOptions browser, EncodedOutputs outputs) implements PlannedEgress {

        @Override
        public void describe(EgressInfo.Builder info) {
            reported.accept(info.setSourceType(EgressSourceType.EGRESS_SOURCE_TYPE_WEB));
        }

        @Override
        public String summary() {
            // Query strings often carry tokens.
            String url = request.getUrl();
            int query = url.indexOf('?');
            return "web egress of " + (query < 0 ? url : url.substring(0, query))
                    + (request.getAwaitStartSignal() ? ", once the page logs START_RECORDING" : "");
        }

        @Override
        public void record(RecordingSession session) throws EgressException, InterruptedException {
            session.recordEncoded(WebSource.NAME, new SourceRequest(session.egressId(), session.workDir(),
                    request.getUrl(), outputs.video().orElse(null), outputs.audio(), request.getAwaitStartSignal(),
                    browser), outputs);
        }
    }

    private static void requireSupportedUrl(String url) throws EgressException {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean addressable = scheme.equals("file") ? uri.getPath() != null && !uri.getPath().isEmpty()
                    : uri.getHost() != null;
            if (URL_SCHEMES.contains(scheme) && addressable) {
                return;
            }
        } catch (URISyntaxException unparsable) {
            // reported below, like any other unusable url
        }
        throw EgressException.invalidField("web url");
    }
}
