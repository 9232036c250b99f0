package io.egress4j.admin;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The latest log lines of each egress run in this process, for the console. Every line about one egress starts
 * with its ID in brackets ({@code [EG_…] …}): the worker's own lines and everything its handler prints. Lines are
 * kept in memory only, {@link #LINES} per egress for the latest {@link #EGRESSES} egresses.
 */
final class EgressLogTail extends Handler implements AutoCloseable {

    static final int LINES = 300;
    static final int EGRESSES = 200;
    private static final Pattern TAGGED = Pattern.compile("^\\[(" + EgressRecords.EGRESS_ID.pattern() + ")] ?(.*)",
            Pattern.DOTALL);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);

    private final SimpleFormatter formatter = new SimpleFormatter();
    private final Map<String, Deque<String>> tails = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<String>> eldest) {
            return size() > EGRESSES;
        }
    };

    /** Collects from the root logger, which every logger of the process hands its records to, until closed. */
    static EgressLogTail install() {
        EgressLogTail tail = new EgressLogTail();
        Logger.getLogger("").addHandler(tail);
        return tail;
    }

    @Override
    public void publish(LogRecord record) {
        String message = formatter.formatMessage(record);
        Matcher tagged = TAGGED.matcher(message);
        if (!tagged.matches()) {
            return;
        }
        String line = TIME.format(Instant.ofEpochMilli(record.getMillis())) + " " + record.getLevel() + " "
                + tagged.group(2);
        synchronized (tails) {
            Deque<String> tail = tails.computeIfAbsent(tagged.group(1), id -> new ArrayDeque<>());
            tail.addLast(line);
            if (tail.size() > LINES) {
                tail.removeFirst();
            }
        }
    }

    /** The kept lines of {@code egressId}, oldest first; empty if this process logged nothing about it. */
    List<String> lines(String egressId) {
        synchronized (tails) {
            Deque<String> tail = tails.get(egressId);
            return tail == null ? List.of() : List.copyOf(tail);
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
