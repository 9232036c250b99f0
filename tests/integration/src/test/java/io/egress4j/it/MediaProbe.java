package io.egress4j.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.egress4j.simulator.AvSignals;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What ffprobe and ffmpeg say about a recorded file. */
final class MediaProbe {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SILENCE_START = Pattern.compile("silence_start: (-?[0-9.]+)");
    private static final Pattern SILENCE_END = Pattern.compile("silence_end: (-?[0-9.]+)");
    private static final Pattern MEAN_VOLUME = Pattern.compile("mean_volume: (-?[0-9.]+|-inf) dB");

    private final JsonNode probe;

    private MediaProbe(JsonNode probe) {
        this.probe = probe;
    }

    static MediaProbe of(Path file) throws IOException, InterruptedException {
        List<String> command = List.of("ffprobe", "-v", "error", "-print_format", "json", "-show_format",
                "-show_streams", file.toString());
        JsonNode probe = JSON.readTree(run(command, false));
        if (!probe.has("format")) {
            throw new AssertionError("ffprobe cannot read " + file + " (" + Files.size(file) + " bytes): "
                    + run(command, true) + "; top-level boxes: " + mp4Boxes(file));
        }
        return new MediaProbe(probe);
    }

    /**
     * Waits (at most 30 s) until a fragmented MP4 being written probes longer than {@code seconds}; returns its
     * length then.
     */
    static double awaitDuration(Path file, double seconds) throws IOException, InterruptedException {
        double recorded = 0;
        for (int i = 0; i < 150 && recorded <= seconds; i++) {
            Thread.sleep(200);
            try {
                recorded = Files.exists(file) ? of(file).durationSeconds() : 0;
            } catch (AssertionError unreadableYet) {
                // the first fragment is still being written
            }
        }
        if (recorded <= seconds) {
            throw new AssertionError("only " + recorded + " s in " + file + " after 30 s");
        }
        return recorded;
    }

    /** Probes a live stream (e.g. {@code rtmp://...}) for a few seconds of what it carries. */
    static MediaProbe ofLive(String url) throws IOException, InterruptedException {
        JsonNode probe = JSON.readTree(run(List.of("ffprobe", "-v", "error", "-rw_timeout", "10000000",
                "-print_format", "json", "-show_format", "-show_streams", url), false));
        if (!probe.has("streams")) {
            throw new AssertionError("ffprobe cannot read the live stream " + url);
        }
        return new MediaProbe(probe);
    }

    Optional<JsonNode> stream(String codecType) {
        for (JsonNode stream : probe.path("streams")) {
            if (codecType.equals(stream.path("codec_type").asText())) {
                return Optional.of(stream);
            }
        }
        return Optional.empty();
    }

    JsonNode video() {
        return stream("video").orElseThrow(() -> new AssertionError("no video stream in " + probe));
    }

    JsonNode audio() {
        return stream("audio").orElseThrow(() -> new AssertionError("no audio stream in " + probe));
    }

    double durationSeconds() {
        return probe.path("format").path("duration").asDouble();
    }

    /**
     * The time of the last packet of the first stream, which a file cut off by a crash has even where its header
     * names no duration (a live WebM).
     */
    static double lastPacketSeconds(Path file) throws IOException, InterruptedException {
        String times = run(List.of("ffprobe", "-v", "error", "-select_streams", "0", "-show_entries",
                "packet=pts_time", "-of", "csv=p=0", file.toString()), false);
        return times.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.equals("N/A"))
                .mapToDouble(Double::parseDouble).max().orElse(0);
    }

    String formatName() {
        return probe.path("format").path("format_name").asText();
    }

    /** Frames per second, from the stream's average frame rate ("30/1"). */
    static double frameRate(JsonNode videoStream) {
        String[] parts = videoStream.path("avg_frame_rate").asText("0/1").split("/");
        double denominator = Double.parseDouble(parts[1]);
        return denominator == 0 ? 0 : Double.parseDouble(parts[0]) / denominator;
    }

    /** Mean volume of the first audio stream in dB (-91 and below is digital silence). */
    static double meanVolumeDb(Path file) throws IOException, InterruptedException {
        String log = run(List.of("ffmpeg", "-hide_banner", "-nostats", "-i", file.toString(), "-map", "0:a:0",
                "-af", "volumedetect", "-f", "null", "-"), true);
        Matcher matcher = MEAN_VOLUME.matcher(log);
        if (!matcher.find()) {
            throw new AssertionError("ffmpeg reported no volume for " + file + ":\n" + log);
        }
        return matcher.group(1).equals("-inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(matcher.group(1));
    }

    /** A stretch of silence in seconds from the start of the file. */
    record Silence(double start, double end) {
        double seconds() {
            return end - start;
        }
    }

    /** The silences of at least {@code minSeconds} below -50 dB in the first audio stream (ffmpeg silencedetect). */
    static List<Silence> silences(Path file, double minSeconds) throws IOException, InterruptedException {
        String log = run(List.of("ffmpeg", "-hide_banner", "-nostats", "-i", file.toString(), "-map", "0:a:0",
                "-af", "silencedetect=noise=-50dB:d=" + minSeconds, "-f", "null", "-"), true);
        Matcher starts = SILENCE_START.matcher(log);
        Matcher ends = SILENCE_END.matcher(log);
        java.util.ArrayList<Silence> silences = new java.util.ArrayList<>();
        while (starts.find()) {
            double end = ends.find() ? Double.parseDouble(ends.group(1)) : Double.NaN;
            silences.add(new Silence(Double.parseDouble(starts.group(1)), end));
        }
        return silences;
    }

    /** The top-level MP4 box types, in file order. */
    static List<String> mp4Boxes(Path file) throws IOException {
        byte[] data = Files.readAllBytes(file);
        java.util.ArrayList<String> boxes = new java.util.ArrayList<>();
        long offset = 0;
        while (offset + 8 <= data.length) {
            int at = (int) offset;
            long size = ((data[at] & 0xffL) << 24) | ((data[at + 1] & 0xffL) << 16) | ((data[at + 2] & 0xffL) << 8)
                    | (data[at + 3] & 0xffL);
            boxes.add(new String(data, at + 4, 4, StandardCharsets.US_ASCII));
            if (size == 1) {
                size = java.nio.ByteBuffer.wrap(data, at + 8, 8).getLong();
            }
            if (size < 8) {
                break;
            }
            offset += size;
        }
        return boxes;
    }

    /**
     * The mean colour (0xRRGGBB) of each cell of a {@code columns} x {@code rows} grid laid over the video frame
     * shown at {@code seconds}, row by row.
     */
    static int[] cellColours(Path file, double seconds, int columns, int rows)
            throws IOException, InterruptedException {
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-v", "error", "-ss", String.valueOf(seconds), "-i",
                file.toString(), "-frames:v", "1",
                // RGB before scaling: averaged in 4:2:0, neighbouring cells would share their chroma
                "-vf", "format=rgb24,scale=" + columns + ":" + rows + ":flags=area",
                "-f", "rawvideo", "-pix_fmt", "rgb24", "-").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] rgb = ffmpeg.getInputStream().readAllBytes();
        if (!ffmpeg.waitFor(60, TimeUnit.SECONDS) || rgb.length != columns * rows * 3) {
            ffmpeg.destroyForcibly();
            throw new AssertionError("no frame at " + seconds + " s in " + file);
        }
        int[] cells = new int[columns * rows];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = (rgb[3 * i] & 0xff) << 16 | (rgb[3 * i + 1] & 0xff) << 8 | rgb[3 * i + 2] & 0xff;
        }
        return cells;
    }

    /**
     * Asserts that the frames around {@code seconds}, averaged over a grid of {@code columns} x {@code rows} cells,
     * show the {@code expected} colour (0xRRGGBB, each channel within 40) in the cells it names (row-major index).
     * Synthetic videos flash white for 100 ms once a second: of three frames 0.35 s apart at most one is near a
     * flash, so two must match.
     */
    static void assertCells(Path file, double seconds, int columns, int rows, Map<Integer, Integer> expected,
                            String what) throws IOException, InterruptedException {
        StringBuilder seen = new StringBuilder();
        int matching = 0;
        for (double at : new double[] {seconds - 0.35, seconds, seconds + 0.35}) {
            int[] cells = cellColours(file, at, columns, rows);
            seen.append(String.format(Locale.ROOT, "%n  %.2f s:", at));
            expected.keySet().stream().sorted().forEach(cell -> seen.append(String.format(" [%d] %06x", cell,
                    cells[cell])));
            if (expected.entrySet().stream()
                    .allMatch(cell -> AvSignals.sameColour(cell.getValue(), cells[cell.getKey()], 40))) {
                matching++;
            }
        }
        if (matching < 2) {
            throw new AssertionError(what + ": expected " + expected.entrySet().stream().map(cell -> String.format(
                    "[%d] %06x", cell.getKey(), cell.getValue())).toList() + ", seen" + seen);
        }
    }

    /** Runs a tool and returns its standard output, with standard error too when {@code withErrors}. */
    private static String run(List<String> command, boolean withErrors) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        if (withErrors) {
            builder.redirectErrorStream(true);
        } else {
            builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command.get(0) + " timed out");
        }
        return new String(output, StandardCharsets.UTF_8);
    }
}
