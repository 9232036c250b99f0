package io.egress4j.core.request;

import com.google.protobuf.Message;
import io.egress4j.api.FileFormat;

/**
 * One file output, resolved.
 *
 * @param storagePath     where the file is stored: relative to the storage root (or the bucket), or absolute
 *                        ({@code /...}), which the storage backend must confine to its root. Never contains
 *                        {@code ..} segments, backslashes, control characters or unresolved {@code {tokens}}
 *                        (see {@link io.egress4j.core.naming.PathTemplate})
 * @param format          container to write
 * @param disableManifest skip the manifest JSON next to the file
 * @param upload          the output's own upload block from the request (S3Upload, GCPUpload, AzureBlobUpload or
 *                        AliOSSUpload), or null to use the configured storage
 */
public record FilePlan(String storagePath, FileFormat format, boolean disableManifest, Message upload) {
}
