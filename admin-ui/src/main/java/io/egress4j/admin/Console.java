package io.egress4j.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.egress4j.psrpc.RpcException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.sse.SseClient;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.StopEgressRequest;
import livekit.LivekitEgress.UpdateLayoutRequest;

/**
 * The operator's console, plain server-rendered HTML: log in (an API key pair or an {@code admin.users} user), see
 * every egress (the running ones updated live over server-sent events, with their handlers' CPU, memory and newest
 * thumbnail), read an egress's log tail, fetch its recordings, stop one (after a confirmation) or switch a room
 * composite's layout; the layouts page starts egresses from a form; the node page shows admission, workers, plugins
 * (live) and the masked configuration. Every form carries the session's CSRF token; every start, stop and layout
 * change is written to the audit log with who and when.
 */
final class Console {

    private static final System.Logger LOG = System.getLogger(Console.class.getName());
    static final String COOKIE = "egress4j_session";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How often open pages get fresh elapsed times and usage while egresses run. */
    private static final long TICK_SECONDS = 2;
    /** Finished egresses shown below the running ones. */
    private static final int HISTORY = 50;

    private final EgressApi api;
    private final EgressRecords records;
    private final ConsoleSessions sessions;
    private final Path auditLog;
    private final EgressLogTail logs;
    private final NodeStatus node;
    private final Path configFile;
    private final Map<String, String> templates;
    private final Thumbnails thumbnails;
    private final Set<SseClient> watchers = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "console-ticker");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param logs       the log lines of the egresses run in this process
     * @param node       this node's capacity and plugins
     * @param configFile the configuration shown (masked) on the node page
     * @param templates  custom room composite templates offered besides the built-in layouts, name to base URL
     * @param thumbnails the newest images of egresses with image outputs, when stored on this machine
     */
    Console(EgressApi api, EgressRecords records, ConsoleSessions sessions, Path auditLog, EgressLogTail logs,
            NodeStatus node, Path configFile, Map<String, String> templates, Thumbnails thumbnails) {
        this.api = api;
        this.records = records;
        this.sessions = sessions;
        this.auditLog = auditLog;
        this.logs = logs;
        this.node = node;
        this.configFile = configFile;
        this.templates = Map.copyOf(templates);
        this.thumbnails = thumbnails;
        records.onChange(changed -> push("rows", this::rows));
        node.onPluginsChanged(() -> push("plugins", session -> ConsolePages.plugins(node.plugins())));
    }

    void addTo(JavalinConfig config) {
        config.routes.get("/", ctx -> page(ctx, session -> ConsolePages.dashboard(session, rows(session))));
        config.routes.get("/node", ctx -> page(ctx, this::nodePage));
        config.routes.get("/layouts", ctx -> page(ctx, session -> ConsolePages.layouts(session, templates)));
        config.routes.post("/start", ctx -> withSession(ctx, true, session -> start(ctx, session)));
        config.routes.post("/egress/{id}/layout", ctx -> withSession(ctx, true, session -> switchLayout(ctx,
                session)));
        config.routes.get("/egress/{id}/log", ctx -> page(ctx, session -> ConsolePages.log(session,
                ctx.pathParam("id"), logs.lines(ctx.pathParam("id")))));
        config.routes.get("/egress/{id}/file/{index}", ctx -> withSession(ctx, false, session -> recording(ctx)));
        config.routes.get("/egress/{id}/thumbnail", ctx -> withSession(ctx, false, session -> thumbnail(ctx)));
        config.routes.get("/login", ctx -> ctx.html(ConsolePages.login("")));
        config.routes.post("/login", this::login);
        config.routes.post("/logout", ctx -> withSession(ctx, true, session -> {
            sessions.logout(session.id());
            ctx.header("Set-Cookie", COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
            ctx.redirect("/login", HttpStatus.SEE_OTHER);
        }));
        config.routes.post("/egress/{id}/stop", ctx -> withSession(ctx, true, session -> stop(ctx, session)));
        config.routes.sse("/events", this::watch);
        config.events.serverStarted(() -> ticker.scheduleAtFixedRate(this::tick, TICK_SECONDS, TICK_SECONDS,
                TimeUnit.SECONDS));
        config.events.serverStopping(ticker::shutdownNow);
    }

    /** A logged-in page, never cached; without a session, the login page. */
    private void page(Context ctx, Function<ConsoleSessions.Session, String> html) {
        Optional<ConsoleSessions.Session> session = sessions.find(ctx.cookie(COOKIE));
        if (session.isEmpty()) {
            ctx.redirect("/login", HttpStatus.SEE_OTHER);
            return;
        }
        ctx.header("Cache-Control", "no-store");
        ctx.html(html.apply(session.get()));
    }

    private String nodePage(ConsoleSessions.Session session) {
        String config;
        try {
            config = MaskedConfig.of(configFile);
        } catch (IOException e) {
            config = "cannot read " + configFile + ": " + e.getMessage();
        }
        List<EgressApi.Worker> workers;
        try {
            workers = api.workers();
        } catch (RpcException e) {
            workers = List.of();
        }
        return ConsolePages.node(session, node.capacity(), NodeStatus.memory(), workers,
                ConsolePages.plugins(node.plugins()), config);
    }

    private void thumbnail(Context ctx) {
        Optional<Path> image = records.get(ctx.pathParam("id")).flatMap(thumbnails::latest);
        if (image.isEmpty()) {
            ctx.status(HttpStatus.NOT_FOUND).html(ConsolePages.message("No thumbnail of this egress on this node."));
            return;
        }
        try {
            ctx.header("Cache-Control", "private, max-age=3600").contentType("image/jpeg")
                    .result(Files.readAllBytes(image.get()));
        } catch (IOException e) {
            ctx.status(HttpStatus.NOT_FOUND).html(ConsolePages.message("Cannot read the thumbnail: "
                    + e.getMessage()));
        }
    }

    /** A local recording of an egress, with range requests so that a browser can seek in it. */
    private void recording(Context ctx) {
        Optional<Path> file = records.get(ctx.pathParam("id")).flatMap(info -> {
            try {
                return RecordedFiles.local(info, Integer.parseInt(ctx.pathParam("index")));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
        if (file.isEmpty()) {
            ctx.status(HttpStatus.NOT_FOUND).html(ConsolePages.message("No such recording on this node."));
            return;
        }
        try {
            ctx.header("Content-Disposition", "inline; filename=\"" + file.get().getFileName() + "\"");
            ctx.writeSeekableStream(Files.newInputStream(file.get()), RecordedFiles.mediaType(file.get())
                    .orElseThrow(), Files.size(file.get()));
        } catch (IOException e) {
            ctx.status(HttpStatus.NOT_FOUND).html(ConsolePages.message("Cannot read " + file.get() + ": "
                    + e.getMessage()));
        }
    }

    private void login(Context ctx) {
        try {
            Optional<ConsoleSessions.Session> session = sessions.login(ctx.formParam("user"),
                    ctx.formParam("password"), ctx.ip());
            if (session.isEmpty()) {
                LOG.log(Level.WARNING, "console: failed login as {0} from {1}", ctx.formParam("user"), ctx.ip());
                ctx.status(HttpStatus.UNAUTHORIZED).html(ConsolePages.login("Wrong name or password."));
                return;
            }
            ctx.header("Set-Cookie", COOKIE + "=" + session.get().id() + "; Path=/; HttpOnly; SameSite=Strict; Max-Age="
                    + ConsoleSessions.LIFETIME.toSeconds());
            audit(session.get(), "login", "-", ctx.ip());
            ctx.redirect("/", HttpStatus.SEE_OTHER);
        } catch (ConsoleSessions.TooManyAttempts e) {
            ctx.status(HttpStatus.TOO_MANY_REQUESTS).html(ConsolePages.login(e.getMessage()));
        }
    }

    private void start(Context ctx, ConsoleSessions.Session session) {
        try {
            EgressInfo info = api.start(StartForm.read(ctx::formParam, templates));
            audit(session, "start", info.getEgressId(), ctx.ip());
            ctx.redirect("/", HttpStatus.SEE_OTHER);
        } catch (StartForm.Invalid | RpcException e) {
            ctx.status(HttpStatus.BAD_REQUEST).html(ConsolePages.message("Not started: " + e.getMessage()));
        }
    }

    private void switchLayout(Context ctx, ConsoleSessions.Session session) {
        String egressId = ctx.pathParam("id");
        String layout = String.valueOf(ctx.formParam("layout"));
        audit(session, "layout " + layout, egressId, ctx.ip());
        try {
            api.updateLayout(UpdateLayoutRequest.newBuilder().setEgressId(egressId).setLayout(layout).build());
            ctx.redirect("/", HttpStatus.SEE_OTHER);
        } catch (RpcException e) {
            ctx.status(HttpStatus.CONFLICT).html(ConsolePages.message("Cannot switch the layout of " + egressId
                    + ": " + e.getMessage()));
        }
    }

    private void stop(Context ctx, ConsoleSessions.Session session) {
        String egressId = ctx.pathParam("id");
        audit(session, "stop", egressId, ctx.ip());
        try {
            api.stop(StopEgressRequest.newBuilder().setEgressId(egressId).build());
            ctx.redirect("/", HttpStatus.SEE_OTHER);
        } catch (RpcException e) {
            ctx.status(HttpStatus.CONFLICT).html(ConsolePages.message("Cannot stop " + egressId + ": "
                    + e.getMessage()));
        }
    }

    /** Runs {@code action} for the request's session; without one 401, and with {@code csrf} a token must match. */
    private void withSession(Context ctx, boolean csrf, java.util.function.Consumer<ConsoleSessions.Session> action) {
        Optional<ConsoleSessions.Session> session = sessions.find(ctx.cookie(COOKIE));
        if (session.isEmpty()) {
            ctx.status(HttpStatus.UNAUTHORIZED).html(ConsolePages.message("Log in first."));
            return;
        }
        if (csrf && !ConsoleSessions.csrfMatches(session.get(), ctx.formParam("csrf"))) {
            LOG.log(Level.WARNING, "console: {0} {1} without a valid CSRF token, from {2}", ctx.method(), ctx.path(),
                    ctx.ip());
            ctx.status(HttpStatus.FORBIDDEN).html(ConsolePages.message("The form is stale or forged; reload it."));
            return;
        }
        action.accept(session.get());
    }

    /** Server-sent events for a logged-in page: the table's rows, whenever an egress changes. */
    private void watch(SseClient client) {
        Optional<ConsoleSessions.Session> session = sessions.find(client.ctx().cookie(COOKIE));
        if (session.isEmpty()) {
            client.close();
            return;
        }
        client.keepAlive();
        client.onClose(() -> watchers.remove(client));
        watchers.add(client);
        client.sendEvent("rows", rows(session.get()));
    }

    /**
     * While egresses run, their elapsed time and CPU move on: open pages get those cells now and then (only those:
     * a form the operator is using stays as it is).
     */
    private void tick() {
        List<EgressInfo> running = records.all().stream().filter(EgressRecords::isActive).toList();
        if (watchers.isEmpty() || running.isEmpty()) {
            return;
        }
        Function<EgressInfo, String> liveCell = liveCells(true);
        Map<String, String> cells = new TreeMap<>();
        running.forEach(info -> cells.put(info.getEgressId(), liveCell.apply(info)));
        try {
            String json = JSON.writeValueAsString(cells);
            push("live", session -> json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }

    /**
     * Renders the cells that change while egresses run, with what their handlers use as of now (asked of the worker
     * only when {@code anyRunning}).
     */
    private Function<EgressInfo, String> liveCells(boolean anyRunning) {
        Map<String, NodeStatus.Usage> usage = anyRunning ? node.usage() : Map.of();
        Instant now = Instant.now();
        return info -> ConsolePages.live(info, usage.get(info.getEgressId()),
                EgressRecords.isActive(info) ? thumbnails.version(info) : Optional.empty(), now);
    }

    /** Sends every logged-in page the event {@code name}, rendered for its session. */
    private synchronized void push(String name, Function<ConsoleSessions.Session, String> data) {
        for (SseClient client : watchers) {
            Optional<ConsoleSessions.Session> session = sessions.find(client.ctx().cookie(COOKIE));
            if (session.isEmpty() || client.terminated()) {
                watchers.remove(client);
                client.close();
            } else {
                client.sendEvent(name, data.apply(session.get()));
            }
        }
    }

    /** Running egresses first, newest first, then the latest finished ones. */
    private String rows(ConsoleSessions.Session session) {
        List<EgressInfo> all = records.all().stream()
                .sorted(Comparator.comparing((EgressInfo info) -> !EgressRecords.isActive(info))
                        .thenComparing(EgressInfo::getStartedAt, Comparator.reverseOrder()))
                .toList();
        long running = all.stream().filter(EgressRecords::isActive).count();
        return ConsolePages.rows(all.subList(0, (int) Math.min(all.size(), running + HISTORY)),
                liveCells(running > 0), session);
    }

    private void audit(ConsoleSessions.Session session, String action, String egressId, String from) {
        String line = Instant.now() + " user=" + session.user() + " " + action + " " + egressId + " from=" + from
                + "\n";
        LOG.log(Level.INFO, "console audit: {0}", line.trim());
        try {
            Files.writeString(auditLog, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot write the audit log {0}: {1}", auditLog, e.toString());
        }
    }

    /** How long an egress has run, or ran. */
    static Duration elapsed(EgressInfo info, Instant now) {
        long end = info.getEndedAt() > 0 ? info.getEndedAt() : now.getEpochSecond() * 1_000_000_000L + now.getNano();
        return info.getStartedAt() > 0 ? Duration.ofNanos(Math.max(0, end - info.getStartedAt())) : Duration.ZERO;
    }
}
