package io.egress4j.egress.roomcomposite;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * Serves the built-in templates (embedded in this bundle under {@code templates/}) on a loopback port of the
 * recording process: one server per process, started with the first room composite that needs it, so egresses
 * never share a port or depend on another process.
 */
final class TemplateServer implements AutoCloseable {

    private static final String ROOT = "templates/";
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "txt", "text/plain; charset=utf-8");

    private final HttpServer server;

    private TemplateServer(HttpServer server) {
        this.server = server;
    }

    static TemplateServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", TemplateServer::serve);
            server.setExecutor(Executors.newFixedThreadPool(2, runnable -> {
                Thread thread = new Thread(runnable, "template-server");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            return new TemplateServer(server);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the built-in templates", e);
        }
    }

    /** The base URL of a built-in template, e.g. {@code http://127.0.0.1:41234/default/}. */
    String baseUrl(String template) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + template + "/";
    }

    private static void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.endsWith("/")) {
                path += "index.html";
            }
            String name = path.substring(1);
            if (!exchange.getRequestMethod().equals("GET") || name.contains("..")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            try (InputStream resource = TemplateServer.class.getClassLoader().getResourceAsStream(ROOT + name)) {
                if (resource == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                byte[] body = resource.readAllBytes();
                String extension = name.substring(name.lastIndexOf('.') + 1);
                exchange.getResponseHeaders().set("Content-Type",
                        CONTENT_TYPES.getOrDefault(extension, "application/octet-stream"));
                exchange.getResponseHeaders().set("Cache-Control", "no-store");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
