package io.egress4j.core;

import java.util.concurrent.ThreadFactory;

/** Threads for background work that must never keep the process alive on its own. */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** A factory of daemon threads called {@code name}. */
    public static ThreadFactory named(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
