package io.egress4j.core.request;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.api.FileFormat;
import io.egress4j.core.naming.FileNaming;
import io.egress4j.core.naming.ImageNaming;
import io.egress4j.core.naming.SegmentNaming;
import io.egress4j.core.naming.TemplateValues;
import livekit.LivekitEgress.EncodedFileOutput;
import livekit.LivekitEgress.ImageOutput;
import livekit.LivekitEgress.SegmentedFileOutput;
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

    private static final int DEFAULT_SEGMENT_SECONDS = 4;
    private static final int DEFAULT_CAPTURE_SECONDS = 10;

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
        boolean video = !request.getAudioOnly();
        RequestedEncoding encoding = requestedEncoding(request);
        List<EncodedFileOutput> files = fileOutputs(request);
        List<SegmentedFileOutput> segments = segmentOutputs(request);
        rejectUnsupportedOutputs(request);
        List<ImageOutput> images = request.getImageOutputsList();
        if (!images.isEmpty() && !video) {
            throw EgressException.invalidField("audio_only images");
        }
        if (files.isEmpty() && segments.isEmpty() && images.isEmpty()) {
            throw EgressException.invalidField("output");
        }
        // With images as the only output there is nothing to hear: upstream then records no audio.
        boolean audio = !request.getVideoOnly() && !(files.isEmpty() && segments.isEmpty());
        TemplateValues values = TemplateValues.forWeb(now);

        List<FilePlan> filePlans = new ArrayList<>();
        EncodingSettings settings;
        if (files.isEmpty()) {
            // HLS carries what MP4 carries by default: AAC and H.264.
            settings = CodecSelector.select(FileFormat.MP4, encoding, audio, video);
        } else {
            EncodedFileOutput file = files.get(0);
            FileFormat format = FileFormatChooser.choose(file.getFileType(), file.getFilepath(), encoding, video);
            settings = CodecSelector.select(format, encoding, audio, video);
            String storagePath = FileNaming.resolveFilePath(file.getFilepath(), format.extension(), IDENTIFIER,
                    values);
            filePlans.add(new FilePlan(storagePath, format, file.getDisableManifest(), upload(file)));
        }
        List<SegmentPlan> segmentPlans = new ArrayList<>();
        for (SegmentedFileOutput segment : segments) {
            requireHlsCodecs(settings, audio, video);
            int seconds = segment.getSegmentDuration() > 0 ? segment.getSegmentDuration() : DEFAULT_SEGMENT_SECONDS;
            segmentPlans.add(new SegmentPlan(SegmentNaming.resolve(segment, IDENTIFIER, values), seconds,
                    segment.getFilenameSuffix(), segment.getDisableManifest(), upload(segment)));
        }
        List<ImagePlan> imagePlans = new ArrayList<>();
        for (ImageOutput image : images) {
            imagePlans.add(new ImagePlan(ImageNaming.resolve(image, IDENTIFIER, values),
                    image.getCaptureInterval() > 0 ? image.getCaptureInterval() : DEFAULT_CAPTURE_SECONDS,
                    image.getWidth(), image.getHeight(), image.getFilenameSuffix(), image.getDisableManifest(),
                    upload(image)));
        }
        return new EgressPlan(egressId, request.getUrl(), audio, video, request.getAwaitStartSignal(), settings,
                filePlans, segmentPlans, imagePlans);
    }

    /** HLS segments are MPEG-TS with AAC and H.264 only. */
    private static void requireHlsCodecs(EncodingSettings settings, boolean audio, boolean video)
            throws EgressException {
        if (audio && settings.audioCodec() != EncodingSettings.AudioCodec.AAC) {
            throw new EgressException(Code.INVALID_ARGUMENT, "format hls incompatible with codec "
                    + (settings.audioCodec() == EncodingSettings.AudioCodec.OPUS ? "Opus" : "MP3"));
        }
        if (video && settings.videoCodec() == EncodingSettings.VideoCodec.VP8) {
            throw new EgressException(Code.INVALID_ARGUMENT, "format hls incompatible with codec VP8");
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

    private static RequestedEncoding requestedEncoding(WebEgressRequest request) throws EgressException {
        return switch (request.getOptionsCase()) {
            case PRESET -> EncodingResolver.preset(request.getPresetValue());
            case ADVANCED -> EncodingResolver.advanced(request.getAdvanced());
            case OPTIONS_NOT_SET -> EncodingResolver.defaults();
        };
    }

    /** The deprecated {@code file} field and {@code file_outputs} count together; upstream allows one file. */
    private static List<EncodedFileOutput> fileOutputs(WebEgressRequest request) throws EgressException {
        List<EncodedFileOutput> files = new ArrayList<>(request.getFileOutputsList());
        if (request.hasFile()) {
            files.add(request.getFile());
        }
        if (files.size() > 1) {
            throw EgressException.invalidField("multiple file outputs");
        }
        return files;
    }

    private static List<SegmentedFileOutput> segmentOutputs(WebEgressRequest request) throws EgressException {
        List<SegmentedFileOutput> segments = new ArrayList<>(request.getSegmentOutputsList());
        if (request.hasSegments()) {
            segments.add(request.getSegments());
        }
        if (segments.size() > 1) {
            throw EgressException.invalidField("multiple segmented file outputs");
        }
        return segments;
    }

    /** Output kinds egress4j does not implement yet. */
    private static void rejectUnsupportedOutputs(WebEgressRequest request) throws EgressException {
        if (request.hasStream() || request.getStreamOutputsCount() > 0) {
            throw notYetSupported("stream output");
        }
    }

    /** The output's own upload block (its {@code output} oneof), or null when the configured storage applies. */
    private static Message upload(Message output) {
        for (FieldDescriptor field : output.getDescriptorForType().getFields()) {
            if (field.getContainingOneof() != null && field.getContainingOneof().getName().equals("output")
                    && output.hasField(field)) {
                return (Message) output.getField(field);
            }
        }
        return null;
    }

    private static EgressException notYetSupported(String feature) {
        return new EgressException(Code.INVALID_ARGUMENT, feature + " is not yet supported");
    }
}
