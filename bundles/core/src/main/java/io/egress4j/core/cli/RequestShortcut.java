package io.egress4j.core.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import livekit.LivekitEgress.EncodedFileOutput;
import livekit.LivekitEgress.WebEgressRequest;

/** Builds the WebEgressRequest that {@code --url ... --output ...} stands for. */
final class RequestShortcut {

    private RequestShortcut() {
    }

    static WebEgressRequest build(RecordOptions options) {
        return WebEgressRequest.newBuilder()
                .setUrl(toUrl(options.url()))
                .setAudioOnly(options.audioOnly())
                .setVideoOnly(options.videoOnly())
                .setAwaitStartSignal(options.awaitStartSignal())
                .addFileOutputs(EncodedFileOutput.newBuilder().setFilepath(options.output()))
                .build();
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
