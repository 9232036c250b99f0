package io.egress4j.media;

import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.freedesktop.gstreamer.Bus;
import org.freedesktop.gstreamer.Clock;
import org.freedesktop.gstreamer.ClockTime;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.GstException;
import org.freedesktop.gstreamer.PadProbeReturn;
import org.freedesktop.gstreamer.PadProbeType;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.State;
import org.freedesktop.gstreamer.StateChangeReturn;
import org.freedesktop.gstreamer.Structure;
import org.freedesktop.gstreamer.message.MessageType;
import org.freedesktop.gstreamer.elements.AppSink;
import org.freedesktop.gstreamer.event.EOSEvent;

/**
 * One GStreamer pipeline built from a launch description. The description language keeps sources and outputs free
 * of GStreamer types: they contribute text fragments, and only this bundle talks to the native library.
 */
public final class MediaPipeline implements AutoCloseable {

    /** How long a state change may take before the pipeline counts as frozen (upstream uses the same 15 s). */
    private static final Duration STATE_CHANGE_TIMEOUT = Duration.ofSeconds(15);

    private final Pipeline pipeline;
    private final CountDownLatch endOfStream = new CountDownLatch(1);

    private MediaPipeline(Pipeline pipeline, PipelineEvents events) {
        this.pipeline = pipeline;
        Bus bus = pipeline.getBus();
        bus.connect((Bus.ERROR) (source, code, message) -> events.error(source.getName(), message));
        bus.connect((Bus.MESSAGE) (source, message) -> {
            if (message.getType() == MessageType.ELEMENT && message.getStructure() != null) {
                Structure structure = message.getStructure();
                events.elementMessage(message.getSource().getName(), structure.getName(), fields(structure));
            }
        });
        bus.connect((Bus.EOS) source -> {
            endOfStream.countDown();
            events.endOfStream();
        });
    }

    private static Map<String, String> fields(Structure structure) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < structure.getFields(); i++) {
            String name = structure.getName(i);
            try {
                fields.put(name, String.valueOf(structure.getValue(name)));
            } catch (RuntimeException unsupportedType) {
                // Fields of types gst1-java-core cannot convert (element references) are left out.
            }
        }
        return fields;
    }

    /** Parses {@code description} (gst-launch syntax) into a pipeline named {@code name}. */
    public static MediaPipeline parse(String name, String description, PipelineEvents events) throws EgressException {
        Gstreamer.ensureInitialized();
        try {
            Pipeline pipeline = (Pipeline) Gst.parseLaunch(description);
            pipeline.setName(name);
            return new MediaPipeline(pipeline, events);
        } catch (GstException | ClassCastException e) {
            throw new EgressException(Code.INTERNAL, "could not build pipeline: " + e.getMessage(), e);
        }
    }

    /** Starts the media flowing and waits until every element is playing. */
    public void play() throws EgressException {
        StateChangeReturn result = pipeline.play();
        if (result == StateChangeReturn.FAILURE) {
            throw new EgressException(Code.INTERNAL, "pipeline failed to start");
        }
        State state = pipeline.getState(TimeUnit.MILLISECONDS.toNanos(STATE_CHANGE_TIMEOUT.toMillis()));
        if (state != State.PLAYING) {
            throw new EgressException(Code.INTERNAL, "pipeline frozen");
        }
    }

    /** Asks every source to finish; muxers then finalise their files. */
    public void sendEndOfStream() {
        pipeline.sendEvent(new EOSEvent());
    }

    /** Waits until end-of-stream has reached every sink. Returns false when the timeout passed first. */
    public boolean awaitEndOfStream(Duration timeout) throws InterruptedException {
        return endOfStream.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * How long the pipeline clock has been running since the pipeline started playing. Live sources stamp their
     * media with this running time, so it tells when the first recorded frame was captured.
     */
    public Duration runningTime() {
        Clock clock = pipeline.getClock();
        if (clock == null) {
            return Duration.ZERO;
        }
        long running = clock.getTime() - pipeline.getBaseTime();
        return running > 0 ? Duration.ofNanos(running) : Duration.ZERO;
    }

    /**
     * Reports the timestamp (running time) of the first buffer that reaches the element named {@code elementName}.
     * Live sources may deliver their first frame a little after the clock started; this tells when media begins.
     */
    public void onFirstBuffer(String elementName, Consumer<Duration> timestamp) {
        Element element = pipeline.getElementByName(elementName);
        if (element == null) {
            throw new IllegalArgumentException("no element named " + elementName);
        }
        element.getStaticPad("sink").addProbe(PadProbeType.BUFFER, (pad, info) -> {
            long pts = info.getBuffer().getPresentationTimestamp();
            if (pts >= 0 && pts != ClockTime.NONE) {
                timestamp.accept(Duration.ofNanos(pts));
            }
            return PadProbeReturn.REMOVE;
        });
    }

    /**
     * Shifts everything that leaves the element named {@code elementName} later by {@code delay} in running time;
     * call before {@link #play()}.
     */
    public void delayOutput(String elementName, Duration delay) {
        Element element = pipeline.getElementByName(elementName);
        if (element == null) {
            throw new IllegalArgumentException("no element named " + elementName);
        }
        // GstPad's "offset" property: added to the running time of everything that leaves the pad
        element.getStaticPad("src").set("offset", delay.toNanos());
    }

    /** Lets relays receive what reaches the appsink named {@code appsinkName}; call before {@link #play()}. */
    public MediaTap tap(String appsinkName) {
        Element element = pipeline.getElementByName(appsinkName);
        if (!(element instanceof AppSink sink)) {
            throw new IllegalArgumentException("no appsink named " + appsinkName);
        }
        return new MediaTap(sink);
    }

    /** Number of elements, counted through every bin: a quick way to show how much work a pipeline does. */
    public int elementCount() {
        return pipeline.getElementsRecursive().size();
    }

    @Override
    public void close() {
        pipeline.setState(State.NULL);
        pipeline.getState(TimeUnit.SECONDS.toNanos(5));
        pipeline.dispose();
    }
}
