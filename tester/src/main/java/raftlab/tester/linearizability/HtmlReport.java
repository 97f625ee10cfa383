package raftlab.tester.linearizability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * A self-contained HTML page (no scripts, no network) that shows why a history is not linearizable:
 * for the first illegal part, one lane per client with each operation's interval, the longest
 * partial linearization found (numbered, green) with the state after each step, and the operations
 * that could not be placed after it (red).
 */
public final class HtmlReport {
    private static final int WIDTH = 1100;
    private static final int LANE = 34;
    private static final int LEFT = 90;

    private HtmlReport() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void write(Path file, Model<?> model, CheckResult result) throws IOException {
        Model m = model;
        PartitionResult part = result.firstIllegal();
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>Linearizability report</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:24px;color:#222}")
                .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px}")
                .append(".ok{fill:#9ad29a;stroke:#2e7d32}.bad{fill:#f4a6a6;stroke:#c62828}.pend{fill:#eee;stroke:#888;stroke-dasharray:4 3}")
                .append("text{font-size:11px}</style></head><body>");
        h.append("<h1>History is ").append(esc(result.verdict().text())).append("</h1>");
        h.append("<p>").append(result.partitions().size()).append(" independent part(s) checked in ")
                .append(result.millis()).append(" ms.</p>");
        if (part == null) {
            h.append("<p>Nothing to show: no part is illegal.</p></body></html>");
            Files.writeString(file, h, StandardCharsets.UTF_8);
            return;
        }
        List<Operation> ops = part.operations();
        Map<Integer, Integer> order = new HashMap<>();
        for (int k = 0; k < part.longestPrefix().size(); k++) {
            order.put(part.longestPrefix().get(k), k + 1);
        }
        h.append("<h2>The part that fails (").append(ops.size()).append(" operations)</h2>")
                .append("<p>Green operations, in the numbered order, form the longest linearization the search found; ")
                .append("no red operation can come next. Hover an operation for its details; dashed ones never returned.</p>");
        svg(h, m, ops, order);
        h.append("<h2>Longest partial linearization</h2><table><tr><th>#</th><th>client</th><th>operation</th><th>state after</th></tr>");
        for (int k = 0; k < part.longestPrefix().size(); k++) {
            Operation op = ops.get(part.longestPrefix().get(k));
            h.append("<tr><td>").append(k + 1).append("</td><td>").append(op.client()).append("</td><td>")
                    .append(esc(m.describeOperation(op.input(), op.output()))).append("</td><td>")
                    .append(esc(part.statesAfter().get(k))).append("</td></tr>");
        }
        h.append("</table><h2>Where it breaks</h2><p>After step ").append(part.longestPrefix().size())
                .append(", none of these can be linearized next (each contradicts the state, or must follow one that does):</p><ul>");
        for (int i = 0; i < ops.size(); i++) {
            if (!order.containsKey(i) && !ops.get(i).pending()) {
                Operation op = ops.get(i);
                h.append("<li>client ").append(op.client()).append(": ").append(esc(m.describeOperation(op.input(), op.output())))
                        .append(" [").append(op.call()).append(", ").append(op.ret()).append("]</li>");
            }
        }
        h.append("</ul></body></html>");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, h, StandardCharsets.UTF_8);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void svg(StringBuilder h, Model m, List<Operation> ops, Map<Integer, Integer> order) {
        TreeSet<Integer> clients = new TreeSet<>();
        long t0 = Long.MAX_VALUE;
        long t1 = Long.MIN_VALUE;
        for (Operation o : ops) {
            clients.add(o.client());
            t0 = Math.min(t0, o.call());
            t1 = Math.max(t1, o.pending() ? o.call() : o.ret());
        }
        double span = Math.max(1, t1 - t0) * 1.05;
        Map<Integer, Integer> lane = new HashMap<>();
        for (int c : clients) {
            lane.put(c, lane.size());
        }
        int height = clients.size() * LANE + 30;
        h.append("<svg width=\"").append(WIDTH + LEFT).append("\" height=\"").append(height).append("\">");
        for (int c : clients) {
            int y = lane.get(c) * LANE + 10;
            h.append("<text x=\"4\" y=\"").append(y + 16).append("\">client ").append(c).append("</text>");
        }
        for (int i = 0; i < ops.size(); i++) {
            Operation o = ops.get(i);
            double x = LEFT + (o.call() - t0) / span * WIDTH;
            double end = o.pending() ? LEFT + WIDTH : LEFT + (o.ret() - t0) / span * WIDTH;
            int y = lane.get(o.client()) * LANE + 10;
            String cls = o.pending() ? "pend" : order.containsKey(i) ? "ok" : "bad";
            String label = m.describeOperation(o.input(), o.output());
            h.append(String.format(Locale.ROOT, "<g><title>%s&#10;client %d, [%d, %s]%s</title>"
                            + "<rect class=\"%s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"22\" rx=\"3\"/>",
                    esc(label), o.client(), o.call(), o.pending() ? "never returned" : Long.toString(o.ret()),
                    order.containsKey(i) ? "&#10;linearized as step " + order.get(i) : "", cls, x, y, Math.max(2, end - x)));
            if (order.containsKey(i)) {
                h.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%d</text>", x + 3, y + 15, order.get(i)));
            }
            h.append("</g>");
        }
        h.append("</svg>");
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
