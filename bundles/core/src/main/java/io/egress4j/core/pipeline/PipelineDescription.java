package io.egress4j.core.pipeline;

import io.egress4j.api.OutputBranch;
import io.egress4j.core.request.EncodingSettings;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Writes the launch description of an egress pipeline: each raw source is converted, encoded once, and fanned out
 * through a tee to every output branch. One encode, many outputs.
 */
public final class PipelineDescription {

    /** Queues hold up to the pipeline latency (upstream's 3 s) before a slow consumer makes them drop. */
    private static final long QUEUE_NANOS = 3_000_000_000L;
    private static final String LEAKY_QUEUE = "queue leaky=downstream max-size-time=" + QUEUE_NANOS
            + " max-size-buffers=0 max-size-bytes=0";
    private static final String QUEUE = "queue max-size-time=" + QUEUE_NANOS + " max-size-buffers=0 max-size-bytes=0";

    /** The queue behind the video source, whose output carries the source's video into the pipeline. */
    public static final String VIDEO_SOURCE_QUEUE = "video_source_queue";
    private static final String RAW_VIDEO_TEE = "raw_video_tee";
    private static final String VIDEO_TEE = "video_tee";
    private static final String AUDIO_TEE = "audio_tee";

    private PipelineDescription() {
    }

    /** The name of branch {@code index}'s entry element; the branch names its other elements after it. */
    public static String entry(int index) {
        return "output_" + index;
    }

    /** Whether {@code element} is branch {@code index}'s entry element or one the branch named after it. */
    public static boolean belongsToBranch(String element, int index) {
        String entry = entry(index);
        return element.equals(entry) || element.startsWith(entry + "_");
    }

    /** Names of the elements that carry each encoded stream, for probes that watch the media. */
    public static List<String> encodedStreams(Optional<String> video, Optional<String> audio,
                                              List<OutputBranch> branches) {
        if (branches.stream().allMatch(OutputBranch::rawVideo)) {
            return List.of();
        }
        return Stream.concat(video.map(v -> VIDEO_TEE).stream(), audio.map(a -> AUDIO_TEE).stream()).toList();
    }

    /**
     * @param video    launch fragment producing raw video, if the egress records video
     * @param audio    launch fragment producing raw audio, if the egress records audio
     * @param tuning   how x264 serves the outputs (ignored for VP8)
     * @param branches the outputs; branch {@code i} is entered through the element named {@code output_i}
     */
    public static String build(Optional<String> video, Optional<String> audio, EncodingSettings encoding,
                               H264Tuning tuning, int encoderThreads, List<OutputBranch> branches) {
        boolean encoded = branches.stream().anyMatch(branch -> !branch.rawVideo());
        StringBuilder description = new StringBuilder();
        video.ifPresent(source -> {
            description.append(source).append(" ! ").append(LEAKY_QUEUE).append(" name=" + VIDEO_SOURCE_QUEUE)
                    .append(" ! videoconvert ! videorate skip-to-first=true ! videoscale ! video/x-raw,format=I420,width=")
                    .append(encoding.width()).append(",height=").append(encoding.height())
                    .append(",pixel-aspect-ratio=1/1,framerate=").append(encoding.framerate()).append("/1 ! tee name=")
                    .append(RAW_VIDEO_TEE).append('\n');
            if (encoded) {
                description.append(RAW_VIDEO_TEE).append(". ! ").append(QUEUE).append(" name=video_encoder_queue ! ")
                        .append(Encoders.video(encoding, tuning, encoderThreads))
                        .append(" ! tee name=" + VIDEO_TEE + "\n");
            }
        });
        audio.filter(a -> encoded).ifPresent(source -> description
                .append(source).append(" ! audiorate skip-to-first=true tolerance=3000000 ! ").append(LEAKY_QUEUE)
                .append(" ! audioconvert ! audioresample ! audio/x-raw,rate=")
                .append(Encoders.audioSampleRate(encoding)).append(",channels=2 ! ")
                .append(Encoders.audio(encoding)).append(" ! tee name=" + AUDIO_TEE + "\n"));
        for (int i = 0; i < branches.size(); i++) {
            String entry = entry(i);
            OutputBranch branch = branches.get(i);
            if (branch.rawVideo()) {
                // Raw frames for snapshots: a short leaky queue, so a slow consumer never holds back the encode.
                video.ifPresent(v -> description.append(RAW_VIDEO_TEE + ". ! queue leaky=downstream "
                        + "max-size-time=200000000 max-size-buffers=0 max-size-bytes=0 ! ").append(entry)
                        .append(".\n"));
            } else {
                video.ifPresent(v -> description.append(VIDEO_TEE + ". ! ").append(QUEUE).append(" ! ")
                        .append(Encoders.branchParser(encoding.videoCodec())).append(entry)
                        .append('.').append(branch.padFor("video")).append('\n'));
                audio.ifPresent(a -> description.append(AUDIO_TEE + ". ! ").append(QUEUE).append(" ! ")
                        .append(Encoders.branchParser(encoding.audioCodec())).append(entry)
                        .append('.').append(branch.padFor("audio")).append('\n'));
            }
            description.append(branch.elements(entry)).append('\n');
        }
        return description.toString();
    }
}
