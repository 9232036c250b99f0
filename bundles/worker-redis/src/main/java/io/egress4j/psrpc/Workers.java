package io.egress4j.psrpc;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** Daemon thread pools whose threads use this bundle's class loader as context class loader. */
final class Workers {

    private Workers() {
    }

    static ExecutorService cached(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            thread.setContextClassLoader(Workers.class.getClassLoader());
            return thread;
        });
    }
}
