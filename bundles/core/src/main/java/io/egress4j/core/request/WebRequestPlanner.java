package io.egress4j.core.request;

import com.google.protobuf.Message;
import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.api.FileFormat;
import io.egress4j.core.naming.FileNaming;
import io.egress4j.core.naming.TemplateValues;
import livekit.LivekitEgress.EncodedFileOutput;
import livekit.LivekitEgress.WebEgressRequest;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Validates a v1 {@link WebEgressRequest} and turns it into an {@link EgressPlan}, with upstream's error messages.
 * Checks run in this order: url, audio/video flags, encoding options, outputs, codecs, file path.
 */
public final class WebRequestPlanner {

    /** Names generated files ({@code web-<time>.mp4}). */
    private static final String IDENTIFIER = "web";

    /** {@code file} is ours, for local demo pages; upstream accepts http and https only. */
    private static final Set<String> URL_SCHEMES = Set.of("http", "https", "file");

    /**
     * @param egressId the ID the server assigned
     * @param now      start time, for {@code {time}}, {@code {utc}} and generated file names
     * @throws EgressException INVALID_ARGUMENT with upstream's wording, e.g.
     *                         {@code request has missing or invalid field: web url}
     */
    public EgressPlan plan(WebEgressRequest request, String egressId, ZonedDateTime now) throws EgressException {
        requireSupportedUrl(request.getUrl());
        if (request.getAudioOnly() && request.getVideoOnly()) {
            throw EgressException.invalidField("audio_only and video_only");
        }
        boolean audio = !request.getVideoOnly();
        boolean video = !request.getAudioOnly();
        RequestedEncoding encoding = requestedEncoding(request);
        EncodedFileOutput file = singleFileOutput(request);

        FileFormat format = FileFormatChooser.choose(file.getFileType(), file.getFilepath(), encoding, video);
        EncodingSettings settings = CodecSelector.select(format, encoding, audio, video);
        String storagePath = FileNaming.resolveFilePath(file.getFilepath(), format.extension(), IDENTIFIER,
                TemplateValues.forWeb(now));
        return new EgressPlan(egressId, request.getUrl(), audio, video, request.getAwaitStartSignal(), settings,
                List.of(new FilePlan(storagePath, format, file.getDisableManifest(), upload(file))));
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

    private static RequestedEncoding requestedEncoding(WebEgressRequest request) throws EgressException {
        return switch (request.getOptionsCase()) {
            case PRESET -> EncodingResolver.preset(request.getPresetValue());
            case ADVANCED -> EncodingResolver.advanced(request.getAdvanced());
            case OPTIONS_NOT_SET -> EncodingResolver.defaults();
        };
    }

    /**
     * The deprecated {@code file} field and {@code file_outputs} count together; upstream allows one file. Other
     * output kinds are not implemented in egress4j yet.
     */
    private static EncodedFileOutput singleFileOutput(WebEgressRequest request) throws EgressException {
        List<EncodedFileOutput> files = new ArrayList<>(request.getFileOutputsList());
        if (request.hasFile()) {
            files.add(request.getFile());
        }
        if (files.size() > 1) {
            throw EgressException.invalidField("multiple file outputs");
        }
        if (request.hasStream() || request.getStreamOutputsCount() > 0) {
            throw notYetSupported("stream output");
        }
        if (request.hasSegments() || request.getSegmentOutputsCount() > 0) {
            throw notYetSupported("segment output");
        }
        if (request.getImageOutputsCount() > 0) {
            throw notYetSupported("image output");
        }
        if (files.isEmpty()) {
            throw EgressException.invalidField("output");
        }
        return files.get(0);
    }

    /** The output's own upload block, or null when it has none and the configured storage applies. */
    private static Message upload(EncodedFileOutput file) {
        return switch (file.getOutputCase()) {
            case S3 -> file.getS3();
            case GCP -> file.getGcp();
            case AZURE -> file.getAzure();
            case ALIOSS -> file.getAliOSS();
            case OUTPUT_NOT_SET -> null;
        };
    }

    private static EgressException notYetSupported(String feature) {
        return new EgressException(Code.INVALID_ARGUMENT, feature + " is not yet supported");
    }
}
