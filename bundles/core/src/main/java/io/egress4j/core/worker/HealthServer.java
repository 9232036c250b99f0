package io.egress4j.core.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import livekit.LivekitEgress.EgressInfo;

/**
 * {@code health_port}: {@code /ready} answers 200 while the worker takes work and 503 while it drains or has lost
 * Redis, for load balancers and orchestrators; {@code /usage} the CPU (cores) and resident memory of each running
 * egress's handler, for the console; any other path upstream's JSON, {@code {"CpuLoad": <free cores>,
 * "<egressID>": <request>, ...}}, plus {@code "Warnings"} naming the cost keys that keep this node from ever taking
 * a kind of request.
 */
final class HealthServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OneofDescriptor REQUEST = EgressInfo.getDescriptor().getOneofs().stream()
            .filter(oneof -> oneof.getName().equals("request")).findFirst().orElseThrow();

    private final HttpServer server;

    HealthServer(InetSocketAddress address, Worker worker) throws IOException {
        server = HttpServer.create(address, 0);
        server.createContext("/ready", exchange -> {
            boolean ready = worker.isReady();
            respond(exchange, ready ? 200 : 503, JSON.createObjectNode().put("ready", ready));
        });
        server.createContext("/usage", exchange -> respond(exchange, 200, usage(worker.handlerUsage())));
        server.createContext("/", exchange -> respond(exchange, 200, status(worker.availableCpu(),
                worker.activeEgresses(), worker.capacityWarnings())));
        server.start();
    }

    static ObjectNode status(double availableCpu, List<EgressInfo> active, List<String> warnings) throws IOException {
        ObjectNode json = JSON.createObjectNode();
        json.put("CpuLoad", BigDecimal.valueOf(availableCpu).setScale(2, RoundingMode.HALF_UP));
        JsonFormat.Printer printer = JsonFormat.printer().omittingInsignificantWhitespace();
        for (EgressInfo info : active) {
            json.set(info.getEgressId(), JSON.readTree(request(printer, info)));
        }
        if (!warnings.isEmpty()) {
            warnings.forEach(json.putArray("Warnings")::add);
        }
        return json;
    }

    /** {@code {"<egressID>": {"cpu": <cores>, "memory_bytes": <resident>}, ...}}: what each handler uses. */
    static ObjectNode usage(Map<String, Worker.HandlerUsage> usage) {
        ObjectNode json = JSON.createObjectNode();
        usage.forEach((egressId, handler) -> json.putObject(egressId)
                .put("cpu", BigDecimal.valueOf(handler.cores()).setScale(3, RoundingMode.HALF_UP))
                .put("memory_bytes", handler.residentBytes()));
        return json;
    }

    /** The egress's (redacted) request, whichever of EgressInfo's request fields holds it. */
    private static String request(JsonFormat.Printer printer, EgressInfo info) {
        FieldDescriptor set = info.getOneofFieldDescriptor(REQUEST);
        try {
            return set == null ? "{}" : printer.print((Message) info.getField(set));
        } catch (InvalidProtocolBufferException e) {
            return "{}";
        }
    }

    private static void respond(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
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
