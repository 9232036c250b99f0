package io.egress4j.simulator;

import io.egress4j.media.WebRtcPeer;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.freedesktop.gstreamer.Buffer;
import org.freedesktop.gstreamer.Caps;
import org.freedesktop.gstreamer.Clock;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.FlowReturn;
import org.freedesktop.gstreamer.State;
import org.freedesktop.gstreamer.elements.AppSrc;

/**
 * Feeds the raw media of every track of one sender pipeline into its {@code appsrc name=src_<sid>}: video is the
 * track's colour, white for the first 100 ms of each second, audio its tone at a low level with a louder 100 ms beep
 * at the start of each second. A flash of several frames survives a renderer or screen capture that skips a frame
 * now and then (a browser under load does), where a single white frame would be lost.
 *
 * <p>Flashes and beeps fall on whole seconds of wall-clock time: every buffer's PTS is the pipeline running time
 * at which its wall-clock instant occurs (one offset, measured once, shared by all tracks). So a participant's
 * audio and video are in sync by construction, in every subscriber's pipeline alike, and a recording can be
 * checked for A/V sync from its wall-clock start alone.
 *
 * <p>One thread per pipeline pushes each buffer when the pipeline clock reaches its PTS, as a capture device would.
 * It also opens each track's gate to the payloader once the subscriber answered the offer carrying it and the
 * connection is up: webrtcbin holds media back until then and would send the backlog in one burst, where a real SFU
 * forwards live packets only.
 */
final class SyntheticMedia {

    private static final System.Logger LOG = System.getLogger(SyntheticMedia.class.getName());
    static final long SECOND = 1_000_000_000L;
    static final int FPS = 30;
    static final int RATE = 48_000;
    static final int CHANNELS = 2;
    /** Audio is pushed in 20 ms chunks (Opus frames), 50 a second. */
    private static final int CHUNKS_PER_SECOND = 50;
    private static final int BEEP_CHUNKS = CHUNKS_PER_SECOND / 10;
    private static final int FLASH_FRAMES = FPS / 10;
    /**
     * Every participant beeps on the same instant, so a mix of three peaks at three beeps: kept well under full
     * scale. At 0.5 each, CI twice lost the earlier participants' beeps in a room composite from the moment a third
     * joined while their flashes went on, most likely Chromium's limiter on mixed remote audio squeezing the mix so
     * that those beeps no longer stood out from the loudest part of the recording.
     */
    private static final double BEEP_LEVEL = 0.15;
    private static final double TONE_LEVEL = 0.03;

    /** How often the connection state is looked at until the gates open. */
    private static final long GATE_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final WebRtcPeer peer;
    /** Every track's feed; tracks added while the peer runs join at their next buffer. */
    private final List<Feed> feeds = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    private SyntheticMedia(WebRtcPeer peer, String name) {
        this.peer = peer;
        this.thread = new Thread(this::run, "synthetic-media-" + name);
        thread.setDaemon(true);
    }

    /**
     * Feeds the peer's sources once its pipeline plays, and those of tracks {@link #add added} later; stops when the
     * peer closes.
     */
    static SyntheticMedia start(WebRtcPeer peer, String name) {
        SyntheticMedia media = new SyntheticMedia(peer, name);
        peer.onClose(media::stop);
        media.thread.start();
        return media;
    }

    /** Feeds {@code track}'s {@code appsrc name=src_<sid>}, already in the peer's pipeline. */
    void add(SimulatedTrack track) {
        AppSrc source = (AppSrc) peer.element("src_" + track.sid());
        feeds.add(track.codec().video() ? new VideoFeed(track, source) : new AudioFeed(track, source));
    }

    /**
     * From its next frame on, {@code trackSid}'s video is {@code width}x{@code height}, as when a camera changes
     * resolution or an SFU switches simulcast layers; the encoder starts the new size with a key frame.
     */
    void resize(String trackSid, int width, int height) {
        feeds.stream().filter(feed -> feed.track.sid().equals(trackSid) && feed instanceof VideoFeed)
                .forEach(feed -> ((VideoFeed) feed).resize(width, height));
    }

    /** The subscriber answered an offer carrying {@code sent}: their gates may open once the connection is up. */
    void negotiated(Collection<SimulatedTrack> sent) {
        feeds.stream().filter(feed -> sent.contains(feed.track)).forEach(feed -> feed.negotiated = true);
    }

    /**
     * The launch fragment that keeps {@code track}'s buffers from the payloader until the gate opens. Caps pass, so
     * webrtcbin knows the streams' parameters when it writes the offer.
     */
    static String gate(SimulatedTrack track) {
        return "valve name=gate_" + track.sid() + " drop=true drop-mode=forward-sticky-events";
    }

    private void stop() {
        running = false;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        Element webrtc = peer.element("webrtc");
        // The pipeline hands its elements the clock and base time as they go to PLAYING.
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (webrtc.getState(0, TimeUnit.NANOSECONDS) != State.PLAYING || webrtc.getClock() == null) {
            if (!running || System.nanoTime() > giveUp) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        Clock clock = webrtc.getClock();
        long baseTime = webrtc.getBaseTime();
        long wallToRunning = epochNanos() - (clock.getTime() - baseTime);
        long nextGateCheck = 0;
        while (running) {
            long now = clock.getTime() - baseTime;
            feeds.stream().filter(feed -> !feed.started()).forEach(feed -> feed.startAfter(now + wallToRunning));
            boolean gatesClosed = feeds.stream().anyMatch(feed -> !feed.gateOpen);
            if (gatesClosed && now >= nextGateCheck) {
                openGatesIfConnected();
                nextGateCheck = now + GATE_CHECK_NANOS;
            }
            Feed next = feeds.stream().min(Comparator.comparingLong(feed -> feed.nextWall)).orElse(null);
            long wait = next == null ? GATE_CHECK_NANOS : next.nextWall - wallToRunning - now;
            if (wait > 0) {
                LockSupport.parkNanos(gatesClosed ? Math.min(wait, GATE_CHECK_NANOS) : wait);
                continue;
            }
            FlowReturn flow = next.push(wallToRunning);
            if (flow != FlowReturn.OK) {
                LOG.log(running ? Level.WARNING : Level.DEBUG, "synthetic media of {0} stops: {1}",
                        next.track.sid(), flow);
                feeds.remove(next);
            }
        }
    }

    private void openGatesIfConnected() {
        if (peer.connectionState().equals("CONNECTED")) {
            feeds.stream().filter(feed -> feed.negotiated && !feed.gateOpen).forEach(feed -> {
                peer.set("gate_" + feed.track.sid(), "drop", false);
                feed.gateOpen = true;
            });
        }
    }

    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * SECOND + now.getNano();
    }

    /** One track's buffers, numbered on the wall-clock timeline. */
    private abstract static class Feed {

        final SimulatedTrack track;
        final AppSrc source;
        private final int perSecond;
        private long index;
        long nextWall = Long.MIN_VALUE;
        volatile boolean negotiated;
        volatile boolean gateOpen;

        Feed(SimulatedTrack track, AppSrc source, int perSecond) {
            this.track = track;
            this.source = source;
            this.perSecond = perSecond;
        }

        boolean started() {
            return nextWall != Long.MIN_VALUE;
        }

        /** The first buffer is the first one that starts after {@code wallNanos}. */
        void startAfter(long wallNanos) {
            index = wallNanos / SECOND * perSecond + wallNanos % SECOND * perSecond / SECOND + 1;
            nextWall = wallOf(index);
        }

        /** Wall-clock nanoseconds of buffer {@code n}, without overflowing on epoch-sized numbers. */
        private long wallOf(long n) {
            return n / perSecond * SECOND + n % perSecond * SECOND / perSecond;
        }

        FlowReturn push(long wallToRunning) {
            byte[] data = content((int) (index % perSecond));
            Buffer buffer = new Buffer(data.length);
            ByteBuffer mapped = buffer.map(true);
            mapped.put(data);
            buffer.unmap();
            long following = wallOf(index + 1);
            buffer.setPresentationTimestamp(nextWall - wallToRunning);
            buffer.setDuration(following - nextWall);
            index++;
            nextWall = following;
            return source.pushBuffer(buffer);
        }

        /** The bytes of buffer {@code n} of a second. */
        abstract byte[] content(int n);
    }

    /** I420 frames of one colour; the first {@value #FLASH_FRAMES} of each second are white. */
    private static final class VideoFeed extends Feed {

        /** A size asked for by {@link #resize}, taken up by the pushing thread before its next frame. */
        private final AtomicReference<int[]> newSize = new AtomicReference<>();
        private byte[] colour;
        private byte[] flash;

        VideoFeed(SimulatedTrack track, AppSrc source) {
            super(track, source, FPS);
            draw(track.width(), track.height());
        }

        void resize(int width, int height) {
            newSize.set(new int[] {width, height});
        }

        @Override
        FlowReturn push(long wallToRunning) {
            int[] size = newSize.getAndSet(null);
            if (size != null) {
                source.setCaps(Caps.fromString(SimulatedTrack.rawVideo(size[0], size[1])));
                draw(size[0], size[1]);
            }
            return super.push(wallToRunning);
        }

        private void draw(int width, int height) {
            colour = frame(track.colour(), width, height);
            flash = frame(0xffffff, width, height);
        }

        @Override
        byte[] content(int n) {
            return n < FLASH_FRAMES ? flash : colour;
        }

        /** A solid I420 frame, BT.601 limited range (what encoders and players assume for SD/HD without tags). */
        private static byte[] frame(int rgb, int width, int height) {
            double r = (rgb >> 16 & 0xff) / 255.0;
            double g = (rgb >> 8 & 0xff) / 255.0;
            double b = (rgb & 0xff) / 255.0;
            int luma = (int) Math.round(16 + 65.481 * r + 128.553 * g + 24.966 * b);
            int cb = (int) Math.round(128 - 37.797 * r - 74.203 * g + 112.0 * b);
            int cr = (int) Math.round(128 + 112.0 * r - 93.786 * g - 18.214 * b);
            int lumaSize = width * height;
            int chromaSize = lumaSize / 4;
            byte[] frame = new byte[lumaSize + 2 * chromaSize];
            Arrays.fill(frame, 0, lumaSize, (byte) luma);
            Arrays.fill(frame, lumaSize, lumaSize + chromaSize, (byte) cb);
            Arrays.fill(frame, lumaSize + chromaSize, frame.length, (byte) cr);
            return frame;
        }
    }

    /** S16LE stereo: a second of tone with a beep in its first 100 ms, computed once and replayed. */
    private static final class AudioFeed extends Feed {

        private final byte[][] chunks = new byte[CHUNKS_PER_SECOND][];

        AudioFeed(SimulatedTrack track, AppSrc source) {
            super(track, source, CHUNKS_PER_SECOND);
            int toneHz = track.colour();
            int samples = RATE / CHUNKS_PER_SECOND;
            for (int c = 0; c < CHUNKS_PER_SECOND; c++) {
                double level = c < BEEP_CHUNKS ? BEEP_LEVEL : TONE_LEVEL;
                ByteBuffer chunk = ByteBuffer.allocate(samples * CHANNELS * 2).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < samples; i++) {
                    // An integral frequency makes every second start at the same phase: seconds join seamlessly.
                    double t = (double) (c * samples + i) / RATE;
                    short value = (short) Math.round(level * Short.MAX_VALUE * Math.sin(2 * Math.PI * toneHz * t));
                    for (int channel = 0; channel < CHANNELS; channel++) {
                        chunk.putShort(value);
                    }
                }
                chunks[c] = chunk.array();
            }
        }

        @Override
        byte[] content(int n) {
            return chunks[n];
        }
    }
}
