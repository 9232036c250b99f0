package io.egress4j.storage.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * Uploads a large file in parts, {@value #PART_CONCURRENCY} at a time, each re-read from disk on every (re)try so no
 * part is buffered in memory; an upload that does not complete is aborted.
 */
final class S3MultipartUpload {

    /** Files larger than this are uploaded in parts. */
    static final long THRESHOLD = 16L * 1024 * 1024;
    static final long MIN_PART_SIZE = 8L * 1024 * 1024;
    /** S3 allows at most 10,000 parts per upload. */
    static final int MAX_PARTS = 10_000;
    /** Parts uploaded at the same time (the Go SDK's upload manager uses 5 too). */
    static final int PART_CONCURRENCY = 5;

    private S3MultipartUpload() {
    }

    static long partSize(long size) {
        long needed = (size + MAX_PARTS - 1) / MAX_PARTS;
        long mib = 1024 * 1024;
        return Math.max(MIN_PART_SIZE, (needed + mib - 1) / mib * mib);
    }

    static void upload(S3Client client, S3Settings s, Path file, long size, String key, String contentType)
            throws IOException {
        CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder()
                .bucket(s.bucket())
                .key(key)
                .contentType(contentType)
                .contentDisposition(s.contentDisposition());
        if (!s.metadata().isEmpty()) {
            create.metadata(s.metadata());
        }
        if (!s.tagging().isEmpty()) {
            create.tagging(s.tagging());
        }
        String uploadId = client.createMultipartUpload(create.build()).uploadId();
        long partSize = partSize(size);
        int parts = (int) ((size + partSize - 1) / partSize);
        ClassLoader loader = S3MultipartUpload.class.getClassLoader();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PART_CONCURRENCY, parts), r -> {
            Thread t = new Thread(r, "s3-upload-part");
            t.setDaemon(true);
            t.setContextClassLoader(loader);
            return t;
        });
        boolean completed = false;
        try {
            List<Future<CompletedPart>> futures = new ArrayList<>(parts);
            for (int i = 0; i < parts; i++) {
                int number = i + 1;
                long offset = i * partSize;
                long length = Math.min(partSize, size - offset);
                futures.add(pool.submit(() -> {
                    UploadPartRequest request = UploadPartRequest.builder()
                            .bucket(s.bucket())
                            .key(key)
                            .uploadId(uploadId)
                            .partNumber(number)
                            .contentLength(length)
                            .build();
                    String etag = client.uploadPart(request,
                            RequestBody.fromContentProvider(slice(file, offset, length), length,
                                    S3Storage.OCTET_STREAM)).eTag();
                    return CompletedPart.builder().partNumber(number).eTag(etag).build();
                }));
            }
            List<CompletedPart> done = new ArrayList<>(parts);
            for (Future<CompletedPart> future : futures) {
                done.add(await(future));
            }
            client.completeMultipartUpload(CompleteMultipartUploadRequest.builder()
                    .bucket(s.bucket())
                    .key(key)
                    .uploadId(uploadId)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(done).build())
                    .build());
            completed = true;
        } finally {
            pool.shutdownNow();
            if (!completed) {
                try {
                    client.abortMultipartUpload(AbortMultipartUploadRequest.builder()
                            .bucket(s.bucket()).key(key).uploadId(uploadId).build());
                } catch (SdkException ignored) {
                    // the original failure is what matters; S3 lifecycle rules clean up stray parts
                }
            }
        }
    }

    private static CompletedPart await(Future<CompletedPart> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SdkClientException.create("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SdkException sdk) {
                throw sdk;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw SdkClientException.create(String.valueOf(cause), cause);
        }
    }

    /** A part of the file, re-read from disk on every (re)try. */
    private static ContentStreamProvider slice(Path file, long offset, long length) {
        return () -> {
            try {
                InputStream in = Files.newInputStream(file);
                in.skipNBytes(offset);
                return new BoundedInputStream(in, length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}
