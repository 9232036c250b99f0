package io.egress4j.media;

import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.freedesktop.gstreamer.Bin;
import org.freedesktop.gstreamer.Bus;
import org.freedesktop.gstreamer.Caps;
import org.freedesktop.gstreamer.Clock;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.FlowReturn;
import org.freedesktop.gstreamer.Sample;
import org.freedesktop.gstreamer.elements.AppSink;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.GstException;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.PadProbeReturn;
import org.freedesktop.gstreamer.PadProbeType;
import org.freedesktop.gstreamer.PadDirection;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.State;
import org.freedesktop.gstreamer.StateChangeReturn;
import org.freedesktop.gstreamer.Structure;
import org.freedesktop.gstreamer.event.EOSEvent;
import org.freedesktop.gstreamer.event.Event;
import org.freedesktop.gstreamer.event.EventType;
import org.freedesktop.gstreamer.glib.Natives;
import org.freedesktop.gstreamer.lowlevel.GstEventAPI;
import org.freedesktop.gstreamer.webrtc.WebRTCBin;
import org.freedesktop.gstreamer.webrtc.WebRTCSDPType;
import org.freedesktop.gstreamer.webrtc.WebRTCSessionDescription;

/**
 * One WebRTC peer connection on GStreamer's webrtcbin, with SDP and ICE as plain strings. webrtcbin hands out RTP,
 * not decoded frames, which is what lets track egress remux a publisher's bitstream without transcoding.
 *
 * <p>A sending peer is built from a launch description that contains {@code webrtcbin name=webrtc} with its
 * payloaders linked to it. A receiving peer starts with a bare webrtcbin; every stream the remote side sends is
 * linked to the launch fragment {@code sinkFor} returns for it; what leaves an {@code opusparse} in that fragment
 * starts at zero and has its gaps filled with silence ({@link OpusTimeline}).
 */
public final class WebRtcPeer implements AutoCloseable {

    /** The element of a receiver's own elements that fragments with an unlinked output feed. */
    public static final String MIX = "mix";
    /**
     * How long webrtcbin may take to produce an offer or answer: bounded, so that a wedged peer fails instead of
     * hanging its egress, and generous, because a loaded machine (sixteen subscribers negotiating at once under a
     * busy collector, in SubscriberStressTest) once took more than 10 s.
     */
    private static final long SDP_TIMEOUT_SECONDS = 30;

    /** What a peer reports. Called on GStreamer threads: keep it short. */
    public interface Events {

        /** A local ICE candidate to send to the remote side. */
        void iceCandidate(int mlineIndex, String candidate);

        /** An element failed. */
        void error(String element, String message);

        /** End-of-stream reached every sink (after {@link #sendEndOfStream()}). */
        default void endOfStream() {
        }

        /** The first media reached a recording's muxer (or sink): from now on something is being written. */
        default void recordingStarted() {
        }
    }

    /**
     * A stream arriving at a receiving peer.
     *
     * @param mid  the media section it belongs to, by its SDP {@code a=mid}
     * @param caps its RTP caps, e.g. {@code application/x-rtp, media=video, encoding-name=VP8, ...}
     */
    public record IncomingStream(String mid, String media, String encodingName, String caps) {
    }

    private final Pipeline pipeline;
    private final WebRTCBin webrtc;
    /** Streams being recorded that have not yet seen end-of-stream. */
    private final AtomicInteger recording = new AtomicInteger();
    private final AtomicBoolean recordingStarted = new AtomicBoolean();
    private final MediaTimeSpan mediaTime = new MediaTimeSpan();
    private final List<OpusTimeline> opusTimelines = new CopyOnWriteArrayList<>();
    /** The bins that record incoming streams. */
    private final List<Bin> recorders = new CopyOnWriteArrayList<>();
    private final Map<String, Consumer<byte[]>> appSinkConsumers = new ConcurrentHashMap<>();
    private final List<Runnable> closeActions = new CopyOnWriteArrayList<>();
    private final List<RtcpSources> rtcpSources = new CopyOnWriteArrayList<>();
    /** Whether incoming fragments write the recording themselves, so that its media time is followed here. */
    private final boolean recordsItself;

    private WebRtcPeer(Pipeline pipeline, boolean recordsItself, Events events) {
        this.pipeline = pipeline;
        this.recordsItself = recordsItself;
        this.webrtc = (WebRTCBin) pipeline.getElementByName("webrtc");
        webrtc.connect((WebRTCBin.ON_ICE_CANDIDATE) events::iceCandidate);
        Bus bus = pipeline.getBus();
        bus.connect((Bus.ERROR) (source, code, message) -> events.error(source.getName(), message));
        bus.connect((Bus.EOS) source -> events.endOfStream());
    }

    /** A peer that sends what {@code description} feeds into its {@code webrtcbin name=webrtc}. */
    public static WebRtcPeer sender(String name, String description, Events events) throws EgressException {
        Pipeline pipeline = parse(name, description);
        return new WebRtcPeer(pipeline, false, events);
    }

    /**
     * Adds a stream to a sending peer, before or after it started: {@code fragment} ends in RTP caps left
     * unlinked, which go to a new webrtcbin sink pad. A running peer needs a new offer ({@link #createOffer()}).
     */
    public void addSendingStream(String fragment) throws EgressException {
        try {
            Bin stream = Gst.parseBinFromDescription(fragment, true);
            pipeline.add(stream);
            stream.getStaticPad("src").link(webrtc.getRequestPad("sink_%u"));
            stream.syncStateWithParent();
        } catch (GstException e) {
            throw new EgressException(Code.INTERNAL, "could not build a sending stream: " + e.getMessage(), e);
        }
    }

    /** Opens a data channel: the next offer gets an application section (SCTP) besides the media. */
    public void createDataChannel(String label) {
        // webrtcbin keeps the channel; the reference the signal returns is left to it for the peer's lifetime.
        webrtc.emit("create-data-channel", label, null);
    }

    /**
     * A peer that receives: each incoming stream is linked to the launch fragment {@code sinkFor} returns (it must
     * take RTP, e.g. {@code rtpvp8depay ! webmmux ! filesink location=...}); null drops the stream.
     */
    public static WebRtcPeer receiver(String name, Function<IncomingStream, String> sinkFor, Events events)
            throws EgressException {
        return receiver(name, "", null, sinkFor, events);
    }

    /**
     * A receiving peer whose pipeline also holds {@code elements} (e.g. an {@code audiomixer name=mix} feeding a
     * sink). A fragment from {@code sinkFor} that leaves its output unlinked is linked to a new input of the element
     * named {@value #MIX}. With {@code elements}, the fragments hand their media on (to the mix, or to another
     * pipeline that records it): the first buffer reaching a sink reports the start, and no media time is followed
     * ({@link #recordedMedia()} stays empty), which keeps Java off the per-frame path.
     *
     * @param latency what the pipeline's sinks wait for media, fixed so that streams arriving later (with their
     *                jitter buffers) do not shift the sinks' timing; null for GStreamer's own choice
     */
    public static WebRtcPeer receiver(String name, String elements, Duration latency,
                                      Function<IncomingStream, String> sinkFor, Events events) throws EgressException {
        Pipeline pipeline = parse(name, "webrtcbin name=webrtc bundle-policy=max-bundle\n" + elements);
        if (latency != null) {
            pipeline.set("latency", latency.toNanos());
        }
        WebRtcPeer peer = new WebRtcPeer(pipeline, elements.isBlank(), events);
        peer.webrtc.connect((Element.PAD_ADDED) (element, pad) -> peer.linkIncoming(pad, sinkFor, events));
        return peer;
    }

    private static Pipeline parse(String name, String description) throws EgressException {
        Gstreamer.ensureInitialized();
        try {
            Element parsed = Gst.parseLaunch(description);
            // A description of one element parses to that element, not to a pipeline around it.
            Pipeline pipeline = parsed instanceof Pipeline whole ? whole : new Pipeline(name);
            if (pipeline != parsed) {
                pipeline.add(parsed);
            }
            pipeline.setName(name);
            if (pipeline.getElementByName("webrtc") == null) {
                throw new EgressException(Code.INTERNAL, "no webrtcbin named webrtc in: " + description);
            }
            return pipeline;
        } catch (GstException e) {
            throw new EgressException(Code.INTERNAL, "could not build WebRTC pipeline: " + e.getMessage(), e);
        }
    }

    private void linkIncoming(Pad pad, Function<IncomingStream, String> sinkFor, Events events) {
        if (pad.getDirection() != PadDirection.SRC) {
            return;
        }
        IncomingStream stream = describe(TransceiverMid.of(pad), pad);
        String requested = sinkFor.apply(stream);
        String fragment = requested != null ? requested : "fakesink sync=false async=false";
        try {
            Bin sink = Gst.parseBinFromDescription(fragment, true);
            pipeline.add(sink);
            if (requested != null) {
                watchRecording(sink, events);
                connectAppSinks(sink);
                retimeOpus(sink);
            }
            Pad output = sink.getStaticPad("src");
            if (output != null) {
                output.link(element(MIX).getRequestPad("sink_%u"));
                if (requested != null) {
                    reportFirstBuffer(output, events);
                }
            }
            sink.syncStateWithParent();
            pad.link(sink.getStaticPad("sink"));
        } catch (RuntimeException e) {
            events.error(pipeline.getName(), "cannot record stream " + stream + ": " + e.getMessage());
        }
    }

    /** Reads what arrives on {@code pad}; the caps are ours and disposed here, their structure only borrowed. */
    private static IncomingStream describe(String mid, Pad pad) {
        Caps caps = pad.getCurrentCaps();
        if (caps == null) {
            caps = pad.queryCaps(null);
        }
        try {
            Structure structure = caps.getStructure(0);
            IncomingStream stream = new IncomingStream(mid, structure.getString("media"),
                    structure.getString("encoding-name"), caps.toString());
            structure.invalidate(); // a view into the caps: no stale wrapper may outlive them
            return stream;
        } finally {
            caps.dispose();
        }
    }

    /**
     * Reports when a recording starts being written and when it is complete. webrtcbin's own sinks (RTCP, ICE)
     * never see end-of-stream, so the pipeline never posts it: a receiver reports it once every stream it records
     * has passed it to its sink.
     */
    private void watchRecording(Bin sink, Events events) {
        recorders.add(sink);
        for (Element element : sink.getSinks()) {
            recording.incrementAndGet();
            Pad pad = element.getStaticPad("sink");
            if (recordsItself) {
                watchMediaTime(pad, events);
            } else {
                reportFirstBuffer(pad, events);
            }
            pad.addProbe(PadProbeType.EVENT_DOWNSTREAM, (probed, info) -> {
                if (isEndOfStream(info.getEvent()) && recording.decrementAndGet() == 0) {
                    events.endOfStream();
                }
                return PadProbeReturn.OK;
            });
        }
    }

    /**
     * Follows what enters the element feeding {@code sinkPad} (the muxer, for a file): its first buffer is when the
     * recording starts (a muxer may hold its first output back, oggmux for a page), and the span of its
     * timestamps is the length of the recording as a player will see it, gaps and all.
     */
    private void watchMediaTime(Pad sinkPad, Events events) {
        Pad upstream = sinkPad.getPeer();
        if (upstream == null) {
            return;
        }
        for (Pad input : upstream.getParentElement().getSinkPads()) {
            BufferProbes.add(input, buffer -> {
                if (!recordingStarted.getAndSet(true)) {
                    events.recordingStarted();
                }
                mediaTime.add(buffer, Instant.now());
                return PadProbeReturn.OK;
            });
        }
    }

    /** A stream handing its media on starts the recording with its first buffer; the probe then goes. */
    private void reportFirstBuffer(Pad pad, Events events) {
        BufferProbes.add(pad, buffer -> {
            if (!recordingStarted.getAndSet(true)) {
                events.recordingStarted();
            }
            return PadProbeReturn.REMOVE;
        });
    }

    /** Where the recorded media sits on the wall clock, once something was recorded. */
    public Optional<RecordedMedia> recordedMedia() {
        return mediaTime.recorded();
    }

    /** Every Opus stream we record starts at zero and stays continuous: see {@link OpusTimeline}. */
    private void retimeOpus(Bin sink) {
        for (Element element : sink.getElements()) {
            if ("opusparse".equals(element.getFactory().getName())) {
                opusTimelines.add(OpusTimeline.install(element));
            }
        }
    }

    /**
     * Reads the event's type from the native event. The Java class of the wrapper cannot be trusted: gst1-java-core
     * looks wrappers up by address, so an event allocated where an earlier one lived (a segment just before the
     * muxer's end-of-stream, say) can come back as that earlier event's stale wrapper. Trusting the class lost an
     * end-of-stream now and then, or saw one too early.
     */
    private static boolean isEndOfStream(Event event) {
        GstEventAPI.EventStruct struct = new GstEventAPI.EventStruct(Natives.getRawPointer(event));
        return struct.readField("type") == EventType.EOS;
    }

    /**
     * Hands the bytes of every buffer reaching the appsink named {@code name} (in a fragment returned by
     * {@code sinkFor}) to {@code consumer}, on the streaming thread. Register before the stream arrives.
     */
    public void onAppSinkData(String name, Consumer<byte[]> consumer) {
        appSinkConsumers.put(name, consumer);
    }

    /**
     * Calls {@code reported} with the SSRC of each RTCP report a remote stream sends (its sender reports), on
     * GStreamer's RTCP thread, about once a second per stream.
     */
    public void onRtcpReport(LongConsumer reported) {
        rtcpSources.add(new RtcpSources(webrtc, reported));
    }

    private void connectAppSinks(Bin sink) {
        appSinkConsumers.forEach((name, consumer) -> {
            if (sink.getElementByName(name) instanceof AppSink appSink) {
                appSink.set("emit-signals", true);
                appSink.connect((AppSink.NEW_SAMPLE) element -> {
                    Sample sample = element.pullSample();
                    try {
                        consumer.accept(MediaTap.Chunk.of(sample.getBuffer()).bytes());
                    } finally {
                        sample.dispose();
                    }
                    return FlowReturn.OK;
                });
            }
        });
    }

    /** Starts the pipeline; ICE gathering begins once a description is set. */
    public void start() throws EgressException {
        if (pipeline.play() == StateChangeReturn.FAILURE
                || pipeline.getState(TimeUnit.SECONDS.toNanos(SDP_TIMEOUT_SECONDS)) != State.PLAYING) {
            throw new EgressException(Code.INTERNAL, "WebRTC pipeline failed to start");
        }
    }

    /** Creates an offer, sets it as the local description and returns its SDP. */
    public String createOffer() throws EgressException {
        WebRTCSessionDescription offer = SessionDescriptions.create(webrtc, "create-offer", "offer");
        String sdp = SessionDescriptions.text(offer);
        SessionDescriptions.apply(webrtc, "set-local-description", offer);
        return sdp;
    }

    /** Applies the remote offer, creates the answer, sets it as the local description and returns its SDP. */
    public String answer(String offerSdp) throws EgressException {
        SessionDescriptions.apply(webrtc, "set-remote-description",
                SessionDescriptions.parse(WebRTCSDPType.OFFER, offerSdp));
        WebRTCSessionDescription answer = SessionDescriptions.create(webrtc, "create-answer", "answer");
        String sdp = SessionDescriptions.text(answer);
        SessionDescriptions.apply(webrtc, "set-local-description", answer);
        return sdp;
    }

    /** Applies the remote answer to our offer. */
    public void applyAnswer(String answerSdp) {
        SessionDescriptions.apply(webrtc, "set-remote-description",
                SessionDescriptions.parse(WebRTCSDPType.ANSWER, answerSdp));
    }

    public void addRemoteCandidate(int mlineIndex, String candidate) {
        webrtc.addIceCandidate(mlineIndex, candidate);
    }

    /** webrtcbin's connection state, e.g. {@code CONNECTED}. */
    public String connectionState() {
        return webrtc.getConnectionState().name();
    }

    /** Sets {@code property} of the element named {@code element} (e.g. to mute a source). */
    public void set(String element, String property, Object value) {
        element(element).set(property, value);
    }

    /**
     * Calls {@code added} with every element added anywhere in this peer's pipeline from now on, webrtcbin's own
     * included (its RTP sessions are created as streams are negotiated).
     */
    public void onElementAdded(Consumer<Element> added) {
        pipeline.connect((Bin.DEEP_ELEMENT_ADDED) (bin, parent, element) -> added.accept(element));
    }

    /** The element named {@code name} in this peer's pipeline (e.g. an appsrc a sender feeds). */
    public Element element(String name) {
        Element element = pipeline.getElementByName(name);
        if (element == null) {
            throw new IllegalArgumentException("no element named " + name);
        }
        return element;
    }

    /** Runs {@code action} when the peer closes, before its pipeline stops (e.g. to stop a thread feeding it). */
    public void onClose(Runnable action) {
        closeActions.add(action);
    }

    /**
     * Finishes every stream: muxers write their trailers. A receiver ends its recording bins directly; an
     * end-of-stream sent to the pipeline would have to pass webrtcbin, which does not forward it on every stream.
     * An Opus stream that is muted at this point first gets its silence up to now.
     */
    public void sendEndOfStream() {
        Clock clock = pipeline.getClock();
        if (clock != null) {
            long now = clock.getTime() - pipeline.getBaseTime();
            opusTimelines.forEach(timeline -> timeline.finish(now));
        }
        if (recorders.isEmpty()) {
            pipeline.sendEvent(new EOSEvent());
        }
        for (Bin recorder : recorders) {
            recorder.getStaticPad("sink").sendEvent(new EOSEvent());
        }
    }

    @Override
    public void close() {
        closeActions.forEach(Runnable::run);
        pipeline.setState(State.NULL);
        pipeline.getState(TimeUnit.SECONDS.toNanos(5));
        pipeline.dispose();
    }
}
