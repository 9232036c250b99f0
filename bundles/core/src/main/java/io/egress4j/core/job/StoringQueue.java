package io.egress4j.core.job;

import io.egress4j.api.ArtifactSink;
import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The queue through which one output stores what it finishes while recording: one thread, in order, off the media
 * threads, and bounded, so a storage that cannot keep up fails the output instead of filling the disk and memory
 * (upstream's "upload job queue is full"). The first failure, a full queue or a job's error, is the output's: the
 * jobs still waiting do not run, and {@link #drain} reports it.
 */
final class StoringQueue {

    private final String artifact;
    private final int capacity;
    private final ThreadPoolExecutor thread;
    private final AtomicReference<EgressException> failure = new AtomicReference<>();

    /**
     * @param artifact what the output stores, for thread names and errors, e.g. {@code segment}
     * @param capacity how many jobs may wait, at least 1
     */
    StoringQueue(String artifact, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a storing queue holds at least one job: " + capacity);
        }
        this.artifact = artifact;
        this.capacity = capacity;
        // The thread starts with the first job: outputs that queue nothing cost nothing.
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(capacity),
                r -> {
                    Thread t = new Thread(r, artifact + "-uploads");
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Jobs queued or running now. */
    int waiting() {
        return thread.getQueue().size() + thread.getActiveCount();
    }

    /** Queues {@code job}; a full queue fails the output and drops the job. */
    void offer(ArtifactSink.Job job) {
        if (failure.get() != null) {
            return;
        }
        try {
            thread.execute(() -> run(job));
        } catch (RejectedExecutionException e) {
            failed(new EgressException(Code.UNAVAILABLE, artifact + " upload queue is full: " + capacity + " "
                    + artifact + "s wait to be stored (max_upload_queue)"));
        }
    }

    private void run(ArtifactSink.Job job) {
        if (failure.get() != null) {
            return;
        }
        try {
            job.run();
        } catch (EgressException e) {
            failed(e);
        }
    }

    private void failed(EgressException error) {
        failure.compareAndSet(null, error);
    }

    /**
     * Takes no more jobs and waits for the queued ones.
     *
     * @throws EgressException the output's first failure, or INTERNAL when the jobs did not finish within
     *                         {@code timeout}
     */
    void drain(Duration timeout) throws EgressException {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new EgressException(Code.INTERNAL, artifact + " uploads did not finish within "
                        + timeout.toMinutes() + " min");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EgressException(Code.INTERNAL, "interrupted while storing " + artifact + "s");
        }
        EgressException failed = failure.get();
        if (failed != null) {
            throw failed;
        }
    }
}
