package io.egress4j.launcher;

import java.util.concurrent.CompletableFuture;
import sun.misc.Signal;

/**
 * Turns SIGINT and SIGTERM into a stop request, so the running command can send end-of-stream and finalise its files
 * before the process exits. A second signal exits at once: the MP4 on disk is fragmented, so even then it plays.
 */
final class Signals {

    private Signals() {
    }

    static void onStop(CompletableFuture<String> stop) {
        for (String name : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(name), signal -> {
                if (!stop.complete("SIG" + signal.getName())) {
                    System.err.println("egress: second SIG" + signal.getName() + ", exiting without finalising");
                    Runtime.getRuntime().halt(128 + signal.getNumber());
                }
            });
        }
    }
}
