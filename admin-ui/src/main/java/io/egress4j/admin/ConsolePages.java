package io.egress4j.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
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
            .error{color:#b3261e}button{cursor:pointer}header a{color:#cfe3ff;margin-left:.8em}
            pre{background:#fff;padding:.8em;overflow-x:auto;font-size:.85em;white-space:pre-wrap}
            #capacity{width:auto}h2{font-size:1.1em}img.thumbnail{display:block;width:160px;margin-top:.3em}
            .cards{display:flex;flex-wrap:wrap;gap:1em}figure{margin:0;background:#fff;padding:.5em;border-radius:4px}
            form.start{display:flex;flex-direction:column;gap:.6em;max-width:32em;background:#fff;padding:1em}
            form.start input:not([type=radio]):not([type=checkbox]),form.start select{width:100%;padding:.4em;
              box-sizing:border-box}form.inline{display:inline}
            """;

    private ConsolePages() {
    }

    static String login(String error) {
        return page("egress4j — log in", """
                <form class="login" method="post" action="/login">
                <h1>egress4j</h1>
                %s
                <label>API key or user<input name="user" autocomplete="username" required></label>
                <label>API secret or password<input name="password" type="password" autocomplete="current-password"
                required>
                </label>
                <button type="submit">Log in</button>
                </form>""".formatted(error.isEmpty() ? "" : "<p class=\"error\">" + escape(error) + "</p>"));
    }

    static String dashboard(ConsoleSessions.Session session, String rows) {
        return page("egress4j — egress", header(session) + """
                <main><div class="scroll"><table>
                <thead><tr><th>Egress</th><th>Type</th><th>Source</th><th>Status</th><th>Elapsed</th>
                <th>Outputs</th><th></th></tr></thead>
                <tbody id="egress">%s</tbody></table></div></main>
                <script>
                const events = new EventSource('/events');
                events.addEventListener('rows', (event) => {
                  document.getElementById('egress').innerHTML = event.data;
                });
                events.addEventListener('live', (event) => {
                  for (const [id, html] of Object.entries(JSON.parse(event.data))) {
                    const cell = document.querySelector('#' + CSS.escape(id) + ' td.live');
                    if (cell) {
                      cell.innerHTML = html;
                    }
                  }
                });
                </script>""".formatted(rows));
    }

    static String layouts(ConsoleSessions.Session session, Map<String, String> templates) {
        return page("egress4j — layouts", header(session) + LayoutsPage.html(templates, csrfField(session)));
    }

    /** The kept log lines of one egress, newest last. */
    static String log(ConsoleSessions.Session session, String egressId, List<String> lines) {
        String text = lines.isEmpty() ? "This node logged nothing about " + egressId
                + " (in front of a cluster, the worker that ran it has its log)." : String.join("\n", lines);
        return page("egress4j — log of " + egressId, header(session) + "<main><h2>Log of " + escape(egressId)
                + "</h2><p class=\"small\">The latest " + EgressLogTail.LINES + " lines, as of loading this page."
                + " <a href=\"\">Reload</a></p><pre id=\"log\">" + escape(text) + "</pre></main>");
    }

    /** The node: its capacity, its memory, its plugins (updated live) and its configuration, secrets masked. */
    static String node(ConsoleSessions.Session session, NodeStatus.Capacity capacity,
                       Optional<NodeStatus.Memory> memory, List<EgressApi.Worker> workers, String plugins,
                       String config) {
        StringBuilder body = new StringBuilder("<main><h2>Capacity</h2><table id=\"capacity\">");
        body.append(row("CPU cores", String.valueOf(Runtime.getRuntime().availableProcessors())));
        capacity.freeCpu().ifPresent(free -> body.append(row("Free for new egress (cores, as admission counts)",
                String.format(Locale.ROOT, "%.2f", free))));
        if (capacity.problem().isEmpty()) {
            body.append(row("Running on this worker", String.valueOf(capacity.running())));
        } else {
            body.append(row("Admission", capacity.problem()));
        }
        capacity.warnings().forEach(warning -> body.append(row("Warning", warning)));
        memory.ifPresent(m -> body.append(row("Memory (GB)", String.format(Locale.ROOT, "%.1f available of %.1f",
                m.availableGb(), m.totalGb()))));
        body.append("</table><h2>Workers</h2><p class=\"small\">Every worker that answered ListActiveEgress within ")
                .append(EgressApi.WORKERS_WINDOW.toSeconds()).append(" s.</p><table id=\"workers\"><thead><tr>")
                .append("<th>Worker</th><th>Running</th></tr></thead><tbody>");
        if (workers.isEmpty()) {
            body.append("<tr><td colspan=\"2\">No worker answered.</td></tr>");
        }
        workers.forEach(worker -> body.append("<tr><td>").append(escape(worker.id())).append("</td><td>")
                .append(worker.egressIds().isEmpty() ? "none" : escape(String.join(", ", worker.egressIds())))
                .append("</td></tr>"));
        body.append("</table><h2>Plugins</h2><div class=\"scroll\"><table><thead><tr><th>Bundle</th><th>Version</th>")
                .append("<th>State</th></tr></thead><tbody id=\"plugins\">").append(plugins)
                .append("</tbody></table></div><h2>Configuration</h2><p class=\"small\">Secrets are masked.</p>")
                .append("<pre id=\"config\">").append(escape(config)).append("</pre></main>")
                .append("""
                        <script>
                        new EventSource('/events').addEventListener('plugins', (event) => {
                          document.getElementById('plugins').innerHTML = event.data;
                        });
                        </script>""");
        return page("egress4j — node", header(session) + body);
    }

    /** The plugin table's rows, on one line (they travel as one server-sent event). */
    static String plugins(List<NodeStatus.Plugin> plugins) {
        StringBuilder html = new StringBuilder();
        for (NodeStatus.Plugin plugin : plugins) {
            html.append("<tr><td>").append(escape(plugin.name())).append("</td><td>").append(escape(plugin.version()))
                    .append("</td><td>").append(escape(plugin.state())).append("</td></tr>");
        }
        return html.toString();
    }

    private static String row(String name, String value) {
        return "<tr><th>" + escape(name) + "</th><td>" + escape(value) + "</td></tr>";
    }

    private static String header(ConsoleSessions.Session session) {
        return """
                <header><nav><strong>egress4j</strong> <a href="/">Egress</a> <a href="/layouts">Layouts</a>
                <a href="/node">Node</a></nav><span>%s
                <form method="post" action="/logout" style="display:inline">%s<button>Log out</button></form>
                </span></header>""".formatted(escape(session.user()), csrfField(session));
    }

    static String message(String text) {
        return page("egress4j", "<main><p>" + escape(text) + "</p><p><a href=\"/\">Back</a></p></main>");
    }

    /** The table's rows, on one line (they travel as one server-sent event). */
    static String rows(List<EgressInfo> egresses, Function<EgressInfo, String> liveCell,
                       ConsoleSessions.Session session) {
        if (egresses.isEmpty()) {
            return "<tr><td colspan=\"7\">No egress yet.</td></tr>";
        }
        StringBuilder html = new StringBuilder();
        for (EgressInfo info : egresses) {
            String id = escape(info.getEgressId());
            html.append("<tr id=\"").append(id).append("\"><td>").append(id).append("<div class=\"small\">")
                    .append("<a href=\"/egress/").append(id).append("/log\">log</a></div></td><td>")
                    .append(escape(type(info))).append("</td><td>").append(escape(source(info))).append("</td><td>")
                    .append("<span class=\"").append(info.getStatus().name()).append("\">")
                    .append(info.getStatus().name().replace("EGRESS_", "")).append("</span>");
            if (!info.getError().isEmpty()) {
                html.append("<div class=\"small\">").append(escape(info.getError())).append("</div>");
            }
            html.append("</td><td class=\"live\">").append(liveCell.apply(info))
                    .append("</td><td class=\"small\">")
                    .append(String.join("<br>", outputs(info)))
                    .append("</td><td>");
            if (EgressRecords.isActive(info) && info.hasRoomComposite()) {
                html.append(layoutSwitcher(id, info.getRoomComposite().getLayout(), session));
            }
            if (EgressRecords.isActive(info)) {
                html.append("<form method=\"post\" action=\"/egress/").append(id).append("/stop\" onsubmit=\"return ")
                        .append("confirm('Stop ").append(id).append("?')\">").append(csrfField(session))
                        .append("<button>Stop</button></form>");
            }
            html.append("</td></tr>");
        }
        return html.toString();
    }

    /**
     * How long an egress has run and, while it runs, what its handler uses (null: not known) and its newest
     * thumbnail (by version, when its images are on this machine).
     */
    static String live(EgressInfo info, NodeStatus.Usage usage, Optional<Long> thumbnail, Instant now) {
        StringBuilder html = new StringBuilder(format(Console.elapsed(info, now)));
        if (EgressRecords.isActive(info)) {
            if (usage != null) {
                html.append(String.format(Locale.ROOT, "<div class=\"small\">CPU %.2f, %d MB</div>", usage.cores(),
                        usage.memoryBytes() / (1024 * 1024)));
            }
            thumbnail.ifPresent(version -> html.append("<img class=\"thumbnail\" alt=\"latest thumbnail\"")
                    .append(" src=\"/egress/").append(escape(info.getEgressId())).append("/thumbnail?v=")
                    .append(version).append("\">"));
        }
        return html.toString();
    }

    /** A room composite's layout, changed by UpdateLayout. */
    private static String layoutSwitcher(String id, String current, ConsoleSessions.Session session) {
        StringBuilder html = new StringBuilder("<form class=\"inline\" method=\"post\" action=\"/egress/").append(id)
                .append("/layout\">").append(csrfField(session)).append("<select name=\"layout\">");
        for (String layout : LayoutsPage.BUILT_IN) {
            html.append("<option").append(layout.equals(current) ? " selected" : "").append(">").append(layout)
                    .append("</option>");
        }
        return html.append("</select><button>Switch</button></form>").toString();
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

    /** Each output as HTML: a local recording links to the console's copy, streams show their state. */
    private static List<String> outputs(EgressInfo info) {
        List<String> outputs = new ArrayList<>();
        for (int i = 0; i < info.getFileResultsCount(); i++) {
            FileInfo file = info.getFileResults(i);
            String location = file.getLocation().isEmpty() ? file.getFilename() : file.getLocation();
            outputs.add("file " + (RecordedFiles.local(info, i).isPresent() ? "<a href=\"/egress/"
                    + escape(info.getEgressId()) + "/file/" + i + "\">" + escape(location) + "</a>"
                    : linked(location)));
        }
        for (StreamInfo stream : info.getStreamResultsList()) {
            outputs.add(escape("stream " + stream.getUrl() + " " + stream.getStatus().name().toLowerCase(Locale.ROOT)));
        }
        for (SegmentsInfo segments : info.getSegmentResultsList()) {
            outputs.add("HLS " + linked(segments.getPlaylistLocation().isEmpty() ? segments.getPlaylistName()
                    : segments.getPlaylistLocation()));
        }
        for (ImagesInfo images : info.getImageResultsList()) {
            outputs.add(escape("images " + images.getFilenamePrefix() + " (" + images.getImageCount() + ")"));
        }
        return outputs;
    }

    /**
     * A location as HTML: an http(s) URL (a presigned one when the workers' storage sets generate_presigned_url)
     * is a link, shown without its query, which holds the signature; anything else is text.
     */
    static String linked(String location) {
        if (!location.startsWith("https://") && !location.startsWith("http://")) {
            return escape(location);
        }
        int query = location.indexOf('?');
        return "<a rel=\"noreferrer\" target=\"_blank\" href=\"" + escape(location) + "\">"
                + escape(query < 0 ? location : location.substring(0, query)) + "</a>";
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
