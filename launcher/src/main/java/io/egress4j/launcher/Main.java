package io.egress4j.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * The {@code egress} command. It boots the OSGi framework with the bundles of the distribution, watches the plugins
 * folder, and hands the command line to the command service that the core bundle registers.
 */
public final class Main {

    private static final String USAGE = """
            usage: egress <command> [options]

            commands:
              run       the worker: takes egress requests from a LiveKit server over Redis
              serve     LiveKit's Egress API (Twirp), webhooks and the console; without redis in the config
                        it runs the worker too (a standalone node), with it it fronts the workers on Redis
              hash-password
                        read a console password and print its hash for admin.users
              record    record one egress in this process, without Redis or a LiveKit server
                        (egress record --help lists its options)
              plugins   list the registered egress types, sources, outputs and storage backends
              version   print the version

            environment:
              EGRESS_PLUGINS_DIR   folder watched for plugin bundles (default: ./plugins)
              EGRESS_CONFIG_FILE, EGRESS_CONFIG_BODY, LIVEKIT_API_KEY, LIVEKIT_API_SECRET, LIVEKIT_WS_URL
            """;

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        ConsoleLogging.install();
        int status;
        try {
            status = command(args);
        } finally {
            removeRunDir();
        }
        System.exit(status);
    }

    private static int command(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        if (args[0].equals("version") || args[0].equals("--version")) {
            System.out.println("egress4j " + Main.class.getPackage().getImplementationVersion());
            return 0;
        }
        return run(args[0], Arrays.copyOfRange(args, 1, args.length));
    }

    private static int run(String command, String[] commandArgs) throws Exception {
        Path home = Path.of(System.getProperty("egress.home", ".")).toAbsolutePath().normalize();
        Path plugins = Path.of(System.getenv().getOrDefault("EGRESS_PLUGINS_DIR", "plugins")).toAbsolutePath();
        // Handler processes started by a worker watch the same folder.
        System.setProperty("egress.plugins", plugins.toString());

        CompletableFuture<String> stop = new CompletableFuture<>();
        Signals.onStop(stop);
        try (EgressFramework framework = EgressFramework.start(home.resolve("bundles"),
                PluginsFolder.prepare(plugins))) {
            CommandService service = framework.command(command);
            return service.run(commandArgs, stop);
        } catch (EgressFramework.StartupException e) {
            System.err.println("egress: " + e.getMessage());
            return 1;
        }
    }

    /**
     * The process's folder for what a crash leaves behind (the {@code egress.run.dir} property: made by bin/egress,
     * or by the worker for a handler) is not needed once the process ends normally.
     */
    private static void removeRunDir() {
        String dir = System.getProperty("egress.run.dir");
        if (dir == null || dir.isBlank()) {
            return;
        }
        try (Stream<Path> files = Files.walk(Path.of(dir))) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // already gone, or removed by the worker that made it
        }
    }
}
