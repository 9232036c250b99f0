package io.egress4j.admin;

import io.egress4j.protocol.rpc.EgressRpc;
import java.util.Map;
import java.util.function.Function;
import livekit.LivekitEgress.EncodedFileOutput;
import livekit.LivekitEgress.RoomCompositeEgressRequest;
import livekit.LivekitEgress.StreamOutput;
import livekit.LivekitEgress.StreamProtocol;
import livekit.LivekitEgress.WebEgressRequest;

/**
 * The console's "start a recording" form, read into the request the Egress API would get: a room composite (a
 * built-in layout or a registered template) or a web egress, to a file and/or one stream. The worker validates the
 * request as any other; this only checks what the form itself must hold, naming the field.
 */
final class StartForm {

    static final String ROOM_COMPOSITE = "room_composite";
    static final String WEB = "web";

    /** A field of the form is missing or wrong; the message names it. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    private StartForm() {
    }

    /**
     * @param field     the form's value of a field, null when absent
     * @param templates registered custom templates, name to base URL
     */
    static EgressRpc.StartEgressRequest.Builder read(Function<String, String> field, Map<String, String> templates)
            throws Invalid {
        String kind = value(field, "kind");
        String filepath = value(field, "filepath");
        String streamUrl = value(field, "stream_url");
        if (filepath.isEmpty() && streamUrl.isEmpty()) {
            throw new Invalid("filepath or stream_url: say where the recording goes");
        }
        boolean audioOnly = "on".equals(field.apply("audio_only"));
        EgressRpc.StartEgressRequest.Builder start = EgressRpc.StartEgressRequest.newBuilder();
        if (kind.equals(ROOM_COMPOSITE)) {
            RoomCompositeEgressRequest.Builder room = RoomCompositeEgressRequest.newBuilder()
                    .setRoomName(required(field, "room_name")).setAudioOnly(audioOnly);
            String layout = value(field, "layout");
            if (layout.startsWith("template:")) {
                String url = templates.get(layout.substring("template:".length()));
                if (url == null) {
                    throw new Invalid("layout: no template " + layout.substring("template:".length())
                            + " in admin.templates");
                }
                room.setCustomBaseUrl(url);
            } else {
                room.setLayout(layout);
            }
            if (!filepath.isEmpty()) {
                room.addFileOutputs(file(filepath));
            }
            if (!streamUrl.isEmpty()) {
                room.addStreamOutputs(stream(streamUrl));
            }
            return start.setRoomComposite(room);
        }
        if (kind.equals(WEB)) {
            WebEgressRequest.Builder web = WebEgressRequest.newBuilder().setUrl(required(field, "url"))
                    .setAudioOnly(audioOnly);
            if (!filepath.isEmpty()) {
                web.addFileOutputs(file(filepath));
            }
            if (!streamUrl.isEmpty()) {
                web.addStreamOutputs(stream(streamUrl));
            }
            return start.setWeb(web);
        }
        throw new Invalid("kind: " + ROOM_COMPOSITE + " or " + WEB);
    }

    private static EncodedFileOutput file(String filepath) {
        return EncodedFileOutput.newBuilder().setFilepath(filepath).build();
    }

    private static StreamOutput stream(String url) {
        return StreamOutput.newBuilder().addUrls(url).setProtocol(url.startsWith("srt:") ? StreamProtocol.SRT
                : StreamProtocol.RTMP).build();
    }

    private static String required(Function<String, String> field, String name) throws Invalid {
        String value = value(field, name);
        if (value.isEmpty()) {
            throw new Invalid(name + " is required");
        }
        return value;
    }

    private static String value(Function<String, String> field, String name) {
        String value = field.apply(name);
        return value == null ? "" : value.trim();
    }
}
