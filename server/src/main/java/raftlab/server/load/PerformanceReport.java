package raftlab.server.load;

import com.google.gson.Gson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the JSON results of {@code bench/compare} ({@code W-ROUND-STORE.json}: workload W, round ROUND,
 * store etcd or raftlab) into the measured part of {@code docs/performance.md} (between its
 * {@code results} markers) and a bar chart as SVG. The stores ran in alternating rounds, so each
 * round's ratio compares two runs minutes apart on the same machine; the report gives the median
 * of those ratios and their spread, never a ratio of two medians measured at different times.
 * The prose around the markers is written by people and kept.
 */
public final class PerformanceReport {
    static final String BEGIN = "<!-- results:begin (written by bench/compare) -->";
    static final String END = "<!-- results:end -->";
    private static final Pattern FILE = Pattern.compile("(.+)-(\\d+)-(etcd|raftlab)\\.json");

    /** One workload's rounds: each store's result per round. */
    record Workload(String name, Map<Integer, LoadRun.Result> etcd, Map<Integer, LoadRun.Result> raftlab) {
        LoadRun.Result any() {
            return etcd.isEmpty() ? raftlab.values().iterator().next() : etcd.values().iterator().next();
        }

        String label() {
            LoadRun.Result r = any();
            String what = r.readPercent() == 0 ? "writes" : r.readPercent() == 100 ? "linearizable reads"
                    : r.readPercent() + " % reads";
            return what + ", " + r.clients() + " client" + (r.clients() == 1 ? "" : "s") + ", " + size(r.valueSize());
        }

        /** RaftLab's throughput over etcd's, round by round (rounds where both ran). */
        List<Double> ratios() {
            List<Double> out = new ArrayList<>();
            for (Map.Entry<Integer, LoadRun.Result> e : etcd.entrySet()) {
                LoadRun.Result r = raftlab.get(e.getKey());
                if (r != null && e.getValue().throughput() > 0) {
                    out.add(r.throughput() / e.getValue().throughput());
                }
            }
            return out;
        }
    }

    private PerformanceReport() {
    }

    /** Arguments: RESULTS_DIR MARKDOWN_FILE SVG_FILE SETUP_LINE. */
    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: PerformanceReport RESULTS_DIR MARKDOWN SVG SETUP");
            System.exit(2);
        }
        List<Workload> workloads = read(Path.of(args[0]));
        Path md = Path.of(args[1]);
        Path svg = Path.of(args[2]);
        Files.writeString(svg, chart(workloads), StandardCharsets.UTF_8);
        String doc = Files.readString(md, StandardCharsets.UTF_8);
        int from = doc.indexOf(BEGIN);
        int to = doc.indexOf(END);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException(md + " has no results markers");
        }
        String results = BEGIN + "\n" + table(workloads, args[3], md.getParent().relativize(svg).toString()) + END;
        Files.writeString(md, doc.substring(0, from) + results + doc.substring(to + END.length()), StandardCharsets.UTF_8);
        System.out.println("wrote " + md + " and " + svg);
    }

    /** The workloads in the order bench/compare ran them (their names start with a sequence number). */
    static List<Workload> read(Path dir) throws IOException {
        Map<String, Workload> byName = new TreeMap<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Matcher m = FILE.matcher(f.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                LoadRun.Result r = new Gson().fromJson(Files.readString(f), LoadRun.Result.class);
                Workload w = byName.computeIfAbsent(m.group(1), n -> new Workload(n, new TreeMap<>(), new TreeMap<>()));
                (m.group(3).equals("etcd") ? w.etcd() : w.raftlab()).put(Integer.parseInt(m.group(2)), r);
            }
        }
        return new ArrayList<>(byName.values());
    }

    static String table(List<Workload> workloads, String setup, String svg) {
        StringBuilder t = new StringBuilder();
        t.append("\n").append(setup).append("\n\n");
        t.append("| workload | rounds | etcd ops/s | etcd p99 | etcd CPU per op | RaftLab ops/s | RaftLab p99 | RaftLab CPU per op"
                + " | RaftLab / etcd: median of the rounds [min–max] | resident memory, etcd / RaftLab (3 nodes) | errors, etcd / RaftLab |\n");
        t.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Workload w : workloads) {
            List<Double> ratios = w.ratios();
            t.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s / %s | %d / %d |\n", w.label(),
                    Math.max(w.etcd().size(), w.raftlab().size()),
                    ops(w.etcd()), ms(w.etcd(), LoadRun.Result::p99), cpu(w.etcd()),
                    ops(w.raftlab()), ms(w.raftlab(), LoadRun.Result::p99), cpu(w.raftlab()),
                    ratios.isEmpty() ? "–" : String.format(Locale.ROOT, "**%.2f×** [%.2f–%.2f]", median(ratios),
                            ratios.stream().min(Comparator.naturalOrder()).orElseThrow(),
                            ratios.stream().max(Comparator.naturalOrder()).orElseThrow()),
                    rss(w.etcd()), rss(w.raftlab()), errors(w.etcd()), errors(w.raftlab())));
        }
        t.append("\n![Throughput, etcd and RaftLab, per workload](").append(svg).append(")\n\n");
        return t.toString();
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(Comparator.naturalOrder());
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static double medianOf(Map<Integer, LoadRun.Result> runs, ToDoubleFunction<LoadRun.Result> f) {
        return median(runs.values().stream().map(f::applyAsDouble).toList());
    }

    private static String ops(Map<Integer, LoadRun.Result> runs) {
        return runs.isEmpty() ? "–" : String.format(Locale.ROOT, "%,.0f", medianOf(runs, LoadRun.Result::throughput));
    }

    private static String ms(Map<Integer, LoadRun.Result> runs, ToDoubleFunction<LoadRun.Result> f) {
        return runs.isEmpty() ? "–" : String.format(Locale.ROOT, "%.1f ms", medianOf(runs, f));
    }

    private static String cpu(Map<Integer, LoadRun.Result> runs) {
        if (runs.isEmpty() || runs.values().stream().anyMatch(r -> r.serverCpuSecondsPerOp() <= 0)) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.2f ms", medianOf(runs, LoadRun.Result::serverCpuSecondsPerOp) * 1000);
    }

    private static String rss(Map<Integer, LoadRun.Result> runs) {
        long max = runs.values().stream().mapToLong(LoadRun.Result::serverRssBytes).max().orElse(-1);
        return max <= 0 ? "–" : (max >> 20) + " MiB";
    }

    private static long errors(Map<Integer, LoadRun.Result> runs) {
        return runs.values().stream().mapToLong(LoadRun.Result::errors).sum();
    }

    private static String size(int bytes) {
        return bytes >= 1024 && bytes % 1024 == 0 ? (bytes / 1024) + " KiB" : bytes + " B";
    }

    /** Grouped bars: each workload's median throughput, etcd and RaftLab side by side, the median ratio above. */
    static String chart(List<Workload> workloads) {
        double max = 1;
        for (Workload w : workloads) {
            if (!w.etcd().isEmpty()) {
                max = Math.max(max, medianOf(w.etcd(), LoadRun.Result::throughput));
            }
            if (!w.raftlab().isEmpty()) {
                max = Math.max(max, medianOf(w.raftlab(), LoadRun.Result::throughput));
            }
        }
        int step = 150;
        int width = 100 + workloads.size() * step;
        int height = 360;
        int base = 270;
        double scale = 200 / max;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\""
                + " font-size=\"11\">\n", width, height));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append("<text x=\"10\" y=\"20\" font-size=\"14\">Operations per second, 3 nodes, fsync on (median of alternating rounds);"
                + " RaftLab / etcd above each pair</text>\n");
        s.append(String.format(Locale.ROOT, "<line x1=\"50\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>\n", base, width - 20, base));
        for (int i = 0; i < workloads.size(); i++) {
            Workload w = workloads.get(i);
            int x = 70 + i * step;
            int top = Math.min(bar(s, w.etcd(), x, base, scale, "#7a9cc6"), bar(s, w.raftlab(), x + 55, base, scale, "#e07b39"));
            List<Double> ratios = w.ratios();
            if (!ratios.isEmpty()) {
                s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-weight=\"bold\">%.2f×</text>\n",
                        x + 52, top - 20, median(ratios)));
            }
            String[] label = w.label().split(", ", 2);
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", x + 52, base + 16, label[0]));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", x + 52, base + 30,
                    label.length > 1 ? label[1] : ""));
        }
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"330\" width=\"12\" height=\"12\" fill=\"#7a9cc6\"/><text x=\"%d\" y=\"340\">etcd</text>\n", 70, 86));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"330\" width=\"12\" height=\"12\" fill=\"#e07b39\"/><text x=\"%d\" y=\"340\">RaftLab</text>\n", 140, 156));
        s.append("</svg>\n");
        return s.toString();
    }

    /** Draws one bar; returns its top's y. */
    private static int bar(StringBuilder s, Map<Integer, LoadRun.Result> runs, int x, int base, double scale, String color) {
        if (runs.isEmpty()) {
            return base;
        }
        double ops = medianOf(runs, LoadRun.Result::throughput);
        int h = (int) Math.round(ops * scale);
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"50\" height=\"%d\" fill=\"%s\"/>\n", x, base - h, h, color));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%,.0f</text>\n", x + 25, base - h - 4, ops));
        return base - h - 4;
    }
}
