package io.egress4j.api;

import java.time.Instant;

/**
 * What an images output reports for {@code ImagesInfo}.
 *
 * @param imageCount images stored
 * @param startedAt  when the first stored image was taken; null without images
 * @param endedAt    when the last stored image was taken; null without images
 */
public record ImagesResult(long imageCount, Instant startedAt, Instant endedAt) {
}
