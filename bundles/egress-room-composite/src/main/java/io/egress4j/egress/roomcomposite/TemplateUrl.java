package io.egress4j.egress.roomcomposite;

import io.egress4j.api.EgressException;
import io.egress4j.api.RoomAccess;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The page a room composite opens: the template's base URL with {@code layout}, {@code token} and {@code url} set
 * on its query, as upstream sets them (other parameters of the base are kept; keys sorted; {@code layout} present
 * even when empty).
 */
final class TemplateUrl {

    private TemplateUrl() {
    }

    /** @throws EgressException {@code request has missing or invalid field: template base url} unless http(s) */
    static void requireHttp(String base) throws EgressException {
        try {
            URI uri = new URI(base);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return;
            }
        } catch (URISyntaxException unparsable) {
            // reported below
        }
        throw EgressException.invalidField("template base url");
    }

    static String of(String base, String layout, RoomAccess room) {
        int queryAt = base.indexOf('?');
        String path = queryAt < 0 ? base : base.substring(0, queryAt);
        Map<String, String> query = new TreeMap<>();
        if (queryAt >= 0) {
            Arrays.stream(base.substring(queryAt + 1).split("&")).filter(pair -> !pair.isEmpty()).forEach(pair -> {
                int equals = pair.indexOf('=');
                query.put(equals < 0 ? pair : pair.substring(0, equals), equals < 0 ? "" : pair.substring(equals + 1));
            });
        }
        query.put("layout", encode(layout));
        query.put("token", encode(room.token()));
        query.put("url", encode(room.wsUrl()));
        return path + "?" + query.entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining("&"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
