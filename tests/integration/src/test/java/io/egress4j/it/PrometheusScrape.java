package io.egress4j.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;

/** A worker's Prometheus endpoint, read as a scraper would. */
final class PrometheusScrape {

    private final String text;

    private PrometheusScrape(String text) {
        this.text = text;
    }

    static PrometheusScrape of(int port) throws Exception {
        return new PrometheusScrape(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    /**
     * The value of the series {@code name} that has every label of {@code labels} ({@code key=value} pairs, other
     * labels ignored), or NaN when there is none.
     */
    double value(String name, String... labels) {
        return text.lines().filter(line -> line.startsWith(name + "{"))
                .filter(line -> Arrays.stream(labels).allMatch(label -> line.contains(quoted(label))))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(Double.NaN);
    }

    private static String quoted(String label) {
        int equals = label.indexOf('=');
        return label.substring(0, equals) + "=\"" + label.substring(equals + 1) + "\"";
    }

    @Override
    public String toString() {
        return text;
    }
}
