package io.egress4j.api;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The queue through which an output stores what it finishes while recording: one thread, in order, off the media
 * threads, and bounded, so a storage that cannot keep up fails the output instead of filling the disk and memory.
 * The core sets the bound in {@link OutputRequest#options()} under {@value #CAPACITY} from the config's
 * {@code max_upload_queue} (minutes of output).
 *
 * @since 1.2
 */
public final class UploadQueue {

    /** The option that holds how many artifacts may wait to be stored. */
    public static final String CAPACITY = "max_pending_uploads";

    private final int capacity;
    private final ThreadPoolExecutor thread;

    /**
     * @param name     the storing thread's name
     * @param capacity how many jobs may wait, at least 1
     */
    public UploadQueue(String name, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("an upload queue holds at least one job: " + capacity);
        }
        this.capacity = capacity;
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(capacity),
                r -> {
                    Thread t = new Thread(r, name);
                    t.setDaemon(true);
                    return t;
                });
    }

    /** A queue bounded by the request's {@value #CAPACITY} option; without it, unbounded. */
    public static UploadQueue of(String name, Map<String, String> options) {
        String capacity = options.get(CAPACITY);
        return new UploadQueue(name, capacity == null ? Integer.MAX_VALUE : Integer.parseInt(capacity));
    }

    public int capacity() {
        return capacity;
    }

    /** Queues {@code job}; false when {@link #capacity()} jobs already wait (the job is not run). */
    public boolean offer(Runnable job) {
        try {
            thread.execute(job);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /**
     * Takes no more jobs and waits for the queued ones.
     *
     * @param what names the artifacts in the error, e.g. {@code segment}
     * @throws EgressException when they are not all stored within {@code timeout}
     */
    public void finish(Duration timeout, String what) throws EgressException {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new EgressException(EgressException.Code.INTERNAL, what + " uploads did not finish within "
                        + timeout.toMinutes() + " min");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EgressException(EgressException.Code.INTERNAL, "interrupted while storing " + what + "s");
        }
    }
}
