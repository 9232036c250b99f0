package io.egress4j.admin;

import java.util.List;
import java.util.Map;

/**
 * The console's layouts page: the built-in layouts of the room composite template, each with a schematic preview
 * (as the template draws three cameras, dark or light), the custom templates registered in {@code admin.templates},
 * and the form that starts a room composite or web egress.
 */
final class LayoutsPage {

    /** The built-in layouts, as a request's {@code layout} names them. */
    static final List<String> BUILT_IN = List.of("grid", "speaker", "single-speaker", "grid-light", "speaker-light",
            "single-speaker-light");

    private static final int WIDTH = 160;
    private static final int HEIGHT = 90;
    private static final int GAP = 3;

    private LayoutsPage() {
    }

    /** The page's main part; {@code csrf} is the session's hidden form field. */
    static String html(Map<String, String> templates, String csrf) {
        StringBuilder html = new StringBuilder("<main><h2>Layouts</h2><div class=\"cards\">");
        for (String layout : BUILT_IN) {
            html.append("<figure id=\"layout-").append(layout).append("\">").append(preview(layout))
                    .append("<figcaption>").append(layout).append("</figcaption></figure>");
        }
        templates.forEach((name, url) -> html.append("<figure id=\"template-").append(ConsolePages.escape(name))
                .append("\">").append(customPreview()).append("<figcaption>").append(ConsolePages.escape(name))
                .append("<div class=\"small\">").append(ConsolePages.escape(url))
                .append("</div></figcaption></figure>"));
        html.append("</div><h2>Start a recording</h2><form class=\"start\" method=\"post\" action=\"/start\">")
                .append(csrf).append("""
                        <label><input type="radio" name="kind" value="room_composite" checked> Room composite</label>
                        <label><input type="radio" name="kind" value="web"> Web page</label>
                        <label>Room <input name="room_name" placeholder="my-room"></label>
                        <label>Layout <select name="layout">""");
        BUILT_IN.forEach(layout -> html.append("<option>").append(layout).append("</option>"));
        templates.keySet().forEach(name -> html.append("<option value=\"template:").append(ConsolePages.escape(name))
                .append("\">template ").append(ConsolePages.escape(name)).append("</option>"));
        html.append("""
                </select></label>
                <label>URL (web page) <input name="url" type="url" placeholder="https://example.org"></label>
                <label><input type="checkbox" name="audio_only"> Audio only</label>
                <label>File <input name="filepath" value="{room_name}-{time}.mp4"></label>
                <label>Stream URL (optional) <input name="stream_url" placeholder="rtmp://host/app/key"></label>
                <button type="submit">Start</button>
                </form></main>""");
        return html.toString();
    }

    /** Three cameras as the layout places them; light layouts on a light background. */
    static String preview(String layout) {
        boolean light = layout.endsWith("-light");
        StringBuilder svg = new StringBuilder("<svg viewBox=\"0 0 " + WIDTH + " " + HEIGHT + "\" width=\"" + WIDTH
                + "\" height=\"" + HEIGHT + "\" role=\"img\" aria-label=\"" + layout + "\"><rect width=\"100%\" "
                + "height=\"100%\" fill=\"" + (light ? "#eef0f3" : "#111") + "\"/>");
        String base = layout.replace("-light", "");
        switch (base) {
            case "speaker" -> {
                int side = WIDTH / 5;
                tile(svg, 0, 0, WIDTH - side - GAP, HEIGHT, 0);
                for (int i = 0; i < 2; i++) {
                    tile(svg, WIDTH - side, i * (HEIGHT / 4 + GAP), side, HEIGHT / 4, i + 1);
                }
            }
            case "single-speaker" -> tile(svg, 0, 0, WIDTH, HEIGHT, 0);
            default -> {
                int w = (WIDTH - GAP) / 2;
                int h = (HEIGHT - GAP) / 2;
                for (int i = 0; i < 3; i++) {
                    tile(svg, i % 2 * (w + GAP), i / 2 * (h + GAP), w, h, i);
                }
            }
        }
        return svg.append("</svg>").toString();
    }

    private static String customPreview() {
        return "<svg viewBox=\"0 0 " + WIDTH + " " + HEIGHT + "\" width=\"" + WIDTH + "\" height=\"" + HEIGHT
                + "\" role=\"img\" aria-label=\"custom template\"><rect width=\"100%\" height=\"100%\""
                + " fill=\"#2b3a4a\"/><text x=\"50%\" y=\"55%\" fill=\"#cfe3ff\" text-anchor=\"middle\""
                + " font-size=\"14\">custom</text></svg>";
    }

    private static void tile(StringBuilder svg, int x, int y, int width, int height, int participant) {
        String[] colours = {"#3b82f6", "#22a06b", "#e5a50a"};
        svg.append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" rx=\"2\" fill=\"").append(colours[participant])
                .append("\"/>");
    }
}
