package io.egress4j.core.handler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.EOFException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real Unix-domain sockets, both ends in this JVM. */
class IpcChannelTest {

    @TempDir
    Path dir;

    @Test
    void messagesCrossInBothDirections() throws Exception {
        Path path = dir.resolve("ipc.sock");
        try (ServerSocketChannel server = IpcChannel.listen(path)) {
            CompletableFuture<IpcChannel> handler = CompletableFuture.supplyAsync(() -> {
                try {
                    return IpcChannel.connect(path);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (IpcChannel worker = IpcChannel.accept(server);
                 IpcChannel child = handler.get()) {
                child.send(IpcMessage.of(IpcMessage.Type.READY));
                child.send(new IpcMessage(IpcMessage.Type.INFO, new byte[] {1, 2, 3}));
                worker.send(IpcMessage.text(IpcMessage.Type.STOP, "StopEgress API"));

                assertEquals(IpcMessage.Type.READY, worker.receive().type());
                IpcMessage info = worker.receive();
                assertEquals(IpcMessage.Type.INFO, info.type());
                assertArrayEquals(new byte[] {1, 2, 3}, info.payload());
                assertEquals("StopEgress API", child.receive().text());

                child.close();
                assertThrows(EOFException.class, worker::receive);
            }
        }
    }

    @Test
    void closingTheServerEndsAWaitingAccept() throws Exception {
        ServerSocketChannel server = IpcChannel.listen(dir.resolve("quiet.sock"));
        CompletableFuture<Throwable> waiting = new CompletableFuture<>();
        Thread acceptor = new Thread(() -> {
            try {
                IpcChannel.accept(server);
                waiting.complete(null);
            } catch (Exception e) {
                waiting.complete(e);
            }
        });
        acceptor.start();
        Thread.sleep(200);
        server.close();
        assertInstanceOf(AsynchronousCloseException.class, waiting.get(5, TimeUnit.SECONDS));
    }
}
