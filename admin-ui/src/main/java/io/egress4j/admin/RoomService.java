package io.egress4j.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.egress4j.psrpc.RpcCode;
import io.egress4j.psrpc.RpcException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The one call of the LiveKit server's RoomService that UpdateLayout needs: UpdateParticipant, in Twirp JSON on the
 * server's HTTP port (the one {@code ws_url} names), with a token granting {@code roomAdmin} for the room.
 */
final class RoomService {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(10);

    private final URI updateParticipant;
    private final String apiKey;
    private final String apiSecret;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** @param wsUrl the LiveKit server's signalling URL ({@code ws_url}); its HTTP API is on the same host and port */
    RoomService(String wsUrl, String apiKey, String apiSecret) {
        String base = wsUrl.replaceFirst("^ws://", "http://").replaceFirst("^wss://", "https://")
                .replaceAll("/+$", "");
        this.updateParticipant = URI.create(base + "/twirp/livekit.RoomService/UpdateParticipant");
        this.apiKey = apiKey;
        this.apiSecret = apiSecret;
    }

    /**
     * Sets {@code identity}'s metadata in {@code room}.
     *
     * @throws RpcException the server's Twirp error (e.g. {@code not_found} for a participant that is not there),
     *                      {@code unauthenticated} when it refuses the key, {@code unavailable} when it cannot be
     *                      reached
     */
    void updateParticipant(String room, String identity, String metadata) throws RpcException {
        Instant now = Instant.now();
        String token = Jwt.sign(Map.of("iss", apiKey, "nbf", now.getEpochSecond(),
                "exp", now.plus(TOKEN_LIFETIME).getEpochSecond(),
                "video", Map.of("roomAdmin", true, "room", room)), apiSecret);
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(updateParticipant).timeout(TIMEOUT)
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("room", room,
                            "identity", identity, "metadata", metadata)))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RpcException(RpcCode.UNAVAILABLE, "cannot reach the LiveKit server's RoomService at "
                    + updateParticipant + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RpcException(RpcCode.CANCELED, "interrupted");
        }
        if (response.statusCode() == 200) {
            return;
        }
        if (response.statusCode() == 401) {
            throw new RpcException(RpcCode.UNAUTHENTICATED, "the LiveKit server refused api_key " + apiKey + ": "
                    + response.body());
        }
        throw twirpError(response);
    }

    private static RpcException twirpError(HttpResponse<String> response) {
        try {
            JsonNode error = JSON.readTree(response.body());
            if (error != null && error.hasNonNull("code")) {
                return new RpcException(error.path("code").asText(), error.path("msg").asText());
            }
        } catch (IOException notJson) {
            // fall through: the body is not Twirp's
        }
        return new RpcException(RpcCode.UNKNOWN, "the LiveKit server answered HTTP " + response.statusCode() + ": "
                + response.body());
    }
}
