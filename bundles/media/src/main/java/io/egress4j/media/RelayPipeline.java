package io.egress4j.media;

import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.api.Relay;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.freedesktop.gstreamer.BufferFlags;
import org.freedesktop.gstreamer.Bus;
import org.freedesktop.gstreamer.Caps;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.GstException;
import org.freedesktop.gstreamer.PadProbeReturn;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.State;
import org.freedesktop.gstreamer.StateChangeReturn;
import org.freedesktop.gstreamer.elements.AppSrc;

/**
 * {@code appsrc ! <sink>} in a pipeline of its own, fed by a {@link MediaTap}. It starts with the stream headers and
 * then waits for a keyframe, so a destination that joins late (or reconnects) gets a stream it can decode.
 */
final class RelayPipeline implements Relay {

    /** What the appsrc holds for a slow sink before it drops the oldest data. */
    private static final long MAX_QUEUED_NANOS = 3_000_000_000L;
    private static final String SINK = "relay_sink";

    private final Pipeline pipeline;
    private final AppSrc source;
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final CountDownLatch endOfStream = new CountDownLatch(1);
    /** Released when the sink has finished with its first buffer, i.e. connected; or when the relay failed. */
    private final CountDownLatch startedOrFailed = new CountDownLatch(1);
    private final AtomicLong buffersSeen = new AtomicLong();
    private final Consumer<RelayPipeline> onClose;
    private volatile Relay.Listener listener = error -> { };
    private boolean capsSet;
    private boolean awaitingKeyframe = true;
    private volatile boolean closed;

    private RelayPipeline(Pipeline pipeline, Consumer<RelayPipeline> onClose) {
        this.pipeline = pipeline;
        this.source = (AppSrc) pipeline.getElementByName("relay_src");
        this.onClose = onClose;
        Bus bus = pipeline.getBus();
        bus.connect((Bus.ERROR) (element, code, message) -> {
            if (failure.compareAndSet(null, message) && !closed) {
                startedOrFailed.countDown();
                listener.failed(message);
            }
        });
        bus.connect((Bus.EOS) element -> endOfStream.countDown());
        Element sink = pipeline.getElementByName(SINK);
        BufferProbes.add(sink.getStaticPad("sink"), buffer -> {
            bytesSent.addAndGet(buffer.size());
            // Network sinks connect while rendering their first media buffer (headers travel in the caps): the
            // second one arriving means that worked.
            if (!buffer.has(BufferFlags.HEADER) && buffersSeen.incrementAndGet() == 2) {
                startedOrFailed.countDown();
            }
            return PadProbeReturn.OK;
        });
    }

    /** Builds the relay and sets it playing; its sink connects once {@link #begin} gave it data. */
    static RelayPipeline start(String tap, String sinkElement, Consumer<RelayPipeline> onClose)
            throws EgressException {
        Gstreamer.ensureInitialized();
        Pipeline pipeline;
        try {
            pipeline = (Pipeline) Gst.parseLaunch("appsrc name=relay_src is-live=true format=time block=false "
                    + "leaky-type=downstream max-bytes=0 max-buffers=0 max-time=" + MAX_QUEUED_NANOS + " ! "
                    + sinkElement + " name=" + SINK + " sync=false async=false");
            pipeline.setName(tap + "_relay");
        } catch (GstException | ClassCastException e) {
            throw new EgressException(Code.INTERNAL, "could not build relay: " + e.getMessage(), e);
        }
        RelayPipeline relay = new RelayPipeline(pipeline, onClose);
        StateChangeReturn result = pipeline.play();
        State state = result == StateChangeReturn.FAILURE ? State.NULL
                : pipeline.getState(TimeUnit.SECONDS.toNanos(15));
        if (state != State.PLAYING) {
            String error = relay.failure.get();
            relay.dispose();
            throw new EgressException(Code.UNAVAILABLE, error != null ? error : "the destination did not start");
        }
        return relay;
    }

    /**
     * Waits until the sink took its first buffer (for network sinks: the peer accepted the stream), then reports
     * later failures to {@code listener}. On failure or timeout the relay is closed and the sink's error thrown.
     */
    void awaitStarted(Duration timeout, Relay.Listener listener) throws EgressException {
        try {
            if (!startedOrFailed.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                failure.compareAndSet(null, "no connection after " + timeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, "interrupted");
        }
        this.listener = listener;
        String error = failure.get();
        if (error != null) {
            close();
            throw new EgressException(Code.UNAVAILABLE, error);
        }
    }

    /** Called with the tap's lock held, before the first {@link #offer}. */
    void begin(String caps, List<MediaTap.Chunk> headers) {
        for (MediaTap.Chunk header : headers) {
            push(caps, header);
        }
    }

    /** Called with the tap's lock held, on the egress pipeline's streaming thread: never blocks. */
    void offer(String caps, MediaTap.Chunk chunk) {
        if (closed || chunk.header()) {
            return;
        }
        if (awaitingKeyframe && chunk.delta()) {
            return;
        }
        awaitingKeyframe = false;
        push(caps, chunk);
    }

    private void push(String caps, MediaTap.Chunk chunk) {
        if (!capsSet && caps != null) {
            source.setCaps(Caps.fromString(caps));
            capsSet = true;
        }
        source.pushBuffer(chunk.toBuffer());
    }

    @Override
    public long bytesSent() {
        return bytesSent.get();
    }

    @Override
    public void finish(Duration timeout) {
        if (!closed && failure.get() == null) {
            source.endOfStream();
            try {
                endOfStream.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        close();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        onClose.accept(this);
        dispose();
    }

    private void dispose() {
        pipeline.setState(State.NULL);
        pipeline.getState(TimeUnit.SECONDS.toNanos(5));
        pipeline.dispose();
    }
}
