package io.egress4j.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.egress4j.protocol.rpc.EgressRpc;
import io.egress4j.psrpc.RpcCode;
import io.egress4j.psrpc.RpcException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import livekit.LivekitEgress;
import livekit.LivekitEgress.ListEgressRequest;
import livekit.LivekitEgress.ParticipantEgressRequest;
import livekit.LivekitEgress.RoomCompositeEgressRequest;
import livekit.LivekitEgress.StopEgressRequest;
import livekit.LivekitEgress.TrackCompositeEgressRequest;
import livekit.LivekitEgress.TrackEgressRequest;
import livekit.LivekitEgress.UpdateLayoutRequest;
import livekit.LivekitEgress.UpdateStreamRequest;
import livekit.LivekitEgress.WebEgressRequest;

/**
 * LiveKit's {@code livekit.Egress} service over Twirp, as livekit-server serves it: {@code POST
 * /twirp/livekit.Egress/<Method>} with a JSON ({@code application/json}, what the Node SDK sends) or protobuf
 * ({@code application/protobuf}, the Go and Python SDKs) body, answered in the same encoding; errors as Twirp JSON.
 * JSON answers are snake_case with every field present, enums by name, as livekit-server writes them.
 */
final class TwirpApi {

    private static final System.Logger LOG = System.getLogger(TwirpApi.class.getName());
    static final String PREFIX = "/twirp/livekit.Egress/";
    /** livekit-server's limit.max_api_request_body_size default. */
    private static final long MAX_BODY_BYTES = 10L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFormat.Parser JSON_IN = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer JSON_OUT = JsonFormat.printer().preservingProtoFieldNames()
            .alwaysPrintFieldsWithNoPresence().omittingInsignificantWhitespace();

    /** One method: its request type and what answers it. */
    private record Method<Q extends Message>(Q prototype, Call<Q> call) {
    }

    @FunctionalInterface
    private interface Call<Q> {
        Message answer(Q request) throws RpcException;
    }

    private final Map<String, Method<?>> methods = new LinkedHashMap<>();
    private final ApiTokens tokens;

    TwirpApi(EgressApi api, ApiTokens tokens) {
        this.tokens = tokens;
        starting("StartEgress", LivekitEgress.StartEgressRequest.getDefaultInstance(), api,
                EgressRpc.StartEgressRequest.Builder::setEgress);
        starting("StartRoomCompositeEgress", RoomCompositeEgressRequest.getDefaultInstance(), api,
                EgressRpc.StartEgressRequest.Builder::setRoomComposite);
        starting("StartWebEgress", WebEgressRequest.getDefaultInstance(), api,
                EgressRpc.StartEgressRequest.Builder::setWeb);
        starting("StartParticipantEgress", ParticipantEgressRequest.getDefaultInstance(), api,
                EgressRpc.StartEgressRequest.Builder::setParticipant);
        starting("StartTrackCompositeEgress", TrackCompositeEgressRequest.getDefaultInstance(), api,
                EgressRpc.StartEgressRequest.Builder::setTrackComposite);
        starting("StartTrackEgress", TrackEgressRequest.getDefaultInstance(), api,
                EgressRpc.StartEgressRequest.Builder::setTrack);
        methods.put("UpdateLayout", new Method<>(UpdateLayoutRequest.getDefaultInstance(), api::updateLayout));
        methods.put("ListEgress", new Method<>(ListEgressRequest.getDefaultInstance(), api::list));
        methods.put("StopEgress", new Method<>(StopEgressRequest.getDefaultInstance(), api::stop));
        methods.put("UpdateStream", new Method<>(UpdateStreamRequest.getDefaultInstance(), api::updateStream));
    }

    /** Its routes: every method under {@link #PREFIX}, POST only. */
    void addTo(JavalinConfig config) {
        config.http.maxRequestSize = MAX_BODY_BYTES;
        for (HandlerType type : new HandlerType[] {HandlerType.GET, HandlerType.PUT, HandlerType.DELETE,
                HandlerType.PATCH}) {
            config.routes.addHttpHandler(type, "/twirp/*", this::badMethod);
        }
        config.routes.post(PREFIX + "{method}", this::handle);
    }

    /** A Start method: its request goes in the field of the worker's StartEgressRequest that {@code setter} sets. */
    private <Q extends Message> void starting(String name, Q prototype, EgressApi api,
                                              BiConsumer<EgressRpc.StartEgressRequest.Builder, Q> setter) {
        methods.put(name, new Method<>(prototype, request -> {
            EgressRpc.StartEgressRequest.Builder start = EgressRpc.StartEgressRequest.newBuilder();
            setter.accept(start, request);
            return api.start(start);
        }));
    }

    private void badMethod(Context ctx) {
        twirpError(ctx, "bad_route", ctx.method() + " " + ctx.path() + " is not a Twirp route: use POST");
    }

    private void handle(Context ctx) {
        Method<?> method = methods.get(ctx.pathParam("method"));
        if (method == null) {
            twirpError(ctx, "bad_route", "no handler for path \"" + ctx.path() + "\"");
            return;
        }
        String type = contentType(ctx.header("Content-Type"));
        if (!type.equals("application/json") && !type.equals("application/protobuf")) {
            twirpError(ctx, "bad_route", "unexpected Content-Type: \"" + ctx.header("Content-Type") + "\"");
            return;
        }
        try {
            tokens.checkRecordPermission(ctx.header("Authorization"), Instant.now());
        } catch (ApiTokens.Refused refused) {
            if (refused.plainText()) {
                ctx.status(401).result(refused.getMessage());
            } else {
                twirpError(ctx, "unauthenticated", refused.getMessage());
            }
            return;
        }
        answer(ctx, method, type.equals("application/json"));
    }

    private <Q extends Message> void answer(Context ctx, Method<Q> method, boolean json) {
        Q request;
        try {
            request = parse(method.prototype(), ctx.bodyAsBytes(), json);
        } catch (InvalidProtocolBufferException e) {
            twirpError(ctx, "malformed", "the request could not be decoded: " + e.getMessage());
            return;
        }
        try {
            Message response = method.call().answer(request);
            if (json) {
                ctx.contentType("application/json").result(JSON_OUT.print(response));
            } else {
                ctx.contentType("application/protobuf").result(response.toByteArray());
            }
        } catch (RpcException e) {
            twirpError(ctx, twirpCode(e.code()), e.getMessage());
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            LOG.log(Level.WARNING, "Egress API " + ctx.path() + " failed", e);
            twirpError(ctx, "internal", "internal error: " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static <Q extends Message> Q parse(Q prototype, byte[] body, boolean json)
            throws InvalidProtocolBufferException {
        if (!json) {
            return (Q) prototype.getParserForType().parseFrom(body);
        }
        Message.Builder builder = prototype.newBuilderForType();
        JSON_IN.merge(new String(body, StandardCharsets.UTF_8), builder);
        return (Q) builder.build();
    }

    /** The media type up to its parameters, trimmed and lower-cased, as Twirp reads it. */
    private static String contentType(String header) {
        if (header == null) {
            return "";
        }
        int semicolon = header.indexOf(';');
        return (semicolon >= 0 ? header.substring(0, semicolon) : header).trim().toLowerCase(Locale.ROOT);
    }

    /** psrpc's codes are Twirp's but for these. */
    static String twirpCode(String rpcCode) {
        return switch (rpcCode) {
            case RpcCode.MALFORMED_REQUEST -> "malformed";
            case RpcCode.DATA_LOSS -> "dataloss";
            case RpcCode.MALFORMED_RESULT, RpcCode.UPSTREAM_SERVER_ERROR, RpcCode.UPSTREAM_CLIENT_ERROR -> "internal";
            case RpcCode.NOT_ACCEPTABLE, RpcCode.UNPROCESSABLE_ENTITY -> "invalid_argument";
            case "" -> "unknown";
            default -> rpcCode;
        };
    }

    /** Twirp's HTTP status for each of its codes. */
    static int httpStatus(String twirpCode) {
        return switch (twirpCode) {
            case "canceled", "deadline_exceeded" -> 408;
            case "invalid_argument", "malformed", "out_of_range" -> 400;
            case "not_found", "bad_route" -> 404;
            case "already_exists", "aborted" -> 409;
            case "permission_denied" -> 403;
            case "unauthenticated" -> 401;
            case "resource_exhausted" -> 429;
            case "failed_precondition" -> 412;
            case "unimplemented" -> 501;
            case "unavailable" -> 503;
            default -> 500;
        };
    }

    /** Twirp's error body; its Content-Type is exactly application/json, which the Node SDK insists on. */
    private static void twirpError(Context ctx, String code, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("msg", message);
        try {
            ctx.status(httpStatus(code)).contentType("application/json").result(JSON.writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }
}
