package io.egress4j.admin;

import io.egress4j.psrpc.LocalBus;
import io.egress4j.psrpc.MessageBus;
import io.egress4j.psrpc.RpcException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code egress serve}: LiveKit's Egress API (Twirp, as a LiveKit server serves it), webhooks and the console.
 * Without Redis it is a standalone node: the worker that runs the egresses is in this process, joined to the API
 * by a bus inside it. With Redis it stands in front of a cluster: StartEgress goes to whichever worker on the bus
 * claims it ({@code egress run} nodes, or upstream's Go workers), and their reports come back over IOInfo.
 */
@Component(service = Function.class, property = "egress.command=serve")
public final class ServeCommand implements Function<Map<String, Object>, Integer> {

    static final String USAGE = """
            usage: egress serve --config FILE

            Serves LiveKit's Egress API on admin.port (POST /twirp/livekit.Egress/<Method>, calls signed with
            api_key / api_secret and the roomRecord grant, as a LiveKit server checks them) and the console (/).
            Without redis in the config it also runs the worker (a standalone node); with redis, the workers on that
            Redis (egress run) take the requests. Egress records are kept in admin.records_dir.
            SIGTERM: stop taking work and exit when running egresses finish. SIGINT: stop them all cleanly and exit.
            """;

    private static final System.Logger LOG = System.getLogger(ServeCommand.class.getName());

    @Reference(target = "(egress.command=run)")
    private Function<Map<String, Object>, Integer> worker;

    /** Connects the Redis bus a config file names, as the worker would. */
    @Reference(target = "(egress.bus=redis)")
    private Function<String, MessageBus> redis;

    private BundleContext bundles;

    @Activate
    void activate(BundleContext context) {
        this.bundles = context;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Integer apply(Map<String, Object> launcherArguments) {
        String[] args = (String[]) launcherArguments.get("args");
        CompletionStage<String> stop = (CompletionStage<String>) launcherArguments.get("stop");
        if (args.length != 2 || !args[0].equals("--config")) {
            System.err.print(USAGE);
            return 2;
        }
        ServeConfig config;
        try {
            config = ServeConfig.load(Path.of(args[1]), System.getenv());
        } catch (IOException e) {
            System.err.println("egress serve: cannot read " + args[1] + ": " + e.getMessage());
            return 2;
        }
        String problem = problem(config);
        if (problem != null) {
            System.err.println("egress serve: " + problem);
            return 2;
        }
        Map<String, String> consoleUsers;
        try {
            consoleUsers = config.consoleUsers();
        } catch (IllegalArgumentException e) {
            System.err.println("egress serve: " + args[1] + ": " + e.getMessage());
            return 2;
        }
        Path recordsDir = Path.of(config.admin.recordsDir).toAbsolutePath();
        boolean cluster = config.hasRedis();
        MessageBus bus;
        try {
            bus = cluster ? redis.apply(args[1]) : new LocalBus();
        } catch (IllegalArgumentException e) {
            System.err.println("egress serve: " + e.getMessage());
            return 2;
        }
        Map<String, String> secrets = Map.of(config.apiKey, config.apiSecret);
        ConsoleSessions sessions = new ConsoleSessions(new ConsoleUsers(secrets, consoleUsers), Instant::now);
        try (Webhooks webhooks = new Webhooks(config.webhook.urls, config.webhookKey(), secrets);
             EgressLogTail logs = EgressLogTail.install();
             NodeStatus node = new NodeStatus(bundles, config.healthPort)) {
            // In front of a cluster, an egress still running by its record may well be: its worker reports on.
            EgressRecords records = EgressRecords.open(recordsDir, !cluster);
            try (EgressApi api = EgressApi.start(bus, config.clusterId, records, webhooks, config.wsUrl.isEmpty()
                    ? null : new RoomService(config.wsUrl, config.apiKey, config.apiSecret));
                 AdminServer http = AdminServer.start(config.admin.bindAddress, config.admin.port, List.of(
                         new TwirpApi(api, new ApiTokens(secrets))::addTo,
                         new Console(api, records, sessions, recordsDir.resolve("audit.log"), logs, node,
                                 Path.of(args[1]), config.admin.templates,
                                 new Thumbnails(Path.of(config.localStorageRoot())))::addTo))) {
                LOG.log(Level.INFO, "Egress API on http://{0}:{1,number,#}{2}, console on http://{0}:{1,number,#}/"
                        + " (records in {3})", config.admin.bindAddress, http.port(), TwirpApi.PREFIX, recordsDir);
                if (!cluster) {
                    return worker.apply(Map.of("args", args, "stop", stop, "bus", bus));
                }
                LOG.log(Level.INFO, "in front of the workers on Redis, cluster \"{0}\"; ready", config.clusterId);
                LOG.log(Level.INFO, "{0}: stopping", stop.toCompletableFuture().join());
                return 0;
            }
        } catch (IOException e) {
            System.err.println("egress serve: cannot keep egress records in " + recordsDir + ": " + e.getMessage());
            return 1;
        } catch (RpcException e) {
            System.err.println("egress serve: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            System.err.println("egress serve: cannot serve on " + config.admin.bindAddress + ":" + config.admin.port
                    + ": " + e.getMessage());
            return 1;
        } finally {
            bus.close();
        }
    }

    /** What keeps {@code config} from serving, naming the key; null when nothing does. */
    private static String problem(ServeConfig config) {
        if (config.admin.port <= 0) {
            return "admin.port is required: the port the Egress API listens on";
        }
        if (config.apiKey.isEmpty() || config.apiSecret.isEmpty()) {
            return "api_key and api_secret are required: Egress API calls are signed with them";
        }
        if (!config.webhook.urls.isEmpty() && !config.webhookKey().equals(config.apiKey)) {
            return "webhook.api_key " + config.webhookKey() + " has no secret here: it must be api_key (or empty)";
        }
        return null;
    }
}
