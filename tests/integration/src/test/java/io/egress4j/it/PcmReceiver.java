package io.egress4j.it;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/** A WebSocket server standing in for a transcriber: keeps what an egress sends it (PCM frames, text frames). */
final class PcmReceiver extends WebSocketServer implements AutoCloseable {

    private final CountDownLatch started = new CountDownLatch(1);
    private final List<String> texts = new CopyOnWriteArrayList<>();
    private final List<Instant> textArrivals = new CopyOnWriteArrayList<>();
    private volatile String contentType;
    private volatile boolean closedByEgress;
    private long bytes;
    private double sumOfSquares;
    private long samples;

    private PcmReceiver() {
        super(new InetSocketAddress("127.0.0.1", 0));
    }

    static PcmReceiver listen() throws InterruptedException {
        PcmReceiver receiver = new PcmReceiver();
        receiver.setReuseAddr(true);
        receiver.start();
        receiver.started.await(10, TimeUnit.SECONDS);
        return receiver;
    }

    String url() {
        return "ws://127.0.0.1:" + getPort() + "/transcribe?token=secret";
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        contentType = handshake.getFieldValue("Content-Type");
    }

    @Override
    public synchronized void onMessage(WebSocket conn, ByteBuffer message) {
        ByteBuffer pcm = message.order(ByteOrder.LITTLE_ENDIAN);
        bytes += pcm.remaining();
        while (pcm.remaining() >= 2) {
            short sample = pcm.getShort();
            sumOfSquares += (double) sample * sample;
            samples++;
        }
        notifyAll();
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        texts.add(message);
        textArrivals.add(Instant.now());
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        closedByEgress = remote;
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
    }

    @Override
    public void onStart() {
        started.countDown();
    }

    synchronized void awaitBytes(long count, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (bytes < count && System.nanoTime() < end) {
            wait(100);
        }
        if (bytes < count) {
            throw new AssertionError("only " + bytes + " PCM bytes arrived within " + timeout);
        }
    }

    String contentType() {
        return contentType;
    }

    List<String> texts() {
        return List.copyOf(texts);
    }

    /** When each text frame arrived, in the order of {@link #texts()}. */
    List<Instant> textArrivals() {
        return List.copyOf(textArrivals);
    }

    boolean closedByEgress() {
        return closedByEgress;
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized double rms() {
        return samples == 0 ? 0 : Math.sqrt(sumOfSquares / samples);
    }

    @Override
    public void close() {
        try {
            stop(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
