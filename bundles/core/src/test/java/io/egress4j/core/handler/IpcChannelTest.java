package io.egress4j.core.handler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.EOFException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
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
            try (IpcChannel worker = IpcChannel.accept(server, Duration.ofSeconds(5));
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
    void acceptGivesUpWhenNoHandlerConnects() throws Exception {
        try (ServerSocketChannel server = IpcChannel.listen(dir.resolve("quiet.sock"))) {
            assertThrows(TimeoutException.class, () -> IpcChannel.accept(server, Duration.ofMillis(200)));
        }
    }
}
