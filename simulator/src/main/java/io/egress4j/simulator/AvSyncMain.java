package io.egress4j.simulator;

import io.egress4j.simulator.AvSignals.Beep;
import io.egress4j.simulator.AvSignals.Channel;
import io.egress4j.simulator.AvSignals.Region;
import io.egress4j.simulator.AvSignals.Sync;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code bin/av-sync <file> [--from S] [--to S] <name>:<0xRRGGBB>:<toneHz>...}: how the simulator's participants
 * line up in a recording. Each one is found by its colour (its tile in a composite, located near the end of the
 * window, when everyone has joined) and its tone (in the mix); the report gives its flash/beep hit rate, the p80
 * A/V offset and how late the audio is, the p80 cadence drift, and the stereo channel its beeps land on. A
 * participant's window starts at its first flash or beep when that comes after {@code --from} (a late joiner).
 */
public final class AvSyncMain {

    /** One simulator participant: its name for the report, its video colour and its tone. */
    record Participant(String name, int colour, int toneHz) {

        static Participant parse(String argument) {
            String[] parts = argument.split(":");
            try {
                if (parts.length == 3 && parts[1].startsWith("0x")) {
                    return new Participant(parts[0], Integer.parseInt(parts[1].substring(2), 16),
                            Integer.parseInt(parts[2]));
                }
            } catch (NumberFormatException e) {
                // named below
            }
            throw new IllegalArgumentException("expected <name>:<0xRRGGBB>:<toneHz>, got " + argument);
        }
    }

    private AvSyncMain() {
    }

    public static void main(String[] args) throws Exception {
        List<String> arguments = new ArrayList<>(List.of(args));
        if (arguments.isEmpty() || arguments.contains("--help") || arguments.contains("-h")) {
            System.out.println("""
                    usage: bin/av-sync <file> [--from S] [--to S] <name>:<0xRRGGBB>:<toneHz>...
                    Reports, per simulator participant of the recording, the flash/beep hit rate, the p80 A/V
                    offset, the p80 cadence drift and the stereo channel of its beeps, between media seconds
                    --from (default 2) and --to (default: a second before the end), e.g.
                      bin/av-sync meetings/grid.mp4 alice:0xcc2222:440 bob:0x22aa22:660""");
            return;
        }
        try {
            double from = option(arguments, "--from").orElse(2.0);
            Optional<Double> to = option(arguments, "--to");
            Path file = Path.of(arguments.remove(0));
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException("cannot read " + file);
            }
            List<Participant> participants = arguments.stream().map(Participant::parse).toList();
            if (participants.isEmpty()) {
                throw new IllegalArgumentException("name at least one participant as <name>:<0xRRGGBB>:<toneHz>");
            }
            double end = to.orElse(Ffmpeg.duration(file) - 1);
            for (Participant participant : participants) {
                System.out.println(report(file, participant, from, end));
            }
        } catch (IllegalArgumentException e) {
            System.err.println("av-sync: " + e.getMessage() + " (see --help)");
            System.exit(2);
        }
    }

    static String report(Path file, Participant who, double from, double to) throws Exception {
        Optional<Region> tile = AvSignals.regionOf(file, who.colour(), to - 1);
        List<Double> flashes = tile.isPresent() ? AvSignals.flashTimes(file, tile.get()) : List.of();
        List<Beep> stereoBeeps = AvSignals.stereoBeeps(file, who.toneHz());
        List<Double> beeps = stereoBeeps.stream().map(Beep::time).toList();
        double start = firstMark(flashes, beeps).map(first -> Math.max(from, Math.floor(first))).orElse(from);
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s (0x%06x, %d Hz)", who.name(),
                who.colour(), who.toneHz()));
        tile.ifPresentOrElse(region -> line.append(String.format(Locale.ROOT, ", tile %dx%d at %d,%d",
                region.width(), region.height(), region.x(), region.y())), () -> line.append(", no tile"));
        Sync sync = AvSignals.sync(flashes, beeps, start, to);
        line.append(String.format(Locale.ROOT, ", %.1f to %.1f s: %s", start, to, sync));
        Map<Channel, Long> channels = stereoBeeps.stream()
                .collect(Collectors.groupingBy(Beep::channel, TreeMap::new, Collectors.counting()));
        line.append("; beeps on ").append(channels.isEmpty() ? "no channel" : channels.entrySet().stream()
                .map(c -> c.getKey().name().toLowerCase(Locale.ROOT) + " " + c.getValue())
                .collect(Collectors.joining(", ")));
        return line.toString();
    }

    /** When both of a participant's kinds of mark have begun: the later of its first flash and first beep. */
    private static Optional<Double> firstMark(List<Double> flashes, List<Double> beeps) {
        return flashes.isEmpty() || beeps.isEmpty() ? Optional.empty()
                : Optional.of(Math.max(flashes.get(0), beeps.get(0)));
    }

    private static Optional<Double> option(List<String> arguments, String name) {
        int at = arguments.indexOf(name);
        if (at < 0) {
            return Optional.empty();
        }
        if (at + 1 >= arguments.size()) {
            throw new IllegalArgumentException(name + " needs a number of seconds");
        }
        try {
            double value = Double.parseDouble(arguments.get(at + 1));
            arguments.subList(at, at + 2).clear();
            return Optional.of(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a number of seconds, got " + arguments.get(at + 1));
        }
    }
}
