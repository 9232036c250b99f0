package io.egress4j.output.images;

import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.api.Launch;
import io.egress4j.api.OutputBranch;
import io.egress4j.api.OutputRequest;
import io.egress4j.api.UploadQueue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One image output: videorate keeps one raw frame per capture interval, jpegenc encodes it, multifilesink writes
 * it and posts a message; the branch then stores the file under its final name (index, timestamp, or always the
 * same name) off the media threads.
 */
final class ImageBranch implements OutputBranch {

    private static final String WRITTEN = "GstMultiFileSink";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS")
            .withZone(ZoneOffset.UTC);
    private static final Duration FINISH_TIMEOUT = Duration.ofMinutes(5);

    private final OutputRequest request;
    private final Map<String, String> options;
    private final UploadQueue uploads;
    private volatile Instant runningTimeZero = Instant.now();
    private volatile EgressException failure;
    private long count;
    private Instant first;
    private Instant last;

    ImageBranch(OutputRequest request) {
        this.request = request;
        this.options = request.options();
        this.uploads = UploadQueue.of("image-uploads", options);
    }

    @Override
    public boolean rawVideo() {
        return true;
    }

    @Override
    public String elements(String entryName) {
        String size = options.getOrDefault("width", "0").equals("0") ? ""
                : ",width=" + options.get("width") + ",height=" + options.get("height");
        Path pattern = request.workDir().resolve(entryName + "_%05d.jpeg");
        return "videorate name=" + entryName + " skip-to-first=true ! videoscale ! video/x-raw,framerate=1/"
                + options.getOrDefault("capture_interval", "10") + size + " ! jpegenc ! multifilesink name="
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
            if (!uploads.offer(() -> store(file, captured)) && failure == null) {
                failure = new EgressException(Code.UNAVAILABLE, "image upload queue is full: "
                        + uploads.capacity() + " images wait to be stored (max_upload_queue)");
            }
        }
    }

    private void store(Path file, Instant captured) {
        if (failure != null) {
            return;
        }
        String prefix = options.getOrDefault("prefix", "image");
        String name = switch (options.getOrDefault("suffix", "INDEX")) {
            case "TIMESTAMP" -> prefix + "_" + TIMESTAMP.format(captured) + ".jpeg";
            case "NONE_OVERWRITE" -> prefix + ".jpeg";
            default -> String.format("%s_%05d.jpeg", prefix, count);
        };
        try {
            request.artifacts().store(file, options.getOrDefault("storage_dir", "") + name, "image/jpeg", captured);
            Files.deleteIfExists(file);
            count++;
            first = first == null ? captured : first;
            last = captured;
        } catch (EgressException e) {
            failure = e;
        } catch (IOException e) {
            failure = new EgressException(Code.INTERNAL, "image " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void finish() throws EgressException {
        uploads.finish(FINISH_TIMEOUT, "image");
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public Map<String, String> results() {
        Map<String, String> results = new LinkedHashMap<>();
        results.put("image_count", String.valueOf(count));
        if (first != null) {
            results.put("started_at", String.valueOf(nanos(first)));
            results.put("ended_at", String.valueOf(nanos(last)));
        }
        return results;
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
