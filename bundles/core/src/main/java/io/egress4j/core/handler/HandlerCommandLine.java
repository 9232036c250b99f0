package io.egress4j.core.handler;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How to start a handler: the same launcher as the worker, in handler mode, in a new session (so a Ctrl-C meant for
 * the worker reaches the handlers only through the worker, which stops them cleanly).
 *
 * @param command     the full command line
 * @param environment variables to add (config, plugins folder)
 */
public record HandlerCommandLine(List<String> command, Map<String, String> environment) {

    /** Set by the launcher: the plugins folder it watches, which handlers must watch too. */
    public static final String PLUGINS_PROPERTY = "egress.plugins";

    /** This command line with {@code options} given to the JVM (they go right after the java executable). */
    public HandlerCommandLine withJvmOptions(List<String> options) {
        List<String> full = new ArrayList<>(command);
        int java = full.size() > 1 && full.get(0).equals("setsid") ? 2 : 1;
        full.addAll(java, options);
        return new HandlerCommandLine(List.copyOf(full), environment);
    }

    /**
     * The command line of this JVM's launcher, switched to {@code run-handler}, with this JVM's options: a handler
     * runs on the worker's class archive, JIT and logging settings and {@code EGRESS_JAVA_OPTS}.
     */
    public static HandlerCommandLine ofThisProcess(String configFile) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of("setsid", java));
        command.addAll(inheritedJvmOptions(ManagementFactory.getRuntimeMXBean().getInputArguments()));
        command.addAll(List.of("-Degress.home=" + System.getProperty("egress.home", "."),
                "-cp", System.getProperty("java.class.path"), "io.egress4j.launcher.Main", "run-handler"));
        if (configFile != null && !configFile.isBlank()) {
            command.add("--config");
            command.add(configFile);
        }
        String plugins = System.getProperty(PLUGINS_PROPERTY);
        return new HandlerCommandLine(List.copyOf(command),
                plugins == null ? Map.of() : Map.of("EGRESS_PLUGINS_DIR", plugins));
    }

    /**
     * The worker's JVM options a handler takes over: all but those naming the worker's own files (crash report,
     * run folder, class archive being written) and a debugger port only one process can hold.
     */
    static List<String> inheritedJvmOptions(List<String> workerOptions) {
        return workerOptions.stream()
                .filter(option -> !option.startsWith("-Degress.") && !option.startsWith("-XX:ErrorFile=")
                        && !option.startsWith("-XX:OnError=") && !option.startsWith("-XX:ArchiveClassesAtExit=")
                        && !option.startsWith("-agentlib:jdwp"))
                .toList();
    }
}
