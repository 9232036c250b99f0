package io.egress4j.storage.support;

import io.egress4j.api.EgressException.Code;
import java.util.Collection;
import java.util.regex.Pattern;

/** Error messages that name the cause but never a secret. */
public final class Errors {

    /** Query strings of URLs (signed URLs, upload session tokens) are never shown. */
    private static final Pattern URL_QUERY = Pattern.compile("(\\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s?#\"'<>]*)\\?[^\\s\"'<>]*");

    private Errors() {
    }

    /** The psrpc code LiveKit reports for an HTTP status from the storage service. */
    public static Code codeForStatus(int status) {
        return switch (status) {
            case 400 -> Code.INVALID_ARGUMENT;
            case 401, 403 -> Code.PERMISSION_DENIED;
            case 404 -> Code.NOT_FOUND;
            case 409 -> Code.ALREADY_EXISTS;
            case 412 -> Code.FAILED_PRECONDITION;
            case 408, 429, 500, 502, 503, 504 -> Code.UNAVAILABLE;
            default -> Code.INTERNAL;
        };
    }

    /** The exception's message on one line, followed by its root cause's when that adds something. */
    public static String describe(Throwable e) {
        return describeLines(e).replaceAll("\\s*[\\r\\n]+\\s*", "; ");
    }

    private static String describeLines(Throwable e) {
        String message = message(e);
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e) {
            String rootMessage = message(root);
            if (!message.contains(rootMessage)) {
                message = message + " (" + rootMessage + ")";
            }
        }
        return message;
    }

    /** The message; for the JDK's own exceptions (UnknownHostException: host) prefixed with the class name. */
    private static String message(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return e.getClass().getName().startsWith("java.") ? e.getClass().getSimpleName() + ": " + message.strip()
                : message.strip();
    }

    /** Replaces every secret value and every URL query string in {@code text}. */
    public static String redact(String text, Collection<String> secrets) {
        String out = URL_QUERY.matcher(text).replaceAll("$1?<redacted>");
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 4) {
                out = out.replace(secret, "<redacted>");
            }
        }
        return out;
    }
}
