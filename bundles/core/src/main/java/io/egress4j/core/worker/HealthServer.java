package io.egress4j.core.worker;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import livekit.LivekitEgress.EgressInfo;

/**
 * {@code health_port}: any path answers upstream's JSON, {@code {"CpuLoad": <free cores>, "<egressID>":
 * <request>, ...}}; {@code /ready} answers 200 while the worker takes work and 503 while it drains or has lost
 * Redis, for load balancers and orchestrators.
 */
final class HealthServer implements AutoCloseable {

    private final HttpServer server;

    HealthServer(int port, Worker worker) throws IOException {
        server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/ready", exchange -> {
            boolean ready = worker.isReady();
            respond(exchange, ready ? 200 : 503, "{\"ready\":" + ready + "}");
        });
        server.createContext("/", exchange -> respond(exchange, 200, status(worker)));
        server.start();
    }

    static String status(Worker worker) {
        StringBuilder json = new StringBuilder("{\"CpuLoad\":")
                .append(String.format(Locale.ROOT, "%.2f", worker.availableCpu()));
        JsonFormat.Printer printer = JsonFormat.printer().omittingInsignificantWhitespace();
        for (EgressInfo info : worker.activeEgresses()) {
            json.append(",\"").append(info.getEgressId()).append("\":").append(request(printer, info));
        }
        return json.append('}').toString();
    }

    /** The egress's (redacted) request, whichever of EgressInfo's request fields holds it. */
    private static String request(JsonFormat.Printer printer, EgressInfo info) {
        OneofDescriptor requestField = EgressInfo.getDescriptor().getOneofs().stream()
                .filter(oneof -> oneof.getName().equals("request")).findFirst().orElseThrow();
        FieldDescriptor set = info.getOneofFieldDescriptor(requestField);
        try {
            return set == null ? "{}" : printer.print((Message) info.getField(set));
        } catch (InvalidProtocolBufferException e) {
            return "{}";
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
