package io.egress4j.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.egress4j.protocol.rpc.EgressRpc;
import java.util.Map;
import livekit.LivekitEgress.StreamProtocol;
import org.junit.jupiter.api.Test;

class StartFormTest {

    private static final Map<String, String> TEMPLATES = Map.of("brand", "https://templates.example.com/brand");

    @Test
    void aRoomCompositeWithARegisteredTemplateGoesToAFileAndAStream() throws Exception {
        EgressRpc.StartEgressRequest start = StartForm.read(Map.of("kind", "room_composite", "room_name", " standup ",
                "layout", "template:brand", "filepath", "{room_name}.mp4", "stream_url", "srt://host:9000")::get,
                TEMPLATES).build();
        assertEquals("standup", start.getRoomComposite().getRoomName());
        assertEquals("https://templates.example.com/brand", start.getRoomComposite().getCustomBaseUrl());
        assertEquals("{room_name}.mp4", start.getRoomComposite().getFileOutputs(0).getFilepath());
        assertEquals(StreamProtocol.SRT, start.getRoomComposite().getStreamOutputs(0).getProtocol());
    }

    @Test
    void aWebEgressIsAudioOnlyWhenTicked() throws Exception {
        EgressRpc.StartEgressRequest start = StartForm.read(Map.of("kind", "web", "url", "https://example.org",
                "audio_only", "on", "stream_url", "rtmp://host/app/key")::get, TEMPLATES).build();
        assertEquals("https://example.org", start.getWeb().getUrl());
        assertEquals(true, start.getWeb().getAudioOnly());
        assertEquals(StreamProtocol.RTMP, start.getWeb().getStreamOutputs(0).getProtocol());
    }

    @Test
    void whatIsMissingIsNamed() {
        assertEquals("filepath or stream_url: say where the recording goes", assertThrows(StartForm.Invalid.class,
                () -> StartForm.read(Map.of("kind", "web", "url", "https://example.org")::get, TEMPLATES))
                .getMessage());
        assertEquals("room_name is required", assertThrows(StartForm.Invalid.class, () -> StartForm.read(Map.of(
                "kind", "room_composite", "filepath", "a.mp4")::get, TEMPLATES)).getMessage());
        assertEquals("layout: no template other in admin.templates", assertThrows(StartForm.Invalid.class,
                () -> StartForm.read(Map.of("kind", "room_composite", "room_name", "r", "layout", "template:other",
                        "filepath", "a.mp4")::get, TEMPLATES)).getMessage());
    }
}
