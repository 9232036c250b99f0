package io.egress4j.psrpc;

import java.util.List;

/**
 * Redis channel names of psrpc's "legacy" scheme (wire reference A4): the non-empty parts joined with {@code |},
 * each part sanitized.
 *
 * <pre>
 *   request          Service|Method|topic|REQ      servers subscribe
 *   claim response   Service|Method|topic|RCLAIM   servers subscribe (the winner notice)
 *   claim request    Service|clientId|CLAIM        that client subscribes (the bids)
 *   response         Service|clientId|RES          that client subscribes
 * </pre>
 */
public final class Channels {

    private static final char DELIMITER = '|';
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Channels() {
    }

    public static String request(MethodSpec method, String topic) {
        return join(method.service(), method.method(), topic, "REQ");
    }

    public static String claimResponse(MethodSpec method, String topic) {
        return join(method.service(), method.method(), topic, "RCLAIM");
    }

    public static String claimRequest(String service, String clientId) {
        return join(service, clientId, "CLAIM");
    }

    public static String response(String service, String clientId) {
        return join(service, clientId, "RES");
    }

    /**
     * Joins parts the way psrpc does: each part is a {@code String} or a {@code List<String>} (a topic of several
     * segments, flattened). A part that sanitizes to nothing adds no delimiter after it; like psrpc, an empty last
     * segment inside a list still leaves its delimiter behind.
     */
    public static String join(Object... parts) {
        StringBuilder out = new StringBuilder(64);
        appendParts(out, parts);
        return out.toString();
    }

    private static void appendParts(StringBuilder out, Object[] parts) {
        boolean delimiterDue = false;
        for (Object part : parts) {
            if (delimiterDue) {
                out.append(DELIMITER);
            }
            int before = out.length();
            if (part instanceof String s) {
                appendSanitized(out, s);
            } else if (part instanceof List<?> list) {
                appendParts(out, list.toArray());
            } else if (part != null) {
                throw new IllegalArgumentException("channel part must be a String or a List<String>: " + part);
            }
            delimiterDue = out.length() > before;
        }
    }

    /** Keeps {@code [0-9A-Za-z_]}; any other code point becomes {@code u+hhhh} (or {@code U+hhhhhhhh} above U+FFFF). */
    public static String sanitize(String part) {
        StringBuilder out = new StringBuilder(part.length());
        appendSanitized(out, part);
        return out.toString();
    }

    private static void appendSanitized(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isSurrogate((char) cp) && cp < 0x10000) {
                cp = 0xFFFD; // a lone surrogate: Go would have decoded the broken UTF-8 as U+FFFD
            }
            if (cp >= '0' && cp <= '9' || cp >= 'A' && cp <= 'Z' || cp >= 'a' && cp <= 'z' || cp == '_') {
                out.append((char) cp);
            } else if (cp < 0x10000) {
                out.append("u+");
                appendHex(out, cp, 4);
            } else {
                out.append("U+");
                appendHex(out, cp, 8);
            }
        }
    }

    private static void appendHex(StringBuilder out, int value, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            out.append(HEX[(value >>> shift) & 0xF]);
        }
    }
}
