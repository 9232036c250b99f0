package io.egress4j.simulator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs ffmpeg on a recording and returns what it writes to standard output. */
final class Ffmpeg {

    private Ffmpeg() {
    }

    /**
     * {@code ffmpeg -v error -i <file> <arguments>}; its standard output, read whole.
     *
     * @throws IOException when ffmpeg does not finish within a minute
     */
    static byte[] output(Path file, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-i", file.toString()));
        command.addAll(List.of(arguments));
        Process ffmpeg = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] output = ffmpeg.getInputStream().readAllBytes();
        if (!ffmpeg.waitFor(60, TimeUnit.SECONDS)) {
            ffmpeg.destroyForcibly();
            throw new IOException("ffmpeg did not finish decoding " + file);
        }
        return output;
    }
}
