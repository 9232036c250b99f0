package io.egress4j.core.cli;

import io.egress4j.protocol.rpc.EgressRpc.StartEgressRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import livekit.LivekitEgress.EncodedFileOutput;
import livekit.LivekitEgress.RoomCompositeEgressRequest;
import livekit.LivekitEgress.WebEgressRequest;

/**
 * Builds the request that {@code --url ... --output ...} (a web egress) or {@code --room ... --output ...} (a room
 * composite) stands for: one file.
 */
final class RequestShortcut {

    private RequestShortcut() {
    }

    static StartEgressRequest build(RecordOptions options) {
        EncodedFileOutput file = EncodedFileOutput.newBuilder().setFilepath(options.output()).build();
        if (options.room() != null) {
            return StartEgressRequest.newBuilder().setRoomComposite(RoomCompositeEgressRequest.newBuilder()
                    .setRoomName(options.room())
                    .setLayout(options.layout())
                    .setAudioOnly(options.audioOnly())
                    .setVideoOnly(options.videoOnly())
                    .addFileOutputs(file)).build();
        }
        return StartEgressRequest.newBuilder().setWeb(WebEgressRequest.newBuilder()
                .setUrl(toUrl(options.url()))
                .setAudioOnly(options.audioOnly())
                .setVideoOnly(options.videoOnly())
                .setAwaitStartSignal(options.awaitStartSignal())
                .addFileOutputs(file)).build();
    }

    /** A local page can be named by its path; it becomes a file:// URL. Anything else is used as given. */
    static String toUrl(String url) {
        if (!url.contains("://")) {
            Path file = Path.of(url);
            if (Files.isRegularFile(file)) {
                return file.toAbsolutePath().normalize().toUri().toString();
            }
        }
        return url;
    }
}
