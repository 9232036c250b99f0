package io.egress4j.core.request;

import io.egress4j.core.request.EncodingSettings.AudioCodec;
import io.egress4j.core.request.EncodingSettings.VideoCodec;

import java.util.Optional;

/**
 * Encoding as the request asked for it, before the codecs are fitted to the outputs.
 *
 * @param settings   defaults with the preset or advanced options applied; its codecs are placeholders (the upstream
 *                   defaults, or the requested codecs) until {@link CodecSelector} picks them per container
 * @param audioCodec the audio codec the request names, empty for "choose one that fits the outputs"
 * @param videoCodec the video codec the request names, empty for "choose one that fits the outputs"
 */
public record RequestedEncoding(EncodingSettings settings, Optional<AudioCodec> audioCodec,
                                Optional<VideoCodec> videoCodec) {
}
