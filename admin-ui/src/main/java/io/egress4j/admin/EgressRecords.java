package io.egress4j.admin;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;

/**
 * The latest EgressInfo of every egress, as livekit-server's store keeps it, in memory and on disk (one file per
 * egress, {@code <egress_id>.pb}, replaced atomically), so that ListEgress still knows them after a restart.
 */
final class EgressRecords {

    private static final System.Logger LOG = System.getLogger(EgressRecords.class.getName());
    /** What may name a file here: an egress ID as workers accept them. */
    static final Pattern EGRESS_ID = Pattern.compile("EG_[A-Za-z0-9_-]{1,64}");

    private final Path dir;
    private final Map<String, EgressInfo> latest = new ConcurrentHashMap<>();
    private final List<Consumer<EgressInfo>> listeners = new CopyOnWriteArrayList<>();

    private EgressRecords(Path dir) {
        this.dir = dir;
    }

    /**
     * Opens (creating) {@code dir} and reads what it holds. An egress still running by its record cannot be: the
     * workers of a standalone node lived in this process, so {@code orphansFailed} marks them FAILED.
     */
    static EgressRecords open(Path dir, boolean orphansFailed) throws IOException {
        Files.createDirectories(dir);
        EgressRecords records = new EgressRecords(dir);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".pb")).toList()) {
                try {
                    EgressInfo info = EgressInfo.parseFrom(Files.readAllBytes(file));
                    records.latest.put(info.getEgressId(), info);
                } catch (InvalidProtocolBufferException e) {
                    LOG.log(Level.WARNING, "{0} is no egress record; left alone", file);
                }
            }
        }
        if (orphansFailed) {
            for (EgressInfo info : List.copyOf(records.latest.values())) {
                if (isActive(info)) {
                    long now = nanos(Instant.now());
                    records.put(info.toBuilder().setStatus(EgressStatus.EGRESS_FAILED).setErrorCode(500)
                            .setError("the egress service stopped while this egress ran").setEndedAt(now)
                            .setUpdatedAt(now).build());
                }
            }
        }
        return records;
    }

    /** Stores {@code info} unless its egress is known: CreateEgress. Returns whether it was new. */
    synchronized boolean putIfAbsent(EgressInfo info) {
        if (!EGRESS_ID.matcher(info.getEgressId()).matches()) {
            return false;
        }
        boolean added = latest.putIfAbsent(info.getEgressId(), info) == null;
        if (added) {
            write(info);
            listeners.forEach(listener -> listener.accept(info));
        }
        return added;
    }

    /** Stores {@code info} as the latest of its egress: UpdateEgress. */
    synchronized void put(EgressInfo info) {
        if (EGRESS_ID.matcher(info.getEgressId()).matches()) {
            latest.put(info.getEgressId(), info);
            write(info);
            listeners.forEach(listener -> listener.accept(info));
        }
    }

    /** Tells {@code listener} every info stored from now on (on the storing thread: keep it short). */
    void onChange(Consumer<EgressInfo> listener) {
        listeners.add(listener);
    }

    Optional<EgressInfo> get(String egressId) {
        return Optional.ofNullable(latest.get(egressId));
    }

    Collection<EgressInfo> all() {
        return List.copyOf(latest.values());
    }

    static boolean isActive(EgressInfo info) {
        return info.getStatusValue() < EgressStatus.EGRESS_COMPLETE_VALUE;
    }

    /** Best effort: a record that cannot be written is still served from memory, and the failure logged. */
    private void write(EgressInfo info) {
        Path file = dir.resolve(info.getEgressId() + ".pb");
        Path partial = dir.resolve(info.getEgressId() + ".pb.partial");
        try {
            Files.write(partial, info.toByteArray());
            try {
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot keep the record of {0} in {1}: {2}", info.getEgressId(), dir, e.toString());
        }
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
