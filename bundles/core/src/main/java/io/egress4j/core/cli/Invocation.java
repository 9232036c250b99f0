package io.egress4j.core.cli;

import io.egress4j.psrpc.MessageBus;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * What the launcher hands a command: its arguments and a stage that completes with the signal name (SIGINT,
 * SIGTERM) when the user asks it to stop. The launcher passes them as a map of JDK types, so it shares no classes
 * with the bundles.
 *
 * @param args the command line after the command name
 * @param stop completes with the signal name on SIGINT or SIGTERM
 * @param bus  the bus a standalone node's worker shares with its Egress API in this process ({@code egress serve}
 *             passes it), or null: the worker connects to Redis
 */
public record Invocation(String[] args, CompletionStage<String> stop, MessageBus bus) {

    @SuppressWarnings("unchecked")
    public static Invocation of(Map<String, Object> launcherArguments) {
        return new Invocation((String[]) launcherArguments.get("args"),
                (CompletionStage<String>) launcherArguments.get("stop"),
                (MessageBus) launcherArguments.get("bus"));
    }

    /** True when the arguments are nothing or a lone {@code --config FILE}, all the service commands take. */
    public boolean onlyConfigOption() {
        return args.length == 0 || (args.length == 2 && args[0].equals("--config"));
    }

    /** The FILE of {@code --config FILE}, or null. */
    public String configFile() {
        return args.length == 2 && args[0].equals("--config") ? args[1] : null;
    }
}
