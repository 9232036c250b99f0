package io.egress4j.launcher;

import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The command contract between the launcher and the bundles. A bundle registers a
 * {@code java.util.function.Function<Map<String,Object>,Integer>} service with the property {@value #NAME_PROPERTY}.
 * Only JDK types cross the boundary, so the launcher shares no classes with the bundles.
 *
 * <p>The map holds {@value #ARGS} (a {@code String[]}) and {@value #STOP} (a {@code CompletionStage<String>} that
 * completes with the signal name when the user asks the command to stop). The function returns the exit code.
 */
final class CommandService {

    static final String NAME_PROPERTY = "egress.command";
    static final String ARGS = "args";
    static final String STOP = "stop";

    private final Function<Map<String, Object>, Integer> function;

    CommandService(Function<Map<String, Object>, Integer> function) {
        this.function = function;
    }

    int run(String[] args, CompletionStage<String> stop) {
        return function.apply(Map.of(ARGS, args, STOP, stop));
    }
}
