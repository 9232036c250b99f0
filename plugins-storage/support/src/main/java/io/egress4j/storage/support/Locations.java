package io.egress4j.storage.support;

import java.nio.charset.StandardCharsets;

/** Builds the location strings LiveKit Egress reports, with the object key percent-encoded as a URL path. */
public final class Locations {

    private static final String HEX = "0123456789ABCDEF";

    private Locations() {
    }

    public static String trimLeadingSlashes(String key) {
        int i = 0;
        while (i < key.length() && key.charAt(i) == '/') {
            i++;
        }
        return key.substring(i);
    }

    public static String stripScheme(String endpoint) {
        String out = endpoint.strip();
        if (out.startsWith("https://")) {
            out = out.substring("https://".length());
        } else if (out.startsWith("http://")) {
            out = out.substring("http://".length());
        }
        while (out.endsWith("/")) {
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }

    public static String withScheme(String endpoint) {
        String out = endpoint.strip();
        while (out.endsWith("/")) {
            out = out.substring(0, out.length() - 1);
        }
        return out.startsWith("http://") || out.startsWith("https://") ? out : "https://" + out;
    }

    /** Percent-encodes a path the way Go's {@code url.URL} does: '/' and the path-safe characters stay. */
    public static String escapePath(String path) {
        StringBuilder out = new StringBuilder(path.length() + 16);
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-_.~/$&+,:;=@".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 15));
            }
        }
        return out.toString();
    }
}
