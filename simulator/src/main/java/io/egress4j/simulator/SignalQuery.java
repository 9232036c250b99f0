package io.egress4j.simulator;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * What a client puts in its {@code /rtc} request: the token (query or Bearer header), auto_subscribe, and on a
 * resume ({@code reconnect=1}) the participant SID it had.
 *
 * @param resumeSid null unless the client is resuming a session
 */
record SignalQuery(String path, String token, boolean autoSubscribe, String resumeSid) {

    static SignalQuery of(String resource, String authorization) {
        URI uri = URI.create(resource);
        Map<String, String> parameters = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    parameters.put(pair.substring(0, equals),
                            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
        }
        String token = parameters.get("access_token");
        if (token == null && authorization != null && authorization.startsWith("Bearer ")) {
            token = authorization.substring("Bearer ".length()).trim();
        }
        String resumeSid = "1".equals(parameters.get("reconnect")) ? parameters.getOrDefault("sid", "") : null;
        return new SignalQuery(uri.getPath(), token, !"0".equals(parameters.getOrDefault("auto_subscribe", "1")),
                resumeSid);
    }
}
