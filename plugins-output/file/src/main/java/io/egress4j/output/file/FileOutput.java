package io.egress4j.output.file;

import io.egress4j.api.EgressException;
import io.egress4j.api.FileFormat;
import io.egress4j.api.FileOptions;
import io.egress4j.api.Launch;
import io.egress4j.api.Output;
import io.egress4j.api.OutputBranch;
import io.egress4j.api.OutputRequest;
import org.osgi.service.component.annotations.Component;

/** Writes the encoded media into one file. */
@Component(property = Output.KIND + "=file")
public final class FileOutput implements Output {

    /**
     * MP4 is written fragmented while recording, one fragment per second (the core places a keyframe at every
     * second), so a crash loses at most the last second. At end-of-stream qtmux rewrites the file in place into a
     * regular, non-fragmented MP4.
     */
    private static final String FRAGMENTED_MP4 = "mp4mux fragment-duration=1000 fragment-mode=first-moov-then-finalise";

    @Override
    public OutputBranch open(OutputRequest request) throws EgressException {
        FileOptions options = request.options(FileOptions.class);
        String location = " location=" + Launch.quote(options.localFile().toString());
        // The sink is named after the branch, so that its errors (a full disk) name this file. Unbuffered: what
        // the muxer wrote is in the file when the process crashes (64 KiB is seconds of an audio-only file).
        return entryName -> muxer(options.format()) + " name=" + entryName
                + " ! filesink sync=false buffer-mode=unbuffered name=" + entryName + "_sink" + location;
    }

    /** Muxers whose output stays playable when cut off: fragmented MP4, Ogg pages, Matroska clusters, MP3 frames. */
    private static String muxer(FileFormat format) {
        return switch (format) {
            case MP4 -> FRAGMENTED_MP4;
            case OGG -> "oggmux";
            case WEBM -> "webmmux";
            case MP3 -> "xingmux";
        };
    }
}
