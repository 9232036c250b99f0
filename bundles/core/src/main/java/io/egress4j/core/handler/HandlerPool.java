package io.egress4j.core.handler;

import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;
import io.egress4j.core.DaemonThreads;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The worker's handler processes. A heavy egress (a browser, a transcode) gets a process of its own: a spare booted
 * ahead of requests when there is one (JVM and bundles up, so it starts at once), else a new one; a process never
 * runs a second egress. Light egresses share a process, up to {@code shared_capacity} each over its life, so a
 * hundred of them cost a few JVMs, and a native crash at most that many recordings.
 */
public final class HandlerPool implements AutoCloseable {

    /** Upstream fails an egress whose handler is not ready within 10 s. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REFILL_INTERVAL = Duration.ofSeconds(2);
    private static final System.Logger LOG = System.getLogger(HandlerPool.class.getName());

    private final HandlerCommandLine commandLine;
    private final int spareCount;
    private final int sharedCapacity;
    private final BooleanSupplier roomForSpare;
    private final List<HandlerHost> spares = new ArrayList<>();
    private HandlerHost shared;
    private final ScheduledExecutorService refill = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("handler-spares"));
    private boolean closed;

    /**
     * @param spareCount     processes kept booted for heavy egresses
     * @param sharedCapacity light egresses one process runs over its life; 1 runs each in its own
     * @param roomForSpare   whether the node has CPU to spare for booting one now
     */
    public HandlerPool(HandlerCommandLine commandLine, int spareCount, int sharedCapacity,
                       BooleanSupplier roomForSpare) {
        this.commandLine = commandLine;
        this.spareCount = spareCount;
        this.sharedCapacity = Math.max(1, sharedCapacity);
        this.roomForSpare = roomForSpare;
        if (spareCount > 0) {
            refill.scheduleWithFixedDelay(this::refillSpares, 0, REFILL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Runs {@code egressId} in a handler process: a shared one when {@code light}, else a spare or a new one.
     *
     * @param request  the serialized StartEgressRequest, secrets included
     * @param starting the serialized STARTING EgressInfo the worker reported (redacted)
     */
    public HandlerJob start(String egressId, byte[] request, byte[] starting, boolean light,
                            HandlerJob.Listener listener) throws EgressException {
        HandlerHost host = null;
        try {
            Claimed claimed = light && sharedCapacity > 1 ? sharedHost() : ownHost();
            host = claimed.host();
            Optional<IpcChannel> slot = host.takeSlot(READY_TIMEOUT);
            if (slot.isEmpty()) {
                throw new IOException("no slot within " + READY_TIMEOUT.toSeconds() + " s");
            }
            LOG.log(Level.INFO, "[{0}] runs in handler {1,number,#} ({2})", egressId, host.pid(), claimed.how());
            return HandlerJob.run(egressId, request, starting, host, slot.get(), listener);
        } catch (IOException e) {
            if (host != null) {
                // A host that cannot give a slot it promised is broken: it takes nothing more.
                host.retire();
                if (host.capacity() == 1) {
                    host.kill();
                }
            }
            LOG.log(Level.WARNING, "[{0}] handler did not start: {1}", egressId, e.getMessage());
            throw new EgressException(Code.INTERNAL, "handler failed to start");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EgressException(Code.INTERNAL, "handler failed to start");
        } finally {
            if (spareCount > 0) {
                refillSoon();
            }
        }
    }

    /** A host with a slot reserved for an egress, and how it came to run it (for the log). */
    private record Claimed(HandlerHost host, String how) {
    }

    /**
     * The shared process with a slot left, started when there is none. A full one is not retired: it still has to
     * offer the slots already promised, one after the other.
     */
    private synchronized Claimed sharedHost() throws IOException {
        if (shared == null || !shared.reserve()) {
            shared = HandlerHost.start(commandLine, sharedCapacity, false);
            shared.reserve();
        }
        return new Claimed(shared, "shared: egress " + shared.jobsTaken() + " of " + shared.capacity());
    }

    /** A booted spare of its own (the oldest), else a new process. */
    private Claimed ownHost() throws IOException {
        synchronized (this) {
            spares.removeIf(host -> !host.isAlive());
            Optional<HandlerHost> booted = spares.stream().filter(HandlerHost::isBooted).findFirst();
            if (booted.isPresent() && booted.get().reserve()) {
                spares.remove(booted.get());
                return new Claimed(booted.get(), "a spare, started " + booted.get().age().toSeconds() + " s ago");
            }
        }
        HandlerHost host = HandlerHost.start(commandLine, 1, false);
        host.reserve();
        return new Claimed(host, spareCount > 0 ? "no spare was ready" : "its own");
    }

    private void refillSoon() {
        try {
            refill.execute(this::refillSpares);
        } catch (RejectedExecutionException e) {
            // the pool closed
        }
    }

    /** Boots spares up to the count, one at a time, and only while the node has CPU to spare. */
    private void refillSpares() {
        HandlerHost host;
        synchronized (this) {
            spares.removeIf(spare -> !spare.isAlive());
            if (closed || spares.size() >= spareCount || spares.stream().anyMatch(spare -> !spare.isBooted())
                    || !roomForSpare.getAsBoolean()) {
                return;
            }
            try {
                host = HandlerHost.start(commandLine, 1, true);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot start a spare handler: {0}", e.getMessage());
                return;
            }
            spares.add(host);
        }
        host.booted().thenAccept(took -> LOG.log(Level.INFO, "spare handler {0,number,#} ready (booted in {1} ms)",
                host.pid(), took.toMillis()));
    }

    /** Processes booted for egresses not yet given to them: spares, and a shared process with no egress now. */
    public synchronized List<ProcessHandle> idleProcesses() {
        Stream<HandlerHost> idle = Stream.concat(spares.stream(),
                Stream.ofNullable(shared).filter(host -> host.runningJobs() == 0));
        return idle.map(host -> ProcessHandle.of(host.pid())).flatMap(Optional::stream).toList();
    }

    /** Ends the spares and the shared process's idle slots; egresses running go on to their end. */
    @Override
    public void close() {
        refill.shutdownNow();
        synchronized (this) {
            closed = true;
            spares.forEach(HandlerHost::retire);
            spares.clear();
            if (shared != null) {
                shared.retire();
            }
        }
    }
}
