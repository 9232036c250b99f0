package io.egress4j.api;

/**
 * How an egress joins its LiveKit room.
 *
 * @param wsUrl the LiveKit server's websocket URL
 * @param token the join token (a secret: never logged)
 */
public record RoomAccess(String wsUrl, String token) {

    @Override
    public String toString() {
        return "RoomAccess[wsUrl=" + wsUrl + "]";
    }
}
