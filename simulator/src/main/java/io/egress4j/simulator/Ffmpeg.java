package io.egress4j.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs ffmpeg (and ffprobe) on a recording and returns what it writes to standard output. */
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
        return standardOutput(command, file);
    }

    /** Width and height of the first video stream of {@code file}, or empty when it has none. */
    static Optional<int[]> videoSize(Path file) throws IOException, InterruptedException {
        String size = probe(file, "-select_streams", "v:0", "-show_entries", "stream=width,height");
        if (size.isEmpty()) {
            return Optional.empty();
        }
        String[] widthAndHeight = size.split(",");
        return Optional.of(new int[] {Integer.parseInt(widthAndHeight[0]), Integer.parseInt(widthAndHeight[1])});
    }

    /** How long {@code file} plays, in seconds. */
    static double duration(Path file) throws IOException, InterruptedException {
        String duration = probe(file, "-show_entries", "format=duration");
        if (!duration.matches("[0-9.]+")) {
            throw new IOException("ffprobe found no duration in " + file);
        }
        return Double.parseDouble(duration);
    }

    /** {@code ffprobe -v error <selection> -of csv=p=0 <file>}: the values selected, comma-separated. */
    private static String probe(Path file, String... selection) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ffprobe", "-v", "error"));
        command.addAll(List.of(selection));
        command.addAll(List.of("-of", "csv=p=0", file.toString()));
        return new String(standardOutput(command, file), StandardCharsets.UTF_8).trim();
    }

    private static byte[] standardOutput(List<String> command, Path file) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(command.get(0) + " did not finish reading " + file);
        }
        return output;
    }
}
