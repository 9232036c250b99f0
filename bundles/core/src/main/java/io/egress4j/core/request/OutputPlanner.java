package io.egress4j.core.request;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.api.FileFormat;
import io.egress4j.api.RequestedOutputs;
import io.egress4j.core.naming.FileNaming;
import io.egress4j.core.naming.ImageNaming;
import io.egress4j.core.naming.SegmentNaming;
import io.egress4j.core.naming.TemplateValues;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import livekit.LivekitEgress.EncodedFileOutput;
import livekit.LivekitEgress.ImageOutput;
import livekit.LivekitEgress.SegmentedFileOutput;
import livekit.LivekitEgress.StreamOutput;
import livekit.LivekitEgress.StreamProtocol;

/**
 * Turns the outputs an egress type gathered from its request into an {@link EgressPlan}, with upstream's rules and
 * messages, the same for every type that encodes: encoding options, output counts, codecs, file paths.
 */
public final class OutputPlanner {

    private static final int DEFAULT_SEGMENT_SECONDS = 4;
    private static final int DEFAULT_CAPTURE_SECONDS = 10;
    /** Each image output is a scaler and an encoder of its own. */
    private static final int MAX_IMAGE_OUTPUTS = 5;
    /** Upstream's keyframe interval for live streams when the request sets none. */
    private static final double STREAM_KEYFRAME_SECONDS = 4;

    private final StreamUrls streamUrls;

    public OutputPlanner(StreamUrls streamUrls) {
        this.streamUrls = streamUrls;
    }

    /**
     * @param egressId the ID the server assigned
     * @param now      start time, for {@code {time}}, {@code {utc}} and generated file names
     * @param retry    the request's {@code retry_count}: {@code {retry}}, and names that do not overwrite
     * @throws EgressException INVALID_ARGUMENT with upstream's wording, e.g.
     *                         {@code request has missing or invalid field: output}
     */
    public EgressPlan plan(RequestedOutputs requested, String egressId, ZonedDateTime now, int retry)
            throws EgressException {
        boolean video = requested.video();
        RequestedEncoding encoding = requestedEncoding(requested);
        List<EncodedFileOutput> files = requested.files();
        List<SegmentedFileOutput> segments = requested.segments();
        List<StreamOutput> streams = requested.streams();
        List<ImageOutput> images = requested.images();
        if (files.size() > 1) {
            throw EgressException.invalidField("multiple file outputs");
        }
        if (segments.size() > 1) {
            throw EgressException.invalidField("multiple segmented file outputs");
        }
        if (!images.isEmpty() && !video) {
            throw EgressException.invalidField("audio_only images");
        }
        if (files.isEmpty() && segments.isEmpty() && images.isEmpty() && streams.isEmpty()) {
            throw EgressException.invalidField("output");
        }
        List<StreamPlan> streamPlans = streamPlans(streams, !(files.isEmpty() && segments.isEmpty()
                && images.isEmpty()));
        // With images as the only output there is nothing to hear: upstream then records no audio.
        boolean audio = requested.audio() && !(files.isEmpty() && segments.isEmpty() && streams.isEmpty());
        TemplateValues values = TemplateValues.of(now, requested.names(), retry);
        String identifier = requested.identifier();

        List<FilePlan> filePlans = new ArrayList<>();
        EncodingSettings settings;
        if (files.isEmpty()) {
            // HLS carries what MP4 carries by default: AAC and H.264. Streams force them, whatever was asked.
            settings = CodecSelector.select(FileFormat.MP4, streams.isEmpty() ? encoding
                    : new RequestedEncoding(encoding.settings(), Optional.empty(), Optional.empty()), audio, video);
        } else {
            EncodedFileOutput file = files.get(0);
            FileFormat format = FileFormatChooser.choose(file.getFileType(), file.getFilepath(), encoding, video);
            settings = CodecSelector.select(format, encoding, audio, video);
            String storagePath = FileNaming.resolveFilePath(file.getFilepath(), format.extension(), identifier,
                    values);
            filePlans.add(new FilePlan(storagePath, format, file.getDisableManifest(), upload(file)));
        }
        for (StreamPlan stream : streamPlans) {
            requireAacAndH264(stream.protocol().name().toLowerCase(Locale.ROOT), settings, audio, video);
        }
        settings = keyFrames(settings, !streamPlans.isEmpty(), !segments.isEmpty());
        List<SegmentPlan> segmentPlans = new ArrayList<>();
        for (SegmentedFileOutput segment : segments) {
            requireAacAndH264("hls", settings, audio, video);
            int seconds = segment.getSegmentDuration() > 0 ? segment.getSegmentDuration() : DEFAULT_SEGMENT_SECONDS;
            if (!streamPlans.isEmpty() && settings.keyFrameInterval() >= 1) {
                // Segments must start on keyframes the stream's interval already places.
                seconds = Math.min(seconds, (int) settings.keyFrameInterval());
            }
            segmentPlans.add(new SegmentPlan(SegmentNaming.resolve(segment, identifier, values), seconds,
                    segment.getFilenameSuffix(), segment.getDisableManifest(), upload(segment)));
        }
        List<ImagePlan> imagePlans = new ArrayList<>();
        if (images.size() > MAX_IMAGE_OUTPUTS) {
            throw EncodingResolver.tooLarge("image outputs", String.valueOf(MAX_IMAGE_OUTPUTS));
        }
        for (ImageOutput image : images) {
            int max = EncodingResolver.MAX_DIMENSION;
            if (image.getWidth() > max || image.getHeight() > max) {
                throw EncodingResolver.tooLarge("image width and height", String.valueOf(max));
            }
            imagePlans.add(new ImagePlan(ImageNaming.resolve(image, identifier, values),
                    image.getCaptureInterval() > 0 ? image.getCaptureInterval() : DEFAULT_CAPTURE_SECONDS,
                    image.getWidth(), image.getHeight(), image.getFilenameSuffix(), image.getDisableManifest(),
                    upload(image)));
        }
        return new EgressPlan(egressId, audio, video, settings,
                filePlans, segmentPlans, imagePlans, streamPlans);
    }

    /** HLS segments and live streams carry AAC and H.264 only. */
    private static void requireAacAndH264(String format, EncodingSettings settings, boolean audio, boolean video)
            throws EgressException {
        if (audio && settings.audioCodec() != EncodingSettings.AudioCodec.AAC) {
            throw new EgressException(Code.INVALID_ARGUMENT, "format " + format + " incompatible with codec "
                    + (settings.audioCodec() == EncodingSettings.AudioCodec.OPUS ? "Opus" : "MP3"));
        }
        if (video && settings.videoCodec() == EncodingSettings.VideoCodec.VP8) {
            throw new EgressException(Code.INVALID_ARGUMENT, "format " + format + " incompatible with codec VP8");
        }
    }

    /**
     * Upstream's keyframe rule: a stream without segments gets a keyframe every 4 s unless the request sets an
     * interval. With segments, the segment cutter asks for keyframes where it needs them.
     */
    private static EncodingSettings keyFrames(EncodingSettings settings, boolean stream, boolean segments) {
        if (stream && !segments && settings.keyFrameInterval() == 0) {
            return settings.withKeyFrameInterval(STREAM_KEYFRAME_SECONDS);
        }
        return settings;
    }

    /**
     * At most one stream output, upstream's rule, with any number of URLs. An output without URLs is allowed next
     * to other outputs (UpdateStream adds them later).
     */
    private List<StreamPlan> streamPlans(List<StreamOutput> streams, boolean otherOutputs) throws EgressException {
        if (streams.size() > 1) {
            throw EgressException.invalidField("multiple stream outputs");
        }
        List<StreamPlan> plans = new ArrayList<>();
        for (StreamOutput stream : streams) {
            if (stream.getUrlsCount() == 0 && !otherOutputs) {
                throw EgressException.invalidField("stream url");
            }
            if (stream.getUrlsCount() > StreamUrls.MAX_URLS) {
                throw EncodingResolver.tooLarge("stream urls", StreamUrls.MAX_URLS + " URLs");
            }
            StreamProtocol protocol = stream.getUrlsCount() == 0 && stream.getProtocol() == StreamProtocol.DEFAULT_PROTOCOL
                    ? StreamProtocol.RTMP : StreamUrls.protocolOf(stream);
            if (protocol == StreamProtocol.WEBSOCKET) {
                throw notYetSupported("websocket stream output for web egress");
            }
            List<StreamUrls.ValidatedUrl> urls = new ArrayList<>();
            for (String url : stream.getUrlsList()) {
                urls.add(streamUrls.validate(url, protocol));
            }
            plans.add(new StreamPlan(protocol, urls));
        }
        return plans;
    }

    private static RequestedEncoding requestedEncoding(RequestedOutputs requested) throws EgressException {
        if (requested.preset().isPresent()) {
            return EncodingResolver.preset(requested.preset().getAsInt());
        }
        if (requested.advanced() != null) {
            return EncodingResolver.advanced(requested.advanced());
        }
        return EncodingResolver.defaults();
    }

    /** The output's own upload block (its {@code output} oneof), or null when the configured storage applies. */
    public static Message upload(Message output) {
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
