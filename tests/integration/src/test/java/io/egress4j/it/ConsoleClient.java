package io.egress4j.it;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The console driven over plain HTTP, as a form-posting browser would: log in, then post its forms. */
final class ConsoleClient {

    private static final Pattern SESSION = Pattern.compile("egress4j_session=([^;]+)");
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String session;
    private final String csrf;

    private ConsoleClient(String base, String session, String csrf) {
        this.base = base;
        this.session = session;
        this.csrf = csrf;
    }

    /** Logs in at {@code base} (http://host:port) and reads the CSRF token of its forms. */
    static ConsoleClient logIn(String base, String user, String password) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> login = http.send(form(base + "/login", null, Map.of("user", user, "password",
                password)), HttpResponse.BodyHandlers.ofString());
        Matcher session = SESSION.matcher(login.headers().firstValue("Set-Cookie").orElse(""));
        if (login.statusCode() != 303 || !session.find()) {
            throw new IllegalStateException("login refused: " + login.statusCode() + " " + login.body());
        }
        HttpRequest dashboard = HttpRequest.newBuilder(URI.create(base + "/"))
                .header("Cookie", "egress4j_session=" + session.group(1)).build();
        HttpResponse<String> page = http.send(dashboard, HttpResponse.BodyHandlers.ofString());
        Matcher csrf = CSRF.matcher(page.body());
        if (!csrf.find()) {
            throw new IllegalStateException("no CSRF token on the page: " + page.body());
        }
        return new ConsoleClient(base, session.group(1), csrf.group(1));
    }

    /** The page at {@code path}, as the logged-in operator sees it. */
    String page(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", "egress4j_session=" + session)
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Posts {@code fields} and the CSRF token to {@code path}; returns the status. */
    int post(String path, Map<String, String> fields) throws Exception {
        Map<String, String> withCsrf = new HashMap<>(fields);
        withCsrf.put("csrf", csrf);
        return http.send(form(base + path, session, withCsrf), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static HttpRequest form(String url, String session, Map<String, String> fields) {
        String body = fields.entrySet().stream().map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            request.header("Cookie", "egress4j_session=" + session);
        }
        return request.build();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
