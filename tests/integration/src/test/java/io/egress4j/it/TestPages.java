package io.egress4j.it;

import com.sun.net.httpserver.HttpServer;
import io.egress4j.protocol.rpc.EgressRpc.StartEgressRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import livekit.LivekitEgress.EncodedFileOutput;
import livekit.LivekitEgress.EncodingOptions;
import livekit.LivekitEgress.WebEgressRequest;

/**
 * Serves the test pages from src/test/resources/pages (and the custom template built into them) on a loopback port,
 * as a real web server would.
 */
final class TestPages implements AutoCloseable {

    private final HttpServer server;

    TestPages() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String name = exchange.getRequestURI().getPath().replaceFirst("^/", "");
            try (InputStream page = TestPages.class.getResourceAsStream("/pages/" + name)) {
                if (page == null || name.contains("..")) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                byte[] body = page.readAllBytes();
                exchange.getResponseHeaders().set("Content-Type", contentType(name));
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    private static String contentType(String name) {
        return name.endsWith(".js") ? "text/javascript; charset=utf-8"
                : name.endsWith(".css") ? "text/css; charset=utf-8" : "text/html; charset=utf-8";
    }

    /** A web egress of {@code page} at 640x360, 15 fps, to one file. */
    StartEgressRequest webRequest(String page, String egressId, String filepath) {
        return StartEgressRequest.newBuilder().setEgressId(egressId).setWeb(WebEgressRequest.newBuilder()
                .setUrl(url(page))
                .setAdvanced(EncodingOptions.newBuilder().setWidth(640).setHeight(360).setFramerate(15))
                .addFileOutputs(EncodedFileOutput.newBuilder().setFilepath(filepath))).build();
    }

    String url(String page) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + page;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
