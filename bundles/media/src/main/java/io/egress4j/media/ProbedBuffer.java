package io.egress4j.media;

import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import org.freedesktop.gstreamer.BufferFlags;
import org.freedesktop.gstreamer.ClockTime;

/**
 * The buffer a {@link BufferProbes} probe sees, read and written in native memory: no Java wrapper, no reflection,
 * nothing for the collector. Valid only during the probe call. The field offsets come from GStreamer's public
 * structs as JNA lays them out on this platform.
 */
final class ProbedBuffer {

    private static final long DATA = ProbeInfoLayout.offset("data");
    private static final long FLAGS = BufferLayout.offset("flags");
    private static final long PTS = BufferLayout.offset("pts");
    private static final long DTS = BufferLayout.offset("dts");
    private static final long DURATION = BufferLayout.offset("duration");

    private final Pointer info;
    private Pointer buffer;

    ProbedBuffer(Pointer info) {
        this.info = info;
        this.buffer = info.getPointer(DATA);
    }

    /** Presentation timestamp in nanoseconds, or {@link ClockTime#NONE}. */
    long pts() {
        return buffer.getLong(PTS);
    }

    /** Duration in nanoseconds, or {@link ClockTime#NONE}. */
    long duration() {
        return buffer.getLong(DURATION);
    }

    boolean has(BufferFlags flag) {
        return (buffer.getInt(FLAGS) & flag.intValue()) != 0;
    }

    long size() {
        return BufferProbes.ProbeApi.API.gst_buffer_get_size(buffer).longValue();
    }

    /**
     * Gives the buffer new timestamps (decode = presentation) and duration. A buffer someone else also holds is
     * copied first (metadata only, the memory is shared), and the copy goes on in its place.
     */
    void retime(long pts, long duration) {
        Pointer writable = BufferProbes.ProbeApi.API.gst_mini_object_make_writable(buffer);
        if (!writable.equals(buffer)) {
            info.setPointer(DATA, writable);
            buffer = writable;
        }
        buffer.setLong(PTS, pts);
        buffer.setLong(DTS, pts);
        buffer.setLong(DURATION, duration);
    }

    /** The start of {@code GstPadProbeInfo}, up to the data it carries. */
    @Structure.FieldOrder({"type", "id", "data"})
    public static final class ProbeInfoLayout extends Structure {
        public int type;
        public NativeLong id;
        public Pointer data;

        static long offset(String field) {
            return new ProbeInfoLayout().fieldOffset(field);
        }
    }

    /** The start of {@code GstBuffer}: its {@code GstMiniObject}, then the pool and the timing. */
    @Structure.FieldOrder({"type", "refcount", "lockstate", "flags", "copy", "dispose", "free", "privUint",
            "privPointer", "pool", "pts", "dts", "duration"})
    public static final class BufferLayout extends Structure {
        public NativeLong type;
        public int refcount;
        public int lockstate;
        public int flags;
        public Pointer copy;
        public Pointer dispose;
        public Pointer free;
        public int privUint;
        public Pointer privPointer;
        public Pointer pool;
        public long pts;
        public long dts;
        public long duration;

        static long offset(String field) {
            return new BufferLayout().fieldOffset(field);
        }
    }
}
