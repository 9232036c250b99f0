package io.egress4j.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.FileInfo;
import livekit.LivekitEgress.ImagesInfo;
import livekit.LivekitEgress.SegmentsInfo;
import livekit.LivekitEgress.StreamInfo;

/**
 * The console's HTML, written here with every value escaped. Only what an EgressInfo holds is shown, and workers
 * redact those (stream keys, storage credentials) before they report them.
 */
final class ConsolePages {

    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;margin:0;background:#f6f7f9;color:#222}
            header{display:flex;justify-content:space-between;align-items:center;padding:.6em 1em;
              background:#1d2733;color:#fff}
            main{padding:1em}.scroll{overflow-x:auto}
            table{border-collapse:collapse;width:100%;background:#fff;font-size:.9em}
            th,td{padding:.45em .6em;border-bottom:1px solid #e3e6ea;text-align:left;vertical-align:top}
            .EGRESS_ACTIVE{color:#137333;font-weight:600}.EGRESS_FAILED,.EGRESS_ABORTED{color:#b3261e;font-weight:600}
            .EGRESS_STARTING,.EGRESS_ENDING{color:#8a5a00}.small{color:#667;font-size:.85em;word-break:break-all}
            form.login{max-width:22em;margin:4em auto;background:#fff;padding:1.5em;border-radius:6px}
            form.login input{display:block;width:100%;margin:.3em 0 1em;padding:.5em;box-sizing:border-box}
            .error{color:#b3261e}button{cursor:pointer}
            """;

    private ConsolePages() {
    }

    static String login(String error) {
        return page("egress4j — log in", """
                <form class="login" method="post" action="/login">
                <h1>egress4j</h1>
                %s
                <label>API key<input name="user" autocomplete="username" required></label>
                <label>API secret<input name="password" type="password" autocomplete="current-password" required>
                </label>
                <button type="submit">Log in</button>
                </form>""".formatted(error.isEmpty() ? "" : "<p class=\"error\">" + escape(error) + "</p>"));
    }

    static String dashboard(ConsoleSessions.Session session, String rows) {
        return page("egress4j — egress", """
                <header><strong>egress4j</strong><span>%s
                <form method="post" action="/logout" style="display:inline">%s<button>Log out</button></form>
                </span></header>
                <main><div class="scroll"><table>
                <thead><tr><th>Egress</th><th>Type</th><th>Source</th><th>Status</th><th>Elapsed</th>
                <th>Outputs</th><th></th></tr></thead>
                <tbody id="egress">%s</tbody></table></div></main>
                <script>
                new EventSource('/events').addEventListener('rows', (event) => {
                  document.getElementById('egress').innerHTML = event.data;
                });
                </script>""".formatted(escape(session.user()), csrfField(session), rows));
    }

    static String message(String text) {
        return page("egress4j", "<main><p>" + escape(text) + "</p><p><a href=\"/\">Back</a></p></main>");
    }

    /** The table's rows, on one line (they travel as one server-sent event). */
    static String rows(List<EgressInfo> egresses, ConsoleSessions.Session session, Instant now) {
        if (egresses.isEmpty()) {
            return "<tr><td colspan=\"7\">No egress yet.</td></tr>";
        }
        StringBuilder html = new StringBuilder();
        for (EgressInfo info : egresses) {
            String id = escape(info.getEgressId());
            html.append("<tr id=\"").append(id).append("\"><td>").append(id).append("</td><td>")
                    .append(escape(type(info))).append("</td><td>").append(escape(source(info))).append("</td><td>")
                    .append("<span class=\"").append(info.getStatus().name()).append("\">")
                    .append(info.getStatus().name().replace("EGRESS_", "")).append("</span>");
            if (!info.getError().isEmpty()) {
                html.append("<div class=\"small\">").append(escape(info.getError())).append("</div>");
            }
            html.append("</td><td>").append(format(Console.elapsed(info, now))).append("</td><td class=\"small\">")
                    .append(String.join("<br>", outputs(info).stream().map(ConsolePages::escape).toList()))
                    .append("</td><td>");
            if (EgressRecords.isActive(info)) {
                html.append("<form method=\"post\" action=\"/egress/").append(id).append("/stop\" onsubmit=\"return ")
                        .append("confirm('Stop ").append(id).append("?')\">").append(csrfField(session))
                        .append("<button>Stop</button></form>");
            }
            html.append("</td></tr>");
        }
        return html.toString();
    }

    private static String type(EgressInfo info) {
        return info.getRequestCase().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String source(EgressInfo info) {
        if (info.hasWeb()) {
            return info.getWeb().getUrl();
        }
        if (info.hasEgress() && info.getEgress().hasWeb()) {
            return info.getEgress().getWeb().getUrl();
        }
        return "room " + info.getRoomName();
    }

    private static List<String> outputs(EgressInfo info) {
        List<String> outputs = new ArrayList<>();
        for (FileInfo file : info.getFileResultsList()) {
            outputs.add("file " + (file.getLocation().isEmpty() ? file.getFilename() : file.getLocation()));
        }
        for (StreamInfo stream : info.getStreamResultsList()) {
            outputs.add("stream " + stream.getUrl() + " " + stream.getStatus().name().toLowerCase(Locale.ROOT));
        }
        for (SegmentsInfo segments : info.getSegmentResultsList()) {
            outputs.add("HLS " + (segments.getPlaylistLocation().isEmpty() ? segments.getPlaylistName()
                    : segments.getPlaylistLocation()));
        }
        for (ImagesInfo images : info.getImageResultsList()) {
            outputs.add("images " + images.getFilenamePrefix() + " (" + images.getImageCount() + ")");
        }
        return outputs;
    }

    private static String format(Duration duration) {
        long seconds = duration.toSeconds();
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    private static String csrfField(ConsoleSessions.Session session) {
        return "<input type=\"hidden\" name=\"csrf\" value=\"" + escape(session.csrf()) + "\">";
    }

    private static String page(String title, String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>" + escape(title)
                + "</title><style>" + STYLE + "</style></head><body>" + body + "</body></html>";
    }

    /** HTML-escapes text for element content and quoted attributes. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
