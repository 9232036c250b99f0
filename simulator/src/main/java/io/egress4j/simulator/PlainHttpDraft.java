package io.egress4j.simulator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.HandshakeState;
import org.java_websocket.exceptions.InvalidHandshakeException;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.HandshakeBuilder;
import org.java_websocket.handshake.Handshakedata;
import org.java_websocket.handshake.ServerHandshakeBuilder;

/**
 * RFC 6455 plus answers to plain HTTP requests on the same port. livekit-client, after a failed signalling
 * connection, asks {@code /rtc[/v1]/validate} with {@code fetch} from the page's origin: it needs a status it can
 * read (with CORS headers) to fall back from the v1 path to v0, where Java-WebSocket would answer a bare 404.
 * Drafts are copied per connection, so the answer belongs to one connection.
 */
final class PlainHttpDraft extends Draft_6455 {

    /** What to answer a plain HTTP request. */
    record Answer(int status, String reason, String body) {
    }

    private final Function<String, Answer> answers;
    private Answer answer;

    /** @param answers the answer to a plain HTTP request, from its resource ({@code /path?query}) */
    PlainHttpDraft(Function<String, Answer> answers) {
        this.answers = answers;
    }

    boolean plainHttp() {
        return answer != null;
    }

    @Override
    public HandshakeState acceptHandshakeAsServer(ClientHandshake request) throws InvalidHandshakeException {
        if (!"websocket".equalsIgnoreCase(request.getFieldValue("Upgrade"))) {
            answer = answers.apply(request.getResourceDescriptor());
            return HandshakeState.MATCHED;
        }
        return super.acceptHandshakeAsServer(request);
    }

    @Override
    public HandshakeBuilder postProcessHandshakeResponseAsServer(ClientHandshake request,
                                                                 ServerHandshakeBuilder response)
            throws InvalidHandshakeException {
        return answer != null ? response : super.postProcessHandshakeResponseAsServer(request, response);
    }

    @Override
    public List<ByteBuffer> createHandshake(Handshakedata handshake) {
        if (answer == null) {
            return super.createHandshake(handshake);
        }
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + answer.status() + " " + answer.reason() + "\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Access-Control-Allow-Origin: *\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n\r\n";
        ByteBuffer bytes = ByteBuffer.allocate(head.length() + body.length);
        bytes.put(head.getBytes(StandardCharsets.US_ASCII)).put(body).flip();
        return List.of(bytes);
    }

    @Override
    public Draft copyInstance() {
        return new PlainHttpDraft(answers);
    }
}
