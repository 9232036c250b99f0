package io.egress4j.simulator;

import io.egress4j.simulator.SimulatedTrack.Codec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import livekit.LivekitModels.ParticipantInfo;

/**
 * What the synthetic participants of a room do over time, one step per line:
 *
 * <pre>
 * # seconds  action     identity  arguments
 * 0          publish    alice     vp8 0x3366cc 440    # camera (vp8 or h264) in that colour, microphone at 440 Hz
 * 0          publish    bob       h264 0xcc6633 660
 * 5          mute       alice     audio               # audio or video
 * 7          unmute     alice     audio
 * 6          resize     alice     480x360             # camera at a new size (a simulcast layer switch)
 * 8          unpublish  bob       video
 * 11         republish  bob       video               # a new track (new SID), same codec and colour
 * 12         speak      bob                           # the one active speaker; whoever spoke before is not
 * 13         screenshare bob      0x22cc88            # a VP8 screen share in that colour (default white)
 * 14         unscreenshare bob
 * 14.5       leave      alice                         # publish again to rejoin
 * 15         metadata   @recorder {"layout": "speaker"}  # any JSON; @recorder is every egress in the room
 * </pre>
 *
 * Seconds count from {@link #start}; steps run in time order. Blank lines and comments (from a {@code #} at the
 * start of a line or after a space, outside JSON strings) are ignored.
 * A script remembers the tracks it published ({@link #track}), so run each instance once.
 */
public final class RoomScript {

    /** One line: at {@code atMillis}, {@code action} for {@code identity}. */
    public record Step(long atMillis, String action, String identity, List<String> arguments) {

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.1f s %s %s %s", atMillis / 1000.0, action, identity,
                    String.join(" ", arguments)).trim();
        }
    }

    /** How a participant publishes, to republish a track the same way. */
    private record Publishing(Codec video, int colour, int toneHz) {
    }

    private final List<Step> steps;
    private final Map<String, Publishing> publishing = new ConcurrentHashMap<>();
    /** The current track of each published {@code identity/kind}. */
    private final Map<String, SimulatedTrack> current = new ConcurrentHashMap<>();

    private RoomScript(List<Step> steps) {
        this.steps = steps.stream().sorted(Comparator.comparingLong(Step::atMillis)).toList();
    }

    public static RoomScript read(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    /** Parses the format above; a malformed line fails with its number. */
    public static RoomScript parse(String text) {
        List<Step> steps = new ArrayList<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = withoutComment(lines.get(i)).trim();
            if (line.isEmpty()) {
                continue;
            }
            try {
                steps.add(step(line));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("script line " + (i + 1) + " (" + line + "): " + e.getMessage(),
                        e);
            }
        }
        return new RoomScript(steps);
    }

    /**
     * The line up to its comment: a {@code #} at its start or after a space, outside a JSON string (metadata such as
     * <code>{"title": "#1 #standup"}</code> keeps its hashes).
     */
    private static String withoutComment(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '#' && !quoted && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static Step step(String line) {
        String[] words = line.split("\\s+");
        if (words.length < 3) {
            throw new IllegalArgumentException("expected: <seconds> <action> <identity> [arguments]");
        }
        long atMillis = Math.round(Double.parseDouble(words[0]) * 1000);
        String action = words[1];
        List<String> arguments = List.of(words).subList(3, words.length);
        switch (action) {
            case "publish" -> {
                arguments(action, arguments, 3, 3);
                publishing(arguments);
            }
            case "mute", "unmute", "unpublish", "republish" -> {
                arguments(action, arguments, 1, 1);
                checkKind(arguments.get(0));
            }
            case "leave", "speak", "unscreenshare" -> arguments(action, arguments, 0, 0);
            case "screenshare" -> {
                arguments(action, arguments, 0, 1);
                arguments.forEach(RoomScript::colour);
            }
            case "kind" -> {
                arguments(action, arguments, 1, 1);
                kind(arguments.get(0));
            }
            case "resize" -> {
                arguments(action, arguments, 1, 1);
                size(arguments.get(0));
            }
            case "metadata" -> {
                arguments(action, arguments, 1, Integer.MAX_VALUE);
                // The JSON may hold spaces: everything after the identity is the metadata, as written.
                arguments = List.of(line.split("\\s+", 4)[3]);
            }
            default -> throw new IllegalArgumentException("unknown action " + action);
        }
        return new Step(atMillis, action, words[2], arguments);
    }

    /** A participant kind as LiveKit names it, e.g. {@code agent} or {@code standard}. */
    private static ParticipantInfo.Kind kind(String name) {
        try {
            return ParticipantInfo.Kind.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown participant kind " + name + " (agent, standard, ...)");
        }
    }

    private static void arguments(String action, List<String> arguments, int least, int most) {
        if (arguments.size() < least || arguments.size() > most) {
            throw new IllegalArgumentException(action + " takes " + (least == most ? String.valueOf(least)
                    : most == Integer.MAX_VALUE ? "at least " + least : least + " to " + most) + " argument(s)");
        }
    }

    public List<Step> steps() {
        return steps;
    }

    /** The track {@code identity} publishes as {@code kind}: {@code audio}, {@code video} or {@code screen}. */
    public Optional<SimulatedTrack> track(String identity, String kind) {
        return Optional.ofNullable(current.get(identity + "/" + kind));
    }

    /** Runs the steps against {@code room}; the future completes after the last (cancel it to stop early). */
    public CompletableFuture<Void> start(RoomSimulator room) {
        return start(room, step -> { });
    }

    /** As {@link #start(RoomSimulator)}, telling {@code report} each step as it was done. */
    public CompletableFuture<Void> start(RoomSimulator room, Consumer<String> report) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "room-script");
            thread.setDaemon(true);
            return thread;
        });
        CompletableFuture<Void> done = new CompletableFuture<>();
        done.whenComplete((result, failure) -> timer.shutdownNow());
        if (steps.isEmpty()) {
            done.complete(null);
        }
        for (Step step : steps) {
            timer.schedule(() -> {
                try {
                    report.accept(step + run(room, step));
                    if (step == steps.get(steps.size() - 1)) {
                        done.complete(null);
                    }
                } catch (RuntimeException e) {
                    done.completeExceptionally(new IllegalStateException("step failed: " + step, e));
                }
            }, step.atMillis(), TimeUnit.MILLISECONDS);
        }
        return done;
    }

    /** Does {@code step}; returns what it published, for the report. */
    private String run(RoomSimulator room, Step step) {
        String identity = step.identity();
        switch (step.action()) {
            case "publish" -> {
                Publishing how = publishing(step.arguments());
                publishing.put(identity, how);
                SimulatedParticipant participant = room.publishParticipant(identity, how.video(), how.colour(),
                        how.toneHz());
                current.put(identity + "/video", participant.video());
                current.put(identity + "/audio", participant.audio());
                return ": video " + participant.video().sid() + ", audio " + participant.audio().sid();
            }
            case "republish" -> {
                String kind = step.arguments().get(0);
                Publishing how = publishing.get(identity);
                if (how == null || current.containsKey(identity + "/" + kind)) {
                    throw new IllegalStateException(identity + " has no unpublished " + kind + " track");
                }
                SimulatedTrack track = kind.equals("video") ? room.publish(identity, how.video(), how.colour())
                        : room.publish(identity, Codec.OPUS, how.toneHz());
                current.put(identity + "/" + kind, track);
                return ": " + track.sid();
            }
            case "mute", "unmute" ->
                    room.mute(trackOf(identity, step.arguments().get(0)), step.action().equals("mute"));
            case "unpublish" -> {
                room.unpublish(trackOf(identity, step.arguments().get(0)));
                current.remove(identity + "/" + step.arguments().get(0));
            }
            case "speak" -> room.speak(identity);
            case "metadata" -> room.setMetadata(identity, step.arguments().get(0));
            case "kind" -> room.setKind(identity, kind(step.arguments().get(0)));
            case "resize" -> {
                int[] size = size(step.arguments().get(0));
                room.resize(trackOf(identity, "video"), size[0], size[1]);
            }
            case "screenshare" -> {
                int colour = step.arguments().isEmpty() ? 0xffffff : colour(step.arguments().get(0));
                SimulatedTrack track = room.shareScreen(identity, colour);
                current.put(identity + "/screen", track);
                return ": " + track.sid();
            }
            case "unscreenshare" -> {
                room.stopScreenShare(identity);
                current.remove(identity + "/screen");
            }
            case "leave" -> {
                room.leave(identity);
                current.keySet().removeIf(key -> key.startsWith(identity + "/"));
            }
            default -> throw new IllegalStateException("unknown action " + step.action());
        }
        return "";
    }

    private String trackOf(String identity, String kind) {
        return track(identity, kind).map(SimulatedTrack::sid).orElseThrow(
                () -> new IllegalStateException(identity + " publishes no " + kind));
    }

    private static Publishing publishing(List<String> arguments) {
        Codec video = switch (arguments.get(0).toLowerCase(Locale.ROOT)) {
            case "vp8" -> Codec.VP8;
            case "h264" -> Codec.H264;
            default -> throw new IllegalArgumentException("video codec must be vp8 or h264: " + arguments.get(0));
        };
        return new Publishing(video, colour(arguments.get(1)), number("tone in Hz", arguments.get(2)));
    }

    /** {@code <width>x<height>}, e.g. {@code 480x360}. */
    private static int[] size(String text) {
        String[] parts = text.split("x");
        if (parts.length != 2) {
            throw new IllegalArgumentException("size must be <width>x<height>: " + text);
        }
        return new int[] {number("width", parts[0]), number("height", parts[1])};
    }

    private static int colour(String text) {
        return number("colour (0xRRGGBB)", text);
    }

    private static int number(String what, String text) {
        try {
            return Integer.decode(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " is not a number: " + text);
        }
    }

    private static void checkKind(String kind) {
        if (!kind.equals("audio") && !kind.equals("video")) {
            throw new IllegalArgumentException("kind must be audio or video: " + kind);
        }
    }
}
