package io.egress4j.output.images;

import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.api.ImageOptions;
import io.egress4j.api.ImagesBranch;
import io.egress4j.api.ImagesResult;
import io.egress4j.api.Launch;
import io.egress4j.api.OutputRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * One image output: videorate keeps one raw frame per capture interval, jpegenc encodes it, multifilesink writes
 * it and posts a message; the branch then stores the file under its final name (index, timestamp, or always the
 * same name) off the media threads, through the core's queue.
 */
final class ThumbnailBranch implements ImagesBranch {

    private static final String WRITTEN = "GstMultiFileSink";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS")
            .withZone(ZoneOffset.UTC);

    private final OutputRequest request;
    private final ImageOptions options;
    private volatile Instant runningTimeZero = Instant.now();
    private long count;
    private Instant first;
    private Instant last;

    ThumbnailBranch(OutputRequest request, ImageOptions options) {
        this.request = request;
        this.options = options;
    }

    @Override
    public boolean rawVideo() {
        return true;
    }

    @Override
    public String elements(String entryName) {
        String size = options.width() == 0 ? "" : ",width=" + options.width() + ",height=" + options.height();
        Path pattern = request.workDir().resolve(entryName + "_%05d.jpeg");
        return "videorate name=" + entryName + " skip-to-first=true ! videoscale ! video/x-raw,framerate=1/"
                + options.captureInterval().toSeconds() + size + " ! jpegenc ! multifilesink name="
                + entryName + "_sink post-messages=true location=" + Launch.quote(pattern.toString());
    }

    @Override
    public void clockStarted(Instant zero) {
        runningTimeZero = zero;
    }

    @Override
    public void onMessage(String element, String name, Map<String, String> fields) {
        if (WRITTEN.equals(name) && fields.containsKey("filename")) {
            Instant captured = runningTimeZero.plusNanos(Long.parseLong(fields.getOrDefault("running-time", "0")));
            Path file = Path.of(fields.get("filename"));
            request.artifacts().enqueue(() -> store(file, captured));
        }
    }

    /** Runs on the storing thread, one image at a time, in order. */
    private void store(Path file, Instant captured) throws EgressException {
        String prefix = options.prefix();
        String name = switch (options.suffix()) {
            case TIMESTAMP -> prefix + "_" + TIMESTAMP.format(captured) + ".jpeg";
            case NONE_OVERWRITE -> prefix + ".jpeg";
            case INDEX -> String.format("%s_%05d.jpeg", prefix, count);
        };
        try {
            request.artifacts().store(file, options.storageDir() + name, "image/jpeg", captured);
            Files.deleteIfExists(file);
            count++;
            first = first == null ? captured : first;
            last = captured;
        } catch (IOException e) {
            throw new EgressException(Code.INTERNAL, "image " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ImagesResult result() {
        return new ImagesResult(count, first, last);
    }
}
