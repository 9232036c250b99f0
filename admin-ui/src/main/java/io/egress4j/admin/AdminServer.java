package io.egress4j.admin;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** The node's one HTTP service on Javalin: the Egress API and the console share its port. */
final class AdminServer implements AutoCloseable {

    /**
     * Jetty and Javalin tell of every start and stop at INFO; only their warnings matter here. Held: JUL keeps
     * loggers weakly, and a collected one would forget its level.
     */
    private static final List<java.util.logging.Logger> QUIETED = Stream.of("org.eclipse.jetty", "io.javalin")
            .map(java.util.logging.Logger::getLogger).peek(logger -> logger.setLevel(java.util.logging.Level.WARNING))
            .toList();

    private final Javalin app;

    private AdminServer(Javalin app) {
        this.app = app;
    }

    /**
     * Serves {@code parts} on {@code host:port} (0: any free port). Javalin and Jetty find their logging and
     * services through the context class loader, which is set to this bundle's while they start.
     */
    static AdminServer start(String host, int port, List<Consumer<JavalinConfig>> parts) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(AdminServer.class.getClassLoader());
        try {
            Javalin app = Javalin.create(config -> {
                config.jetty.host = host;
                config.jetty.port = port;
                config.startup.showJavalinBanner = false;
                parts.forEach(part -> part.accept(config));
            });
            app.start();
            return new AdminServer(app);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
