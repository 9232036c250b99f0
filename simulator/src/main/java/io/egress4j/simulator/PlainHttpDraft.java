package io.egress4j.simulator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.HandshakeState;
import org.java_websocket.exceptions.IncompleteHandshakeException;
import org.java_websocket.exceptions.InvalidHandshakeException;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.HandshakeBuilder;
import org.java_websocket.handshake.HandshakeImpl1Client;
import org.java_websocket.handshake.Handshakedata;
import org.java_websocket.handshake.ServerHandshakeBuilder;

/**
 * RFC 6455 plus answers to plain HTTP requests on the same port, as livekit-server serves its HTTP API beside
 * signalling. livekit-client, after a failed signalling connection, asks {@code /rtc[/v1]/validate} with
 * {@code fetch} from the page's origin: it needs a status it can read (with CORS headers) to fall back from the v1
 * path to v0, where Java-WebSocket would answer a bare 404. A POST (a Twirp call such as RoomService's) is read
 * here with its body, since Java-WebSocket itself refuses any method but GET. Drafts are copied per connection, so
 * the answer belongs to one connection.
 */
final class PlainHttpDraft extends Draft_6455 {

    /** What to answer a plain HTTP request. */
    record Answer(int status, String reason, String contentType, String body) {

        static Answer text(int status, String reason, String body) {
            return new Answer(status, reason, "text/plain; charset=utf-8", body);
        }

        static Answer json(int status, String reason, String body) {
            return new Answer(status, reason, "application/json", body);
        }
    }

    private static final byte[] POST = "POST ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEADERS_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Function<ClientHandshake, Answer> answers;
    private Answer answer;

    /**
     * @param answers the answer to a plain HTTP request: its resource ({@code /path?query}), headers and, for a POST,
     *                body ({@link ClientHandshake#getContent()})
     */
    PlainHttpDraft(Function<ClientHandshake, Answer> answers) {
        this.answers = answers;
    }

    boolean plainHttp() {
        return answer != null;
    }

    @Override
    public HandshakeState acceptHandshakeAsServer(ClientHandshake request) throws InvalidHandshakeException {
        if (!"websocket".equalsIgnoreCase(request.getFieldValue("Upgrade"))) {
            answer = answers.apply(request);
            return HandshakeState.MATCHED;
        }
        return super.acceptHandshakeAsServer(request);
    }

    /**
     * A POST with its body (Content-Length bytes after the headers), else what RFC 6455 reads. Until all of it has
     * arrived, Java-WebSocket is told to wait for more.
     */
    @Override
    public Handshakedata translateHandshake(ByteBuffer buffer) throws InvalidHandshakeException {
        if (!startsWith(buffer, POST)) {
            return super.translateHandshake(buffer);
        }
        int headersEnd = indexOf(buffer, HEADERS_END);
        if (headersEnd < 0) {
            throw new IncompleteHandshakeException(buffer.capacity() + 4096);
        }
        String[] lines = StandardCharsets.ISO_8859_1.decode(buffer.slice(buffer.position(), headersEnd)).toString()
                .split("\r\n");
        HandshakeImpl1Client request = new HandshakeImpl1Client();
        request.setResourceDescriptor(lines[0].split(" ")[1]);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                request.put(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
            }
        }
        int length = Integer.parseInt(request.hasFieldValue("Content-Length")
                ? request.getFieldValue("Content-Length") : "0");
        int bodyStart = headersEnd + HEADERS_END.length;
        if (buffer.remaining() < bodyStart + length) {
            throw new IncompleteHandshakeException(bodyStart + length);
        }
        byte[] body = new byte[length];
        buffer.position(buffer.position() + bodyStart);
        buffer.get(body);
        request.setContent(body);
        return request;
    }

    private static boolean startsWith(ByteBuffer buffer, byte[] prefix) {
        if (buffer.remaining() < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (buffer.get(buffer.position() + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Where {@code needle} starts, counted from the buffer's position, or -1. */
    private static int indexOf(ByteBuffer buffer, byte[] needle) {
        for (int i = 0; i + needle.length <= buffer.remaining(); i++) {
            boolean match = true;
            for (int j = 0; j < needle.length && match; j++) {
                match = buffer.get(buffer.position() + i + j) == needle[j];
            }
            if (match) {
                return i;
            }
        }
        return -1;
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
                + "Content-Type: " + answer.contentType() + "\r\n"
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
