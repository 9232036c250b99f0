package io.egress4j.media;

import java.util.EnumSet;
import org.freedesktop.gstreamer.Buffer;
import org.freedesktop.gstreamer.BufferFlags;
import org.freedesktop.gstreamer.ClockTime;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.PadProbeReturn;

/**
 * Gives a received Opus stream the timeline a file needs, without decoding it: time starts at zero with the first
 * frame, and holes are filled with frames that decode to silence.
 *
 * <p>Why: an SFU stops forwarding a muted track, and a lost packet leaves a hole too; muxers close such gaps, so
 * a muted span would vanish instead of being silent and everything after it would play early. Upstream decodes
 * and lets {@code audiorate} fill the gaps; we keep the Opus. And oggmux numbers samples from the pipeline's
 * running time, so a stream that began a while after the pipeline started would open with a stretch of nothing.
 *
 * <p>Installed as a probe on an {@code opusparse}'s source pad; every buffer is retimed in place, preceded by the
 * silent frames for any hole before it; those are flagged GAP, media-neutral filler. A recording that ends while
 * the track is muted gets its silent tail at {@link #finish}.
 */
final class OpusTimeline implements BufferProbes.Handler {

    /** One 20 ms CELT-only fullband stereo frame whose payload is the silence flag. */
    private static final byte[] SILENT_FRAME = {(byte) 0xFC, (byte) 0xFF, (byte) 0xFE};
    private static final long FRAME_NANOS = 20_000_000;
    /** A stream this far behind at the end has stopped (muted) rather than being in flight. */
    private static final long STALLED_NANOS = 200_000_000;

    /** The first frame's timestamp, which becomes zero; negative before the first frame. */
    private long origin = -1;
    /** Where the stream should continue (original timeline): the end of the last frame. */
    private long expectedPts;
    private final Pad source;

    private OpusTimeline(Pad source) {
        this.source = source;
    }

    /** Retimes what leaves {@code opusparse}. */
    static OpusTimeline install(Element opusparse) {
        OpusTimeline timeline = new OpusTimeline(opusparse.getStaticPad("src"));
        BufferProbes.add(timeline.source, timeline);
        return timeline;
    }

    @Override
    public synchronized PadProbeReturn buffer(ProbedBuffer buffer) {
        long pts = buffer.pts();
        if (pts == ClockTime.NONE) {
            return PadProbeReturn.OK;
        }
        if (origin < 0) {
            origin = pts;
            expectedPts = pts;
        }
        fillUntil(pts);
        long duration = buffer.duration() == ClockTime.NONE ? FRAME_NANOS : buffer.duration();
        buffer.retime(Math.max(0, pts - origin), duration);
        expectedPts = Math.max(expectedPts, pts + duration);
        return PadProbeReturn.OK;
    }

    /**
     * The recording ends at {@code runningTime}: a stream that has stopped (the track is muted) is given the silence
     * up to then, so the file lasts as long as the recording did.
     */
    synchronized void finish(long runningTime) {
        if (origin >= 0 && runningTime - expectedPts > STALLED_NANOS) {
            fillUntil(runningTime);
        }
    }

    /** Silent frames from where the stream should continue to {@code pts}. */
    private void fillUntil(long pts) {
        // Rounded, so that timestamp jitter of a few milliseconds never adds a frame.
        long missing = (pts - expectedPts + FRAME_NANOS / 2) / FRAME_NANOS;
        Pad downstream = missing > 0 ? source.getPeer() : null;
        if (downstream == null) {
            return;
        }
        for (long i = 0; i < missing; i++) {
            chain(downstream, silentFrame(expectedPts - origin));
            expectedPts += FRAME_NANOS;
        }
    }

    /** Downstream takes its own reference; ours is released now rather than by the garbage collector. */
    private static void chain(Pad downstream, Buffer frame) {
        downstream.chain(frame);
        frame.dispose();
    }

    /** One silent frame at {@code pts}, flagged GAP. */
    private static Buffer silentFrame(long pts) {
        Buffer frame = new Buffer(SILENT_FRAME.length);
        frame.map(true).put(SILENT_FRAME);
        frame.unmap();
        frame.setPresentationTimestamp(pts);
        frame.setDecodeTimestamp(pts);
        frame.setDuration(FRAME_NANOS);
        frame.setFlags(EnumSet.of(BufferFlags.GAP));
        return frame;
    }
}
