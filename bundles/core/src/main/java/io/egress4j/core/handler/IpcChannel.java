package io.egress4j.core.handler;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * A Unix-domain socket between the worker and one handler, carrying length-prefixed messages:
 * one byte of type, four bytes of payload length, the payload. Writes are serialised; one thread reads.
 */
final class IpcChannel implements AutoCloseable {

    /** Larger than any EgressInfo; a corrupt length must not make the reader allocate gigabytes. */
    private static final int MAX_PAYLOAD = 16 * 1024 * 1024;

    private final SocketChannel socket;

    private IpcChannel(SocketChannel socket) {
        this.socket = socket;
    }

    /** Handler side: connects to the worker's socket. */
    static IpcChannel connect(Path path) throws IOException {
        SocketChannel socket = SocketChannel.open(StandardProtocolFamily.UNIX);
        socket.connect(UnixDomainSocketAddress.of(path));
        return new IpcChannel(socket);
    }

    /**
     * Worker side: waits for the handler's next connection to {@code server}, on the calling thread; closing the
     * server ends the wait with an exception.
     */
    static IpcChannel accept(ServerSocketChannel server) throws IOException {
        return new IpcChannel(server.accept());
    }

    /** Opens the worker's listening socket at {@code path}. */
    static ServerSocketChannel listen(Path path) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        return server;
    }

    synchronized void send(IpcMessage message) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(5 + message.payload().length);
        frame.put((byte) message.type().ordinal()).putInt(message.payload().length).put(message.payload()).flip();
        while (frame.hasRemaining()) {
            socket.write(frame);
        }
    }

    /** The next message; EOFException when the other side closed the connection. */
    IpcMessage receive() throws IOException {
        ByteBuffer header = readFully(5);
        int type = header.get();
        int length = header.getInt();
        if (type < 0 || type >= IpcMessage.Type.values().length || length < 0 || length > MAX_PAYLOAD) {
            throw new IOException("corrupt IPC frame (type " + type + ", length " + length + ")");
        }
        return new IpcMessage(IpcMessage.Type.values()[type], readFully(length).array());
    }

    private ByteBuffer readFully(int size) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(size);
        while (buffer.hasRemaining()) {
            if (socket.read(buffer) < 0) {
                throw new EOFException("IPC connection closed");
            }
        }
        return buffer.flip();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a socket the peer already dropped
        }
    }
}
