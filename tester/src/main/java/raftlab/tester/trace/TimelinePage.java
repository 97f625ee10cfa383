package raftlab.tester.trace;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes a trace's timeline as one self-contained HTML page (no network needed to open it): the
 * page template with the {@link Timeline} as JSON and the trace's own lines embedded, for the
 * viewer's "state before and after" and raw-event panels.
 */
public final class TimelinePage {
    /** The model's format; the page refuses other versions. */
    public static final int VERSION = 1;
    /** The order of a state's fields in the model's {@code states} arrays. */
    static final List<String> STATE_FIELDS = List.of("role", "up", "connected", "partition", "term", "votedFor",
            "lastLogIndex", "lastLogTerm", "commitIndex", "snapshotThrough", "lastApplied",
            "durableTerm", "durableVote", "durableLast");

    private TimelinePage() {
    }

    /** Reads {@code trace} and writes its page to {@code page}. */
    public static void write(Path trace, Path page) throws IOException {
        List<TraceLine> lines = TraceReader.read(trace);
        write(Timeline.of(trace.toString(), lines), lines, page);
    }

    public static void write(Timeline timeline, List<TraceLine> lines, Path page) throws IOException {
        String template = template();
        String title = title(timeline);
        StringWriter model = new StringWriter();
        writeModel(timeline, lines, title, model);
        StringBuilder raw = new StringBuilder();
        for (TraceLine l : lines) {
            raw.append(l.raw()).append('\n');
        }
        String html = fill(template, Map.of("TITLE", escapeHtml(title), "MODEL", inScript(model.toString()),
                "RAW", inScript(raw.toString())));
        Path parent = page.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(page, html, StandardCharsets.UTF_8);
    }

    static String title(Timeline t) {
        String name = Path.of(t.source()).getFileName().toString().replaceFirst("\\.jsonl$", "");
        return name + (t.failure() == null ? "" : t.failure().kind().equals("safety") ? " — safety violation" : " — failed");
    }

    private static String template() throws IOException {
        try (InputStream in = TimelinePage.class.getResourceAsStream("/raftlab/trace/timeline.html")) {
            if (in == null) {
                throw new IOException("the timeline template is missing from the class path (raftlab/trace/timeline.html)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * The template with each {@code @@NAME@@} replaced, in one pass over the template only: a value
     * that happens to contain {@code @@RAW@@} (a student's log line, say) stays as it is.
     */
    static String fill(String template, Map<String, String> values) {
        StringBuilder out = new StringBuilder(template.length() + values.values().stream().mapToInt(String::length).sum());
        int at = 0;
        while (true) {
            int open = template.indexOf("@@", at);
            int close = open < 0 ? -1 : template.indexOf("@@", open + 2);
            String value = close < 0 ? null : values.get(template.substring(open + 2, close));
            if (value == null) {
                if (open < 0 || close < 0) {
                    return out.append(template, at, template.length()).toString();
                }
                out.append(template, at, open + 2); // "@@" that starts no placeholder
                at = open + 2;
                continue;
            }
            out.append(template, at, open).append(value);
            at = close + 2;
        }
    }

    /**
     * Text inside a {@code <script>} element must not close it or open a comment: every {@code <}
     * (only ever inside a JSON string) is written as {@code \u003c}, which parses to the same JSON.
     */
    private static String inScript(String s) {
        return s.replace("<", "\\u003c");
    }

    private static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static void writeModel(Timeline t, List<TraceLine> lines, String title, Writer out) throws IOException {
        JsonWriter w = new JsonWriter(out);
        w.beginObject();
        w.name("version").value(VERSION);
        w.name("title").value(title);
        w.name("reproduce").value(t.failure() == null ? null : t.failure().reproduce());
        w.name("source").value(t.source());
        w.name("seed").value(t.seed());
        w.name("mode").value(t.mode());
        w.name("end").value(t.endTime());
        w.name("truncated").value(t.truncated());
        w.name("lanes").beginArray();
        for (Timeline.Lane lane : t.lanes()) {
            w.beginObject().name("name").value(lane.name()).name("kind").value(lane.kind()).endObject();
        }
        w.endArray();
        w.name("topics").beginObject();
        for (Map.Entry<String, String> e : Topics.descriptions().entrySet()) {
            w.name(e.getKey()).value(e.getValue());
        }
        w.endObject();
        w.name("times").beginArray();
        for (TraceLine l : lines) {
            w.value(l.t());
        }
        w.endArray();
        w.name("entries").beginArray();
        for (Timeline.Entry e : t.entries()) {
            w.beginArray().value(e.seq()).value(e.t()).value(e.lane()).value(e.topic()).value(e.text()).value(e.ev()).endArray();
        }
        w.endArray();
        w.name("messages").beginArray();
        for (Timeline.Message m : t.messages()) {
            w.beginArray().value(m.id()).value(RpcText.shortName(m.rpc())).value(m.topic()).value(m.from()).value(m.to())
                    .value(m.send()).value(m.deliver()).value(m.handled()).value(m.end())
                    .value(m.outcome()).value(m.request()).value(m.reply()).endArray();
        }
        w.endArray();
        w.name("stateFields").beginArray();
        for (String f : STATE_FIELDS) {
            w.value(f);
        }
        w.endArray();
        w.name("states").beginArray();
        for (int lane = 0; lane < t.lanes().size(); lane++) {
            w.beginArray();
            for (Timeline.StateChange c : t.states(lane)) {
                NodeState s = c.state();
                w.beginArray().value(c.seq()).value(s.role()).value(s.up()).value(s.connected()).value(s.group())
                        .value(s.term()).value(s.votedFor()).value(s.last()).value(s.lastTerm()).value(s.commit())
                        .value(s.base()).value(s.applied()).value(s.durableTerm()).value(s.durableVote())
                        .value(s.durableLast()).endArray();
            }
            w.endArray();
        }
        w.endArray();
        Timeline.Failure f = t.failure();
        w.name("failure");
        if (f == null) {
            w.nullValue();
        } else {
            w.beginObject().name("seq").value(f.seq()).name("t").value(f.t()).name("kind").value(f.kind())
                    .name("rule").value(f.rule()).name("message").value(f.message()).name("lanes").beginArray();
            for (int lane : f.lanes()) {
                w.value(lane);
            }
            w.endArray().endObject();
        }
        w.endObject();
        w.flush();
    }
}
