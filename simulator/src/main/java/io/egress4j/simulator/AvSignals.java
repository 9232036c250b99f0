package io.egress4j.simulator;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the simulator's sync marks in a recording, decoded by ffmpeg: the white flash frames of a video and the
 * beep onsets of an audio track. Times are media seconds from the file's first frame or sample (as ffmpeg plays
 * it), which is where a track egress's {@code startedAt} puts the file's start.
 */
public final class AvSignals {

    private static final Pattern FRAME = Pattern.compile("pts_time:(-?[0-9.]+)");
    private static final Pattern LUMA = Pattern.compile("lavfi\\.signalstats\\.YAVG=([0-9.]+)");
    private static final int RATE = 48_000;
    private static final int WINDOW = RATE / 100;

    private AvSignals() {
    }

    /** When the video of {@code file} flashes: frames whose mean luma is far above the typical frame's. */
    public static List<Double> flashTimes(Path file) throws IOException, InterruptedException {
        String stats = new String(Ffmpeg.output(file, "-map", "0:v:0", "-vf",
                "signalstats,metadata=print:key=lavfi.signalstats.YAVG:file=-", "-f", "null", "-"));
        List<Double> times = new ArrayList<>();
        List<Double> lumas = new ArrayList<>();
        double time = Double.NaN;
        for (String line : stats.lines().toList()) {
            Matcher frame = FRAME.matcher(line);
            Matcher luma = LUMA.matcher(line);
            if (frame.find()) {
                time = Double.parseDouble(frame.group(1));
            } else if (luma.find()) {
                times.add(time);
                lumas.add(Double.parseDouble(luma.group(1)));
            }
        }
        if (lumas.isEmpty()) {
            return List.of();
        }
        // A flash is white (luma 235); most frames are the participant's colour. Halfway between is a flash.
        double typical = median(lumas);
        double threshold = typical + (235 - typical) / 2;
        List<Double> flashes = new ArrayList<>();
        for (int i = 0; i < lumas.size(); i++) {
            if (lumas.get(i) > threshold) {
                flashes.add(times.get(i));
            }
        }
        return flashes;
    }

    /**
     * When the audio of {@code file} beeps: the start of each 10 ms window whose level rises above the midpoint
     * between the steady tone (the typical level) and the loudest window. Silence (a mute) is never an onset
     * unless a beep follows it.
     */
    public static List<Double> beepTimes(Path file) throws IOException, InterruptedException {
        double[] levels = windowLevels(Ffmpeg.output(file, "-map", "0:a:0", "-ac", "1", "-ar", String.valueOf(RATE),
                "-f", "s16le", "-"));
        if (levels.length == 0) {
            return List.of();
        }
        double typical = median(Arrays.stream(levels).boxed().toList());
        double threshold = (typical + Arrays.stream(levels).max().orElseThrow()) / 2;
        List<Double> onsets = new ArrayList<>();
        for (int i = 0; i < levels.length; i++) {
            if (levels[i] > threshold && (i == 0 || levels[i - 1] <= threshold)) {
                onsets.add((double) i * WINDOW / RATE);
            }
        }
        return onsets;
    }

    /** RMS of each 10 ms window of mono S16LE. */
    private static double[] windowLevels(byte[] pcm) {
        ByteBuffer samples = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
        int windows = samples.remaining() / 2 / WINDOW;
        double[] levels = new double[windows];
        for (int w = 0; w < windows; w++) {
            double sum = 0;
            for (int i = 0; i < WINDOW; i++) {
                double sample = samples.getShort();
                sum += sample * sample;
            }
            levels[w] = Math.sqrt(sum / WINDOW);
        }
        return levels;
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }
}
