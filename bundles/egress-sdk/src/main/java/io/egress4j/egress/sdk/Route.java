package io.egress4j.egress.sdk;

/** Where a subscribed track goes in the recording: the picture, or the audio mix on one or both channels. */
enum Route {
    VIDEO,
    AUDIO_BOTH,
    AUDIO_LEFT,
    AUDIO_RIGHT;

    boolean audio() {
        return this != VIDEO;
    }
}
