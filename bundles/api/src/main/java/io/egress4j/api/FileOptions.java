package io.egress4j.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a file output ({@code egress.output=file}) writes.
 *
 * @param localFile where the recording is written
 * @param format    the container to produce
 */
public record FileOptions(Path localFile, FileFormat format) implements OutputOptions {

    public FileOptions {
        Objects.requireNonNull(localFile, "localFile");
        Objects.requireNonNull(format, "format");
    }
}
