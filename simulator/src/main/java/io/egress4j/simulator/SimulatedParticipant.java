package io.egress4j.simulator;

/**
 * A participant publishing a camera and a microphone: its colour and tone tell its media apart from everyone
 * else's, and both flash and beep on the same whole seconds.
 *
 * @param video VP8 or H.264
 * @param audio Opus
 */
public record SimulatedParticipant(String identity, SimulatedTrack video, SimulatedTrack audio) {
}
