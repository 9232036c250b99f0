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
import io.egress4j.protocol.rpc.EgressRpc.StartEgressRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressSourceType;
import livekit.LivekitEgress.EncodedFileOutput;
import livekit.LivekitEgress.SegmentedFileOutput;
import livekit.LivekitEgress.StreamOutput;
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
        return request.hasWeb();
    }

    @Override
    public CostKey costKey(StartEgressRequest request) {
        return request.getWeb().getAudioOnly() ? CostKey.AUDIO_WEB : CostKey.WEB;
    }

    /**
     * @throws EgressException INVALID_ARGUMENT with upstream's wording, e.g.
     *                         {@code request has missing or invalid field: web url}
     */
    @Override
    public PlannedEgress plan(StartEgressRequest start, EgressContext context) throws EgressException {
        WebEgressRequest request = start.getWeb();
        requireSupportedUrl(request.getUrl());
        context.checkUrl("web url", request.getUrl());
        if (request.getAudioOnly() && request.getVideoOnly()) {
            throw EgressException.invalidField("audio_only and video_only");
        }
        EncodedOutputs outputs = context.planEncoded(new RequestedOutputs(IDENTIFIER, NameValues.NONE,
                fileOutputs(request), segmentOutputs(request), streamOutputs(request), request.getImageOutputsList(),
                request.hasPreset() ? OptionalInt.of(request.getPresetValue()) : OptionalInt.empty(),
                request.hasAdvanced() ? request.getAdvanced() : null, !request.getVideoOnly(),
                !request.getAudioOnly()));
        return new WebRecording(request, context.redact(request), context.browser(), outputs);
    }

    /** The page recorded into the planned outputs. */
    private record WebRecording(WebEgressRequest request, WebEgressRequest redacted, BrowserOptions browser,
                                EncodedOutputs outputs) implements PlannedEgress {

        @Override
        public void describe(EgressInfo.Builder info) {
            info.setSourceType(EgressSourceType.EGRESS_SOURCE_TYPE_WEB).setWeb(redacted);
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

    /** The deprecated {@code file} field and {@code file_outputs} count together. */
    private static List<EncodedFileOutput> fileOutputs(WebEgressRequest request) {
        List<EncodedFileOutput> files = new ArrayList<>(request.getFileOutputsList());
        if (request.hasFile()) {
            files.add(request.getFile());
        }
        return files;
    }

    private static List<SegmentedFileOutput> segmentOutputs(WebEgressRequest request) {
        List<SegmentedFileOutput> segments = new ArrayList<>(request.getSegmentOutputsList());
        if (request.hasSegments()) {
            segments.add(request.getSegments());
        }
        return segments;
    }

    private static List<StreamOutput> streamOutputs(WebEgressRequest request) {
        List<StreamOutput> streams = new ArrayList<>(request.getStreamOutputsList());
        if (request.hasStream()) {
            streams.add(request.getStream());
        }
        return streams;
    }
}
