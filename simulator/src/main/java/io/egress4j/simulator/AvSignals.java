package io.egress4j.simulator;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
    /** A beep lasts 100 ms: ten windows. */
    private static final int BEEP_WINDOWS = 10;
    /** How many more windows the three-stage band keeps a beep's energy. */
    private static final int RINGING_WINDOWS = 3;

    private AvSignals() {
    }

    /** A rectangle of the picture, in pixels: one participant's tile in a composite. */
    public record Region(int x, int y, int width, int height) {
    }

    /**
     * When the video of {@code file} flashes: the first of each run of frames whose mean luma is far above the
     * typical frame's.
     */
    public static List<Double> flashTimes(Path file) throws IOException, InterruptedException {
        return flashTimes(file, "");
    }

    /** When {@code region} of the video of {@code file} flashes, e.g. one participant's tile of a composite. */
    public static List<Double> flashTimes(Path file, Region region) throws IOException, InterruptedException {
        return flashTimes(file, "crop=%d:%d:%d:%d,".formatted(region.width(), region.height(), region.x(),
                region.y()));
    }

    /**
     * Where the video of {@code file} shows the colour {@code rgb} (0xRRGGBB) around media second {@code seconds}: the
     * bounding box of its pixels (each channel within 40), inset by an eighth on each side, in whichever of three
     * frames 0.35 s apart shows most of it (a flash whitens a tile for 100 ms). Empty when none shows it, or when
     * the file has no video.
     */
    public static Optional<Region> regionOf(Path file, int rgb, double seconds)
            throws IOException, InterruptedException {
        Optional<int[]> size = Ffmpeg.videoSize(file);
        if (size.isEmpty()) {
            return Optional.empty();
        }
        int width = size.get()[0];
        int height = size.get()[1];
        Region best = null;
        long bestPixels = 0;
        for (double at : new double[] {seconds - 0.35, seconds, seconds + 0.35}) {
            byte[] frame = Ffmpeg.output(file, "-ss", String.format(Locale.ROOT, "%.3f", Math.max(0, at)),
                    "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-");
            int left = width;
            int top = height;
            int right = -1;
            int bottom = -1;
            long pixels = 0;
            for (int y = 0; y < height && frame.length >= width * height * 3; y += 2) {
                for (int x = 0; x < width; x += 2) {
                    int i = 3 * (y * width + x);
                    int pixel = (frame[i] & 0xff) << 16 | (frame[i + 1] & 0xff) << 8 | frame[i + 2] & 0xff;
                    if (sameColour(rgb, pixel, 40)) {
                        pixels++;
                        left = Math.min(left, x);
                        right = Math.max(right, x);
                        top = Math.min(top, y);
                        bottom = Math.max(bottom, y);
                    }
                }
            }
            if (pixels > bestPixels) {
                bestPixels = pixels;
                int insetX = (right - left) / 8;
                int insetY = (bottom - top) / 8;
                best = new Region(left + insetX, top + insetY, Math.max(2, right - left - 2 * insetX),
                        Math.max(2, bottom - top - 2 * insetY));
            }
        }
        return Optional.ofNullable(best);
    }

    /** Whether {@code actual} (0xRRGGBB) is {@code expected}, each channel within {@code tolerance}. */
    public static boolean sameColour(int expected, int actual, int tolerance) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs((expected >> shift & 0xff) - (actual >> shift & 0xff)) > tolerance) {
                return false;
            }
        }
        return true;
    }

    private static List<Double> flashTimes(Path file, String crop) throws IOException, InterruptedException {
        String stats = new String(Ffmpeg.output(file, "-map", "0:v:0", "-vf",
                crop + "signalstats,metadata=print:key=lavfi.signalstats.YAVG:file=-", "-f", "null", "-"));
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
            if (lumas.get(i) > threshold && (i == 0 || lumas.get(i - 1) <= threshold)) {
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
        return beepTimes(file, List.of());
    }

    /** When the tone at {@code toneHz} beeps in the audio of {@code file}, e.g. one participant's in a mix. */
    public static List<Double> beepTimes(Path file, int toneHz) throws IOException, InterruptedException {
        // Each participant's tone is hundreds of Hz from the others': a narrow band around it leaves them out.
        return beepTimes(file, List.of("-af", "bandpass=f=%d:width_type=q:w=8".formatted(toneHz)));
    }

    private static List<Double> beepTimes(Path file, List<String> filter) throws IOException, InterruptedException {
        return onsets(windowLevels(pcm(file, filter, 1), 1, 0)).stream().map(AvSignals::seconds).toList();
    }

    /** Where window {@code window} starts, in media seconds. */
    private static double seconds(int window) {
        return (double) window * WINDOW / RATE;
    }

    /** Where a beep is heard in a stereo mix. */
    public enum Channel { LEFT, RIGHT, BOTH }

    /** One beep: when it starts, in media seconds, and the stereo channel it lands on. */
    public record Beep(double time, Channel channel) {
    }

    /**
     * The beeps of the tone at {@code toneHz}, each with its stereo channel: one side when it is at least 12 dB
     * louder there than on the other. Onsets are found as {@link #beepTimes(Path, int)} finds them; the sides are
     * weighed through three band-pass stages, since every participant beeps on the same instant and one stage lets
     * a neighbour's tone through only 13-17 dB down, which on the other side of a mix reads as the beep being on
     * both. The deeper band rings later (about 20 ms), so each beep is weighed over a few more windows.
     */
    public static List<Beep> stereoBeeps(Path file, int toneHz) throws IOException, InterruptedException {
        String band = "bandpass=f=%d:width_type=q:w=8".formatted(toneHz);
        byte[] stereo = pcm(file, List.of("-af", band), 2);
        double[] left = windowLevels(stereo, 2, 0);
        double[] right = windowLevels(stereo, 2, 1);
        double[] both = new double[left.length];
        Arrays.setAll(both, w -> Math.hypot(left[w], right[w]));
        byte[] narrow = pcm(file, List.of("-af", String.join(",", band, band, band)), 2);
        double[] narrowLeft = windowLevels(narrow, 2, 0);
        double[] narrowRight = windowLevels(narrow, 2, 1);
        List<Beep> beeps = new ArrayList<>();
        for (int onset : onsets(both)) {
            double l = 0;
            double r = 0;
            for (int w = onset; w < Math.min(onset + BEEP_WINDOWS + RINGING_WINDOWS, narrowLeft.length); w++) {
                l += narrowLeft[w];
                r += narrowRight[w];
            }
            Channel channel = l > 4 * r ? Channel.LEFT : r > 4 * l ? Channel.RIGHT : Channel.BOTH;
            beeps.add(new Beep(seconds(onset), channel));
        }
        return beeps;
    }

    /** S16LE at {@value #RATE} Hz with {@code channels} interleaved channels, after {@code filter}. */
    private static byte[] pcm(Path file, List<String> filter, int channels) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of("-map", "0:a:0"));
        arguments.addAll(filter);
        arguments.addAll(List.of("-ac", String.valueOf(channels), "-ar", String.valueOf(RATE), "-f", "s16le", "-"));
        return Ffmpeg.output(file, arguments.toArray(String[]::new));
    }

    /** The windows where the level rises above the midpoint between the typical level and the loudest. */
    private static List<Integer> onsets(double[] levels) {
        if (levels.length == 0) {
            return List.of();
        }
        double typical = median(Arrays.stream(levels).boxed().toList());
        double threshold = (typical + Arrays.stream(levels).max().orElseThrow()) / 2;
        List<Integer> onsets = new ArrayList<>();
        for (int i = 0; i < levels.length; i++) {
            if (levels[i] > threshold && (i == 0 || levels[i - 1] <= threshold)) {
                onsets.add(i);
            }
        }
        return onsets;
    }

    /**
     * How one participant's marks line up between media seconds {@code from} and {@code to}: the share of its
     * seconds with a flash that has a beep within half a second; the 80th percentile of |flash − nearest beep| (the
     * A/V offset), and the median of beep − flash (how late the audio is, negative when early); and the 80th
     * percentile of how far each mark sits from the steady one-second cadence of its kind (the drift).
     */
    public record Sync(double hitRate, double offsetP80, double audioLagMedian, double driftP80) {

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "hit rate %.0f %%, A/V offset p80 %.0f ms (audio %s by %.0f ms),"
                    + " drift p80 %.0f ms", hitRate * 100, offsetP80 * 1000, audioLagMedian < 0 ? "early" : "late",
                    Math.abs(audioLagMedian) * 1000, driftP80 * 1000);
        }
    }

    public static Sync sync(List<Double> flashes, List<Double> beeps, double from, double to) {
        List<Double> video = flashes.stream().filter(t -> t >= from && t < to).toList();
        List<Double> audio = beeps.stream().filter(t -> t >= from && t < to).toList();
        if (video.isEmpty() || audio.isEmpty()) {
            return new Sync(0, Double.NaN, Double.NaN, Double.NaN);
        }
        List<Double> lags = video.stream().map(flash -> nearest(audio, flash) - flash)
                .filter(lag -> Math.abs(lag) < 0.5).toList();
        double hitRate = Math.min(1, lags.size() / Math.floor(to - from));
        double drift = Math.max(p80(cadenceResiduals(video)), p80(cadenceResiduals(audio)));
        return lags.isEmpty() ? new Sync(hitRate, Double.NaN, Double.NaN, drift)
                : new Sync(hitRate, p80(lags.stream().map(Math::abs).toList()), median(lags), drift);
    }

    private static double nearest(List<Double> times, double time) {
        return times.stream().min(Comparator.comparingDouble(t -> Math.abs(t - time))).orElseThrow();
    }

    /** |distance| of each mark from the one-second grid through their mean phase (averaged on the circle). */
    private static List<Double> cadenceResiduals(List<Double> times) {
        double sin = times.stream().mapToDouble(t -> Math.sin(2 * Math.PI * t)).sum();
        double cos = times.stream().mapToDouble(t -> Math.cos(2 * Math.PI * t)).sum();
        double phase = Math.atan2(sin, cos) / (2 * Math.PI);
        return times.stream().map(t -> {
            double residual = (t - phase) % 1;
            return Math.abs(residual - Math.round(residual));
        }).toList();
    }

    private static double p80(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[(int) Math.ceil(0.8 * sorted.length) - 1];
    }

    /** RMS of {@code channel} in each 10 ms window of S16LE with {@code channels} interleaved channels. */
    private static double[] windowLevels(byte[] pcm, int channels, int channel) {
        ByteBuffer samples = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
        int windows = pcm.length / 2 / channels / WINDOW;
        double[] levels = new double[windows];
        for (int w = 0; w < windows; w++) {
            double sum = 0;
            for (int i = 0; i < WINDOW; i++) {
                double sample = samples.getShort(2 * ((w * WINDOW + i) * channels + channel));
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
