package io.egress4j.api;

import java.util.List;
import java.util.OptionalInt;
import livekit.LivekitEgress.EncodedFileOutput;
import livekit.LivekitEgress.EncodingOptions;
import livekit.LivekitEgress.ImageOutput;
import livekit.LivekitEgress.SegmentedFileOutput;
import livekit.LivekitEgress.StreamOutput;

/**
 * The outputs and encoding a request asks for, gathered by its type (deprecated single outputs included).
 *
 * @param identifier names generated files when the request gives no name ({@code web}, the room name, ...)
 * @param names      what the filename tokens stand for
 * @param preset     the number of the request's preset, if it has one (unknown numbers are refused when planned)
 * @param advanced   the request's advanced options, or {@code null}
 * @param audio      whether the request records audio ({@code audio_only}/{@code video_only} applied)
 * @param video      whether the request records video
 */
public record RequestedOutputs(String identifier, NameValues names, List<EncodedFileOutput> files,
                               List<SegmentedFileOutput> segments, List<StreamOutput> streams,
                               List<ImageOutput> images, OptionalInt preset, EncodingOptions advanced,
                               boolean audio, boolean video) {

    public RequestedOutputs {
        files = List.copyOf(files);
        segments = List.copyOf(segments);
        streams = List.copyOf(streams);
        images = List.copyOf(images);
    }

    /**
     * A request's outputs of one kind, as upstream reads them: the repeated field (e.g. {@code file_outputs}) when it
     * has any, else the deprecated single one ({@code file}). LiveKit's server SDKs fill both with the same output
     * when called the old way.
     *
     * @since 2.1
     */
    public static <T> List<T> withDeprecated(List<T> outputs, boolean hasDeprecated, T deprecated) {
        return outputs.isEmpty() && hasDeprecated ? List.of(deprecated) : outputs;
    }
}
