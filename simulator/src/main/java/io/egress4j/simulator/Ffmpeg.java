package io.egress4j.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        Process ffmpeg = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] output = ffmpeg.getInputStream().readAllBytes();
        if (!ffmpeg.waitFor(60, TimeUnit.SECONDS)) {
            ffmpeg.destroyForcibly();
            throw new IOException("ffmpeg did not finish decoding " + file);
        }
        return output;
    }

    /** Width and height of the first video stream of {@code file}, as ffprobe reports them. */
    static int[] videoSize(Path file) throws IOException, InterruptedException {
        String[] size = probe(file, "-select_streams", "v:0", "-show_entries", "stream=width,height").split(",");
        return new int[] {Integer.parseInt(size[0]), Integer.parseInt(size[1])};
    }

    /** Whether {@code file} has a video stream. */
    static boolean hasVideo(Path file) throws IOException, InterruptedException {
        return !run(file, "-select_streams", "v", "-show_entries", "stream=index").isEmpty();
    }

    /** How long {@code file} plays, in seconds. */
    static double duration(Path file) throws IOException, InterruptedException {
        return Double.parseDouble(probe(file, "-show_entries", "format=duration"));
    }

    private static String probe(Path file, String... selection) throws IOException, InterruptedException {
        String output = run(file, selection);
        if (!output.matches("[0-9.,]+")) {
            throw new IOException("ffprobe found no " + selection[selection.length - 1] + " in " + file);
        }
        return output;
    }

    private static String run(Path file, String... selection) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ffprobe", "-v", "error"));
        command.addAll(List.of(selection));
        command.addAll(List.of("-of", "csv=p=0", file.toString()));
        Process ffprobe = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(ffprobe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!ffprobe.waitFor(60, TimeUnit.SECONDS)) {
            ffprobe.destroyForcibly();
            throw new IOException("ffprobe did not finish reading " + file);
        }
        return output;
    }
}
