package io.egress4j.egress.track;

import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Raw audio to a WebSocket, as upstream sends it: dialled with {@code Content-Type: audio/x-raw}, binary frames of
 * interleaved S16LE 48 kHz stereo PCM, text frames {@code {"muted":true}} / {@code {"muted":false}} when the track
 * is muted or unmuted, a close frame at the end. Frames go out in order, one at a time.
 */
final class AudioWebSocket implements AutoCloseable {

    private static final Duration DIAL_TIMEOUT = Duration.ofSeconds(10);

    private final WebSocket socket;
    private final Consumer<String> onError;
    private CompletableFuture<WebSocket> last;

    private AudioWebSocket(WebSocket socket, Consumer<String> onError) {
        this.socket = socket;
        this.onError = onError;
        this.last = CompletableFuture.completedFuture(socket);
    }

    /**
     * @param onError called once when a frame cannot be sent (the receiver went away)
     * @throws EgressException INVALID_ARGUMENT naming the (redacted) URL when it cannot be dialled
     */
    static AudioWebSocket dial(String url, Consumer<String> onError) throws EgressException {
        try {
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .header("Content-Type", "audio/x-raw").connectTimeout(DIAL_TIMEOUT)
                    .buildAsync(URI.create(url), new WebSocket.Listener() { })
                    .get(DIAL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return new AudioWebSocket(socket, onError);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EgressException(Code.INVALID_ARGUMENT, "interrupted while dialling the websocket");
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            // The URL may carry credentials: the field is named, the URL not shown.
            throw new EgressException(Code.INVALID_ARGUMENT, "cannot connect to websocket_url: "
                    + cause.getMessage());
        }
    }

    synchronized void pcm(byte[] samples) {
        last = last.thenCompose(ws -> ws.sendBinary(ByteBuffer.wrap(samples), true)).whenComplete(this::failed);
    }

    synchronized void muted(boolean muted) {
        last = last.thenCompose(ws -> ws.sendText("{\"muted\":" + muted + "}", true)).whenComplete(this::failed);
    }

    private void failed(WebSocket ignored, Throwable error) {
        if (error != null) {
            onError.accept("websocket write failed: " + error.getMessage());
        }
    }

    /** Sends what is queued, then a close frame. */
    @Override
    public synchronized void close() {
        try {
            last.thenCompose(ws -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "egress ended"))
                    .get(DIAL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            socket.abort();
        }
    }
}
