package io.egress4j.api;

/** Raw video a source must deliver: frame size, X screen depth and frame rate. */
public record VideoFormat(int width, int height, int depth, int framerate) {
}
