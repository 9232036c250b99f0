package io.egress4j.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.freedesktop.gstreamer.Buffer;
import org.freedesktop.gstreamer.BufferFlags;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.Sample;
import org.freedesktop.gstreamer.elements.AppSink;
import org.freedesktop.gstreamer.elements.AppSrc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** OpusTimeline on a real opusparse: the stream is retimed in place to start at zero, holes become silent frames. */
@Timeout(20)
class OpusTimelineTest {

    private static final byte[] FRAME = {(byte) 0xFC, (byte) 0xFF, (byte) 0xFE};
    private static final long MS = 1_000_000;

    private Pipeline pipeline;
    private AppSrc source;
    private AppSink sink;
    private OpusTimeline timeline;

    @BeforeEach
    void build() {
        Gstreamer.ensureInitialized();
        pipeline = (Pipeline) Gst.parseLaunch("appsrc name=src format=time caps=audio/x-opus,rate=48000,channels=2,"
                + "channel-mapping-family=0 ! opusparse name=parse ! appsink name=out sync=false");
        source = (AppSrc) pipeline.getElementByName("src");
        sink = (AppSink) pipeline.getElementByName("out");
        timeline = OpusTimeline.install(pipeline.getElementByName("parse"));
        pipeline.play();
    }

    @AfterEach
    void close() {
        pipeline.stop();
        pipeline.dispose();
    }

    @Test
    void startsAtZeroAndFillsAHoleWithSilence() {
        for (long pts : new long[] {5000, 5020, 5040, 5100}) {
            push(pts);
        }
        assertEquals(List.of("0", "20", "40", "60 gap", "80 gap", "100"), received(6));
    }

    @Test
    void aStreamThatStoppedGetsItsSilentTailAtTheEnd() {
        push(7000);
        push(7020);
        List<String> before = received(2);
        timeline.finish(7300 * MS); // 260 ms after the stream's end: 13 frames
        List<String> after = received(13);
        assertEquals(List.of("0", "20"), before);
        assertEquals(List.of("40 gap", "280 gap"), List.of(after.get(0), after.get(12)));
    }

    private void push(long ptsMillis) {
        Buffer buffer = new Buffer(FRAME.length);
        buffer.map(true).put(FRAME);
        buffer.unmap();
        buffer.setPresentationTimestamp(ptsMillis * MS);
        buffer.setDuration(20 * MS);
        source.pushBuffer(buffer);
    }

    /**
     * The next {@code count} buffers out of the parser: their timestamp in ms, and "gap" if flagged so. Waits for
     * each; the class's timeout ends a wait for one that never comes.
     */
    private List<String> received(int count) {
        List<String> buffers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Sample sample = sink.pullSample();
            Buffer buffer = sample.getBuffer();
            buffers.add(buffer.getPresentationTimestamp() / MS
                    + (buffer.getFlags().contains(BufferFlags.GAP) ? " gap" : ""));
            sample.dispose();
        }
        return buffers;
    }
}
