package io.egress4j.core.handler;

import io.egress4j.core.job.WorkDirs;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.System.Logger.Level;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * One handler process as the worker sees it: started ahead of any request, it offers its job slots over a Unix
 * socket in its private folder, one connection per slot, each opened once the previous one was taken, up to its
 * capacity. A host of capacity 1 runs one egress and exits: started ahead, it is a spare that is never reused.
 * A shared host runs up to its capacity of light egresses over its life, so that a native crash in it costs at
 * most that many recordings.
 */
final class HandlerHost {

    /** An egress ID in a line the handler printed: the line is that egress's. */
    private static final Pattern EGRESS_TAG = Pattern.compile("\\[(EG_[A-Za-z0-9_-]+)]");
    private static final System.Logger LOG = System.getLogger(HandlerHost.class.getName());

    private final Process process;
    private final Path dir;
    private final ServerSocketChannel server;
    private final int capacity;
    private final Instant startedAt = Instant.now();
    private final BlockingQueue<IpcChannel> readySlots = new LinkedBlockingQueue<>();
    /** Slots promised to egresses: never more than the capacity. */
    private int reserved;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicBoolean cleaned = new AtomicBoolean();
    private final CompletableFuture<Duration> booted = new CompletableFuture<>();
    /** What the handler's untagged output lines are logged under: its egress once a spare took one. */
    private volatile String tag;

    private HandlerHost(Process process, Path dir, ServerSocketChannel server, int capacity) {
        this.process = process;
        this.dir = dir;
        this.server = server;
        this.capacity = capacity;
        this.tag = "handler " + process.pid();
    }

    /**
     * Starts a handler process that will run up to {@code capacity} egresses; it boots in the background. A spare
     * also prestarts its sources (a browser), ahead of its request.
     */
    static HandlerHost start(HandlerCommandLine commandLine, int capacity, boolean spare) throws IOException {
        Path dir = Files.createTempDirectory("egress4j-handler-");
        ServerSocketChannel server = IpcChannel.listen(dir.resolve("ipc.sock"));
        // The handler shares the worker's working directory, so relative paths in the config mean the same.
        ProcessBuilder builder = new ProcessBuilder(commandLine.withJvmOptions(CrashRecord.jvmOptions(dir)).command())
                .redirectErrorStream(true);
        builder.environment().putAll(commandLine.environment());
        builder.environment().put(HandlerCommand.IPC_ENV, dir.resolve("ipc.sock").toString());
        builder.environment().put(HandlerCommand.CAPACITY_ENV, Integer.toString(capacity));
        if (spare) {
            builder.environment().put(HandlerCommand.PRESTART_ENV, "1");
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            server.close();
            WorkDirs.delete(dir);
            throw e;
        }
        HandlerHost host = new HandlerHost(process, dir, server, capacity);
        host.relayOutput();
        host.acceptSlots();
        return host;
    }

    /**
     * Accepts the handler's slot connections as it offers them, on a thread of its own (a blocking accept must not
     * hold a shared pool's thread: every host waits in one); each says READY before it is offered on.
     */
    private void acceptSlots() {
        Thread acceptor = new Thread(() -> {
            try {
                for (int offered = 0; offered < capacity; offered++) {
                    IpcChannel slot = IpcChannel.accept(server);
                    if (slot.receive().type() != IpcMessage.Type.READY) {
                        throw new IOException("the handler spoke before it was ready");
                    }
                    readySlots.add(slot);
                    booted.complete(age());
                }
            } catch (EOFException | AsynchronousCloseException e) {
                // the process ended, or the host was retired
            } catch (IOException e) {
                if (server.isOpen()) {
                    LOG.log(Level.WARNING, "handler {0} offered a broken slot: {1}", pid(), e.getMessage());
                }
            } finally {
                closeServer();
            }
        }, "handler-slots-" + process.pid());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Promises one of its slots to an egress, if it is alive and has one left. */
    synchronized boolean reserve() {
        if (!process.isAlive() || reserved >= capacity) {
            return false;
        }
        reserved++;
        return true;
    }

    /**
     * The slot reserved before, waiting up to {@code timeout} for the handler to offer it (a host still booting, or
     * opening its next slot); empty when none came.
     */
    Optional<IpcChannel> takeSlot(Duration timeout) throws InterruptedException {
        IpcChannel slot = readySlots.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (slot != null) {
            running.incrementAndGet();
        }
        return Optional.ofNullable(slot);
    }

    /** Whether it can still take an egress: alive and below its capacity. */
    synchronized boolean hasCapacity() {
        return process.isAlive() && reserved < capacity;
    }

    /** Whether it offers a slot now: the JVM and its bundles are booted. */
    boolean isBooted() {
        return !readySlots.isEmpty();
    }

    /** Completes with the time it took to offer its first slot. */
    CompletableFuture<Duration> booted() {
        return booted;
    }

    /** One egress it ran ended; the last one removes the folder unless it holds a crash report. */
    void jobEnded() {
        if (running.decrementAndGet() == 0 && !hasCapacity()) {
            cleanUpAfterExit();
        }
    }

    /** Egresses it runs now. */
    int runningJobs() {
        return running.get();
    }

    int capacity() {
        return capacity;
    }

    synchronized int jobsTaken() {
        return reserved;
    }

    Duration age() {
        return Duration.between(startedAt, Instant.now());
    }

    /** Takes no more egresses; a host running none ends now (its idle slots closed, the handler exits on that). */
    void retire() {
        synchronized (this) {
            reserved = capacity;
        }
        closeServer();
        for (IpcChannel slot = readySlots.poll(); slot != null; slot = readySlots.poll()) {
            slot.close();
        }
        if (running.get() == 0) {
            cleanUpAfterExit();
        }
    }

    /** Waits up to 5 s for the process to exit on its own, then kills it. */
    void awaitExit() {
        if (!awaitExitQuietly()) {
            process.destroyForcibly().onExit().join();
        }
    }

    /** Waits up to 5 s for the process to exit; false if it still runs (a shared host's other egresses go on). */
    boolean awaitExitQuietly() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** "; the recording up to that point is kept at …" for {@code egressId}'s files, or nothing. */
    String recordingsKept(String egressId) {
        return new CrashRecord(dir).recordingsKept(egressId);
    }

    void kill() {
        process.destroyForcibly();
    }

    private void cleanUpAfterExit() {
        if (!cleaned.compareAndSet(false, true)) {
            return;
        }
        Thread cleanup = new Thread(() -> {
            awaitExit();
            if (new CrashRecord(dir).hasCrashReport()) {
                LOG.log(Level.WARNING, "[{0}] crash report kept in {1}", tag, dir);
            } else {
                WorkDirs.delete(dir);
            }
        }, "handler-exit-" + process.pid());
        cleanup.setDaemon(true);
        cleanup.start();
    }

    /** Why its egress {@code egressId} could not finish, once the process is gone; salvages its recordings. */
    String crashError(String egressId) {
        CrashRecord record = new CrashRecord(dir);
        record.salvageRecordings(egressId);
        return record.errorAfterExit(egressId, process.pid(), process.exitValue());
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /**
     * The handler's stdout and stderr go to the worker's log, each line tagged with the egress of a host of one, or
     * with the process in a shared host, whose egresses name themselves in their lines.
     */
    private void relayOutput() {
        Thread relay = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (capacity > 1 && EGRESS_TAG.matcher(line).find()) {
                        LOG.log(Level.INFO, "{0}", line);
                    } else {
                        LOG.log(Level.INFO, "[{0}] {1}", tag, line);
                    }
                }
            } catch (IOException e) {
                // the handler is gone; each egress's reader reports its exit
            }
        }, "handler-log-" + process.pid());
        relay.setDaemon(true);
        relay.start();
    }

    private void closeServer() {
        try {
            server.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    /** Called when a slot goes to {@code egressId}: a host of one logs as that egress from now on. */
    void assigned(String egressId) {
        if (capacity == 1) {
            tag = egressId;
        }
    }
}
