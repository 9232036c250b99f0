package io.egress4j.core.job;

import io.egress4j.api.EgressException;
import io.egress4j.api.ImagesResult;
import io.egress4j.api.SegmentsResult;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;
import livekit.LivekitEgress.FileInfo;
import livekit.LivekitEgress.SegmentsInfo;
import livekit.LivekitEgress.StreamInfo;
import livekit.LivekitEgress.StreamInfoList;

/**
 * The one place that moves an egress through its statuses and fills {@code EgressInfo} the way upstream does.
 * Every change is published as a snapshot to the listener (the CLI, later the IOInfo client).
 */
final class EgressInfoTracker {

    private final EgressInfo.Builder info;
    private final Consumer<EgressInfo> listener;

    EgressInfoTracker(EgressInfo.Builder initial, Consumer<EgressInfo> listener) {
        this.info = initial.setStatus(EgressStatus.EGRESS_STARTING);
        this.listener = listener;
        long now = nanos(Instant.now());
        info.setStartedAt(now).setUpdatedAt(now);
        publish();
    }

    synchronized EgressStatus status() {
        return info.getStatus();
    }

    /** The room an SDK egress joined. */
    synchronized void room(String name, String sid) {
        info.setRoomName(name).setRoomId(sid);
    }

    /**
     * Adds the result of a file named only once the egress knows what it records (a track's codec), and returns
     * its index.
     */
    synchronized int fileNamed(String filename) {
        info.addFileResults(FileInfo.newBuilder().setFilename(filename));
        return info.getFileResultsCount() - 1;
    }

    synchronized void active(Instant startedAt) {
        long started = nanos(startedAt);
        info.setStatus(EgressStatus.EGRESS_ACTIVE);
        for (int i = 0; i < info.getFileResultsCount(); i++) {
            info.setFileResults(i, info.getFileResults(i).toBuilder().setStartedAt(started));
        }
        publish();
    }

    /** Moves the files' start to when their first media was captured or received: where the muxer starts them. */
    synchronized void filesStarted(Instant firstMedia) {
        long started = nanos(firstMedia);
        for (int i = 0; i < info.getFileResultsCount(); i++) {
            info.setFileResults(i, info.getFileResults(i).toBuilder().setStartedAt(started));
        }
    }

    synchronized void ending(String reason) {
        info.setStatus(EgressStatus.EGRESS_ENDING).setDetails(endReason(reason));
        publish();
    }

    /** Closes the file results once media stopped: end time and duration. */
    synchronized void filesEnded(Instant endedAt) {
        long ended = nanos(endedAt);
        for (int i = 0; i < info.getFileResultsCount(); i++) {
            FileInfo file = info.getFileResults(i);
            long started = file.getStartedAt() > 0 ? file.getStartedAt() : ended;
            info.setFileResults(i, file.toBuilder().setEndedAt(ended).setDuration(ended - started));
        }
    }

    synchronized void fileStored(int index, String location, long size, boolean onBackup) {
        info.setFileResults(index, info.getFileResults(index).toBuilder().setLocation(location).setSize(size));
        if (onBackup) {
            info.setBackupStorageUsed(true);
        }
    }

    synchronized void backupUsed() {
        info.setBackupStorageUsed(true);
    }

    /** Fills a segments result with what the segment output stored; the playlist names are the plan's. */
    synchronized void segmentsResult(int index, SegmentsResult result) {
        info.setSegmentResults(index, info.getSegmentResults(index).toBuilder()
                .setPlaylistLocation(result.playlistLocation())
                .setLivePlaylistLocation(result.livePlaylistLocation())
                .setSegmentCount(result.segmentCount())
                .setSize(result.size())
                .setDuration(result.duration().toNanos())
                .setStartedAt(nanosOrZero(result.startedAt()))
                .setEndedAt(nanosOrZero(result.endedAt())));
    }

    /** Fills an images result with what the image output stored. */
    synchronized void imagesResult(int index, ImagesResult result) {
        info.setImageResults(index, info.getImageResults(index).toBuilder()
                .setImageCount(result.imageCount())
                .setStartedAt(nanosOrZero(result.startedAt()))
                .setEndedAt(nanosOrZero(result.endedAt())));
    }

    /** Replaces the stream results (one per URL the egress has streamed to) and publishes them. */
    synchronized void streams(List<StreamInfo> streams) {
        info.clearStreamResults().addAllStreamResults(streams);
        publish();
    }

    /** Replaces the stream result with {@code stream}'s URL, or adds it, and publishes the change. */
    synchronized void streamResult(StreamInfo stream) {
        for (int i = 0; i < info.getStreamResultsCount(); i++) {
            if (info.getStreamResults(i).getUrl().equals(stream.getUrl())) {
                info.setStreamResults(i, stream);
                publish();
                return;
            }
        }
        info.addStreamResults(stream);
        publish();
    }

    synchronized void manifestStored(String location, boolean onBackup) {
        if (onBackup) {
            info.setBackupStorageUsed(true);
        }
        if (info.getManifestLocation().isEmpty()) {
            info.setManifestLocation(location);
        }
    }

    /** The terminal status an ending leads to. */
    synchronized void end(Ending end) {
        switch (end.kind()) {
            case FAILURE, KILLED -> failed(end.error());
            case LIMIT -> limitReached();
            case STOP, SOURCE_CLOSED -> complete();
            case REPLACED -> throw new IllegalStateException("a replaced egress reports no end");
        }
    }

    synchronized void complete() {
        finish(EgressStatus.EGRESS_COMPLETE);
    }

    synchronized void limitReached() {
        info.setError("Session limit reached").setErrorCode(413).setDetails(endReason("Session limit reached"));
        finish(EgressStatus.EGRESS_LIMIT_REACHED);
    }

    synchronized void aborted(String message) {
        info.setError(message).setErrorCode(412);
        finish(EgressStatus.EGRESS_ABORTED);
    }

    synchronized void failed(EgressException error) {
        info.setError(error.getMessage()).setErrorCode(error.code().httpStatus());
        if (info.getDetails().isEmpty()) {
            info.setDetails(endReason("Failure"));
        }
        finish(EgressStatus.EGRESS_FAILED);
    }

    synchronized EgressInfo snapshot() {
        return info.build();
    }

    private void finish(EgressStatus status) {
        info.setStatus(status).setEndedAt(nanos(Instant.now()));
        // Old clients read the single-output result field, which upstream fills when there is one file.
        if (info.getFileResultsCount() == 1 && info.getSegmentResultsCount() == 0) {
            info.setFile(info.getFileResults(0));
        } else if (info.getSegmentResultsCount() == 1 && info.getFileResultsCount() == 0) {
            info.setSegments(info.getSegmentResults(0));
        } else if (info.getStreamResultsCount() > 0 && info.getFileResultsCount() == 0
                && info.getSegmentResultsCount() == 0) {
            info.setStream(StreamInfoList.newBuilder().addAllInfo(info.getStreamResultsList()));
        }
        publish();
    }

    private void publish() {
        info.setUpdatedAt(nanos(Instant.now()));
        listener.accept(info.build());
    }

    private static String endReason(String reason) {
        return "End reason: " + reason;
    }

    /** An unset time (null) is 0 in EgressInfo. */
    private static long nanosOrZero(Instant instant) {
        return instant == null ? 0 : nanos(instant);
    }

    static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
