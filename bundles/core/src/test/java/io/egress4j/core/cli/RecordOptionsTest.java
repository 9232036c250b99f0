package io.egress4j.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import io.egress4j.protocol.rpc.EgressRpc.StartEgressRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import livekit.LivekitEgress.EncodedFileOutput;
import livekit.LivekitEgress.RoomCompositeEgressRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordOptionsTest {

    @Test
    void shortcutFlags() {
        RecordOptions options = RecordOptions.parse(new String[] {"--url", "http://x/", "--output", "a/",
                "--audio-only", "--duration", "2.5"});
        assertEquals("http://x/", options.url());
        assertEquals("a/", options.output());
        assertTrue(options.audioOnly());
        assertEquals(Duration.ofMillis(2500), options.duration());
    }

    @Test
    void mistakesAreExplained() {
        assertEquals("give one of --request FILE.json, --url URL or --room NAME",
                assertThrows(IllegalArgumentException.class, () -> RecordOptions.parse(new String[0])).getMessage());
        assertEquals("--duration must be a positive number of seconds, got \"-1\"",
                assertThrows(IllegalArgumentException.class,
                        () -> RecordOptions.parse(new String[] {"--url", "u", "--duration", "-1"})).getMessage());
        assertEquals("unknown option --bogus", assertThrows(IllegalArgumentException.class,
                () -> RecordOptions.parse(new String[] {"--bogus"})).getMessage());
        assertEquals("--output needs a value", assertThrows(IllegalArgumentException.class,
                () -> RecordOptions.parse(new String[] {"--url", "u", "--output"})).getMessage());
        assertEquals("--type must be one of participant, room-composite, track, track-composite, web, got \"rc\"",
                assertThrows(IllegalArgumentException.class,
                        () -> RecordOptions.parse(new String[] {"--request", "r.json", "--type", "rc"})).getMessage());
        assertEquals("--layout goes with --room", assertThrows(IllegalArgumentException.class,
                () -> RecordOptions.parse(new String[] {"--url", "u", "--layout", "grid"})).getMessage());
    }

    @Test
    void aRoomShortcutIsARoomComposite() {
        StartEgressRequest request = RequestShortcut.build(RecordOptions.parse(new String[] {"--room", "standup",
                "--layout", "speaker-light", "--output", "meetings/{room_name}.mp4"}));
        assertEquals(RoomCompositeEgressRequest.newBuilder().setRoomName("standup").setLayout("speaker-light")
                .addFileOutputs(EncodedFileOutput.newBuilder().setFilepath("meetings/{room_name}.mp4")).build(),
                request.getRoomComposite());
    }

    /** Fields a participant request shares with a room composite: --type says which it is. */
    @Test
    void aBareRequestIsReadAsTheTypeGiven(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("r.json"), """
                {"roomName": "standup", "fileOutputs": [{"filepath": "a.mp4"}]}
                """);
        assertTrue(RequestFile.read(file, null).hasRoomComposite(), "the first type that parses it");
        assertTrue(RequestFile.read(file, "participant").hasParticipant());
        assertEquals(file + ": not a WebEgressRequest (protobuf JSON)", assertThrows(RecordCommand.UsageException.class,
                () -> RequestFile.read(file, "web")).getMessage());
    }

    @Test
    void localPagesBecomeFileUrls() {
        assertTrue(RequestShortcut.toUrl("pom.xml").startsWith("file:///"), "an existing file");
        assertEquals("http://example.com/", RequestShortcut.toUrl("http://example.com/"));
    }
}
