package io.egress4j.core.naming;

import io.egress4j.api.EgressException;
import io.egress4j.api.EgressException.Code;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a user-given path template ({@code filepath}, a segment prefix, ...) into a safe storage path.
 *
 * <p>Stricter than upstream, on purpose. Upstream quietly strips leading {@code ../} and leaves unknown tokens in
 * place; here a path that could leave the storage root, or that we cannot render fully, is refused:
 * <ul>
 *   <li>each token value is {@linkplain #sanitize sanitized}, so a room or participant name can never add a
 *       directory level, climb out of one or smuggle in a control character;</li>
 *   <li>the template itself may not contain {@code ..} segments, backslashes, control characters, tokens outside
 *       the known set, or stray braces: the result never contains a brace;</li>
 *   <li>{@code .} segments and repeated slashes are removed. A leading {@code /} in the template (absolute path) and a
 *       trailing {@code /} (directory, meaning "generate the file name") are kept; confining absolute paths is
 *       the storage backend's job.</li>
 * </ul>
 */
public final class PathTemplate {

    private static final Pattern TOKEN = Pattern.compile("\\{([^{}]*)}");
    private static final Pattern DOT_RUN = Pattern.compile("\\.{2,}");
    /** Unsafe in a file name on common file systems and object stores, besides separators and controls. */
    private static final String UNSAFE_CHARACTERS = "/\\<>:\"|?*{}";

    private PathTemplate() {
    }

    /**
     * Substitutes the tokens and normalizes the result.
     *
     * @param field the request field the template came from, named in the error
     * @return the normalized path; empty, or ending in {@code /}, when the caller must generate the file name
     * @throws EgressException INVALID_ARGUMENT {@code request has missing or invalid field: <field> (<reason>)}
     */
    public static String render(String template, TemplateValues values, String field) throws EgressException {
        // Only the template can make a path absolute: "{room_name}/x" with an empty room name stays relative.
        return normalize(substitute(template, values.tokens(), field), template.startsWith("/"), field);
    }

    /**
     * Makes one value safe to become (part of) a single path segment: path separators, control and format
     * characters, characters unsafe in file names and every run of two or more dots become {@code _}.
     */
    public static String sanitize(String value) {
        StringBuilder safe = new StringBuilder(value.length());
        value.codePoints().forEach(c -> {
            boolean unsafe = Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                    || UNSAFE_CHARACTERS.indexOf(c) >= 0;
            safe.appendCodePoint(unsafe ? '_' : c);
        });
        return DOT_RUN.matcher(safe).replaceAll("_");
    }

    private static String substitute(String template, Map<String, String> tokens, String field)
            throws EgressException {
        StringBuilder rendered = new StringBuilder();
        Matcher token = TOKEN.matcher(template);
        int literalStart = 0;
        while (token.find()) {
            appendLiteral(rendered, template.substring(literalStart, token.start()), field);
            String value = tokens.get(token.group(1));
            if (value == null) {
                throw invalid(field, "unknown token " + token.group());
            }
            rendered.append(sanitize(value));
            literalStart = token.end();
        }
        appendLiteral(rendered, template.substring(literalStart), field);
        return rendered.toString();
    }

    private static void appendLiteral(StringBuilder rendered, String literal, String field) throws EgressException {
        if (literal.indexOf('{') >= 0 || literal.indexOf('}') >= 0) {
            throw invalid(field, "unbalanced brace");
        }
        rendered.append(literal);
    }

    private static String normalize(String path, boolean absolute, String field) throws EgressException {
        if (path.chars().anyMatch(Character::isISOControl)) {
            throw invalid(field, "control character");
        }
        if (path.indexOf('\\') >= 0) {
            throw invalid(field, "backslash");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (segment.equals("..")) {
                throw invalid(field, "parent directory segment");
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        String root = absolute ? "/" : "";
        boolean directory = path.endsWith("/") && !segments.isEmpty();
        return root + String.join("/", segments) + (directory ? "/" : "");
    }

    private static EgressException invalid(String field, String reason) {
        return new EgressException(Code.INVALID_ARGUMENT,
                "request has missing or invalid field: " + field + " (" + reason + ")");
    }
}
