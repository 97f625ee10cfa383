package raftlab.server.load;

import com.google.gson.Gson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the JSON results of {@code bench/compare} ({@code etcd-N.json}, {@code raftlab-N.json}) into
 * the measured part of {@code docs/performance.md} (between its {@code results} markers) and a bar
 * chart of throughput as SVG. The prose around the markers is written by people and kept.
 */
public final class PerformanceReport {
    static final String BEGIN = "<!-- results:begin (written by bench/compare) -->";
    static final String END = "<!-- results:end -->";

    private PerformanceReport() {
    }

    /** Arguments: RESULTS_DIR MARKDOWN_FILE SVG_FILE SETUP_LINE. */
    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: PerformanceReport RESULTS_DIR MARKDOWN SVG SETUP");
            System.exit(2);
        }
        Map<Integer, LoadRun.Result> etcd = read(Path.of(args[0]), "etcd");
        Map<Integer, LoadRun.Result> raftlab = read(Path.of(args[0]), "raftlab");
        Path md = Path.of(args[1]);
        Path svg = Path.of(args[2]);
        Files.writeString(svg, chart(etcd, raftlab), StandardCharsets.UTF_8);
        String doc = Files.readString(md, StandardCharsets.UTF_8);
        int from = doc.indexOf(BEGIN);
        int to = doc.indexOf(END);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException(md + " has no results markers");
        }
        String results = BEGIN + "\n" + table(etcd, raftlab, args[3], md.getParent().relativize(svg).toString()) + END;
        Files.writeString(md, doc.substring(0, from) + results + doc.substring(to + END.length()), StandardCharsets.UTF_8);
        System.out.println("wrote " + md + " and " + svg);
    }

    private static Map<Integer, LoadRun.Result> read(Path dir, String target) throws IOException {
        Map<Integer, LoadRun.Result> out = new TreeMap<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().matches(target + "-\\d+\\.json")).toList()) {
                LoadRun.Result r = new Gson().fromJson(Files.readString(f), LoadRun.Result.class);
                out.put(r.clients(), r);
            }
        }
        return out;
    }

    static String table(Map<Integer, LoadRun.Result> etcd, Map<Integer, LoadRun.Result> raftlab, String setup, String svg) {
        StringBuilder t = new StringBuilder();
        t.append("\n").append(setup).append("\n\n");
        t.append("| clients | etcd writes/s | etcd p50 | etcd p90 | etcd p99 | RaftLab writes/s | RaftLab p50 | RaftLab p90 | RaftLab p99 | RaftLab / etcd | leader fsyncs per write | errors (etcd / RaftLab) |\n");
        t.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int c : clientCounts(etcd, raftlab)) {
            LoadRun.Result e = etcd.get(c);
            LoadRun.Result r = raftlab.get(c);
            t.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s / %s |\n", c,
                    ops(e), ms(e, LoadRun.Result::p50), ms(e, LoadRun.Result::p90), ms(e, LoadRun.Result::p99),
                    ops(r), ms(r, LoadRun.Result::p50), ms(r, LoadRun.Result::p90), ms(r, LoadRun.Result::p99),
                    e == null || r == null ? "–" : String.format(Locale.ROOT, "%.2f×", r.throughput() / e.throughput()),
                    r == null || r.leaderFsyncsPerOp() < 0 ? "–" : String.format(Locale.ROOT, "%.3f", r.leaderFsyncsPerOp()),
                    e == null ? "–" : String.valueOf(e.errors()), r == null ? "–" : String.valueOf(r.errors())));
        }
        t.append("\n![Write throughput, etcd and RaftLab](").append(svg).append(")\n\n");
        return t.toString();
    }

    private static List<Integer> clientCounts(Map<Integer, LoadRun.Result> a, Map<Integer, LoadRun.Result> b) {
        TreeMap<Integer, Boolean> all = new TreeMap<>();
        a.keySet().forEach(k -> all.put(k, true));
        b.keySet().forEach(k -> all.put(k, true));
        return new ArrayList<>(all.keySet());
    }

    private static String ops(LoadRun.Result r) {
        return r == null ? "–" : String.format(Locale.ROOT, "%,.0f", r.throughput());
    }

    private static String ms(LoadRun.Result r, java.util.function.ToDoubleFunction<LoadRun.Result> f) {
        return r == null ? "–" : String.format(Locale.ROOT, "%.1f ms", f.applyAsDouble(r));
    }

    /** Grouped bars: throughput per client count, etcd and RaftLab side by side, p99 written above each. */
    static String chart(Map<Integer, LoadRun.Result> etcd, Map<Integer, LoadRun.Result> raftlab) {
        List<Integer> counts = clientCounts(etcd, raftlab);
        double max = 1;
        for (int c : counts) {
            for (LoadRun.Result r : new LoadRun.Result[] {etcd.get(c), raftlab.get(c)}) {
                if (r != null) {
                    max = Math.max(max, r.throughput());
                }
            }
        }
        int width = 120 + counts.size() * 170;
        int height = 320;
        int base = 260;
        double scale = 200 / max;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">\n", width, height));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append("<text x=\"10\" y=\"20\" font-size=\"14\">Writes per second (100-byte values, 3 nodes, fsync on); p99 latency above each bar</text>\n");
        s.append(String.format(Locale.ROOT, "<line x1=\"60\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>\n", base, width - 20, base));
        for (int i = 0; i < counts.size(); i++) {
            int c = counts.get(i);
            int x = 80 + i * 170;
            bar(s, etcd.get(c), x, base, scale, "#7a9cc6");
            bar(s, raftlab.get(c), x + 65, base, scale, "#e07b39");
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%d client%s</text>\n",
                    x + 60, base + 18, c, c == 1 ? "" : "s"));
        }
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"290\" width=\"12\" height=\"12\" fill=\"#7a9cc6\"/><text x=\"%d\" y=\"300\">etcd 3.4</text>\n", 80, 96));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"290\" width=\"12\" height=\"12\" fill=\"#e07b39\"/><text x=\"%d\" y=\"300\">RaftLab</text>\n", 170, 186));
        s.append("</svg>\n");
        return s.toString();
    }

    private static void bar(StringBuilder s, LoadRun.Result r, int x, int base, double scale, String color) {
        if (r == null) {
            return;
        }
        int h = (int) Math.round(r.throughput() * scale);
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"55\" height=\"%d\" fill=\"%s\"/>\n", x, base - h, h, color));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%,.0f/s</text>\n", x + 27, base - h - 18, r.throughput()));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">p99 %.0f ms</text>\n", x + 27, base - h - 5, r.p99()));
    }
}
