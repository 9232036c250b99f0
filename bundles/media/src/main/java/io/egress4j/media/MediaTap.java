package io.egress4j.media;

import io.egress4j.api.EgressException;
import io.egress4j.api.Relay;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.freedesktop.gstreamer.Buffer;
import org.freedesktop.gstreamer.BufferFlags;
import org.freedesktop.gstreamer.FlowReturn;
import org.freedesktop.gstreamer.Sample;
import org.freedesktop.gstreamer.elements.AppSink;

/**
 * Copies what reaches one appsink of the egress pipeline to any number of {@link RelayPipeline}s. Each relay is a
 * pipeline of its own, so a destination that fails, stalls or reconnects never touches the egress pipeline; the tap
 * itself never blocks the streaming thread.
 */
public final class MediaTap {

    /** How long a destination may take to accept the stream (rtmp2sink's own timeout is 5 s per attempt). */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);

    private final String name;
    private final List<RelayPipeline> relays = new CopyOnWriteArrayList<>();
    /** The stream headers (e.g. FLV header and codec configuration) every new relay must send first. */
    private final List<Chunk> headers = new ArrayList<>();
    private boolean headersComplete;
    private String caps;

    MediaTap(AppSink sink) {
        this.name = sink.getName();
        sink.set("emit-signals", true);
        sink.connect((AppSink.NEW_SAMPLE) this::newSample);
    }

    /** Starts a relay into {@code sinkElement}; see {@link io.egress4j.api.BranchControls#relay}. */
    public Relay relay(String sinkElement, Relay.Listener listener) throws EgressException {
        RelayPipeline relay = RelayPipeline.start(name, sinkElement, relays::remove);
        synchronized (this) {
            relay.begin(caps, headers);
            relays.add(relay);
        }
        relay.awaitStarted(CONNECT_TIMEOUT, listener);
        return relay;
    }

    private FlowReturn newSample(AppSink sink) {
        Sample sample = sink.pullSample();
        try {
            Chunk chunk = Chunk.of(sample.getBuffer());
            synchronized (this) {
                if (caps == null && sample.getCaps() != null) {
                    caps = sample.getCaps().toString();
                }
                if (!headersComplete) {
                    if (chunk.header()) {
                        headers.add(chunk);
                    } else {
                        headersComplete = true;
                    }
                }
                for (RelayPipeline relay : relays) {
                    relay.offer(caps, chunk);
                }
            }
        } finally {
            sample.dispose();
        }
        return FlowReturn.OK;
    }

    /** A buffer's bytes and the flags relays need, copied off the streaming thread's buffer. */
    record Chunk(byte[] bytes, long pts, long dts, boolean header, boolean delta) {

        static Chunk of(Buffer buffer) {
            ByteBuffer mapped = buffer.map(false);
            byte[] bytes = new byte[mapped.remaining()];
            mapped.get(bytes);
            buffer.unmap();
            EnumSet<BufferFlags> flags = buffer.getFlags();
            return new Chunk(bytes, buffer.getPresentationTimestamp(), buffer.getDecodeTimestamp(),
                    flags.contains(BufferFlags.HEADER), flags.contains(BufferFlags.DELTA_UNIT));
        }

        Buffer toBuffer() {
            Buffer buffer = new Buffer(bytes.length);
            buffer.map(true).put(bytes);
            buffer.unmap();
            buffer.setPresentationTimestamp(pts);
            buffer.setDecodeTimestamp(dts);
            EnumSet<BufferFlags> flags = EnumSet.noneOf(BufferFlags.class);
            if (header) {
                flags.add(BufferFlags.HEADER);
            }
            if (delta) {
                flags.add(BufferFlags.DELTA_UNIT);
            }
            if (!flags.isEmpty()) {
                buffer.setFlags(flags);
            }
            return buffer;
        }
    }
}
