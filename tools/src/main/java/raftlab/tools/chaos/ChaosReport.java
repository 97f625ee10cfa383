package raftlab.tools.chaos;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import raftlab.tester.linearizability.CheckResult;
import raftlab.tester.linearizability.Operation;
import raftlab.tools.util.Trees;

/** What a chaos run found: counts, the verdicts, the faults with their times, and recovery after leader loss. */
record ChaosReport(int cycles, int nodes, int clients, long seed, List<Operation> ops, List<FaultSpan> faults, CheckResult check,
                   Convergence convergence, List<Long> recoveryMillis, double seconds) {

    /** One fault: its cycle, what it was, whether it took the leader away, and when it began and ended (ns into the run). */
    record FaultSpan(int cycle, String description, boolean leaderLoss, long start, long end) {
    }

    /**
     * For each fault that took the leader away, the milliseconds from its start to the first
     * acknowledged write that was sent after it began (one already on its way may finish at once).
     */
    static List<Long> recoveryTimes(List<FaultSpan> faults, List<long[]> ackedWrites) {
        List<long[]> acks;
        synchronized (ackedWrites) {
            acks = List.copyOf(ackedWrites);
        }
        List<Long> out = new ArrayList<>();
        for (FaultSpan f : faults) {
            if (f.leaderLoss()) {
                acks.stream().filter(a -> a[0] > f.start()).mapToLong(a -> a[1]).min()
                        .ifPresent(t -> out.add((t - f.start()) / 1_000_000));
            }
        }
        return out;
    }

    long pending() {
        return ops.stream().filter(Operation::pending).count();
    }

    String summary() {
        List<Long> r = recoveryMillis.stream().sorted().toList();
        String recovery = r.isEmpty() ? "no leader lost" : String.format("median %d ms, p90 %d ms, max %d ms over %d leader losses",
                r.get(r.size() / 2), r.get(Math.min(r.size() - 1, (int) Math.ceil(r.size() * 0.9) - 1)), r.get(r.size() - 1), r.size());
        return String.format("chaos: %d fault cycles, %d nodes, %d clients, seed %d, %.0f s%n"
                        + "  operations: %d (%d writes pending: no answer, may or may not have applied)%n"
                        + "  history: %s (%d ms)%n  replicas: %s%n  next acknowledged write after a leader loss: %s%n"
                        + "  report: %s",
                cycles, nodes, clients, seed, seconds, ops.size(), pending(), check.verdict().text(), check.millis(),
                convergence.ok() ? "converged — " + convergence.detail() : "DIVERGED — " + convergence.detail(), recovery,
                "summary.json, report.html, history.json" + (check.firstIllegal() != null ? ", linearizability.html" : ""));
    }

    void write(Path dir) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("cycles", cycles);
        json.put("nodes", nodes);
        json.put("clients", clients);
        json.put("seed", seed);
        json.put("seconds", seconds);
        json.put("operations", ops.size());
        json.put("pending", pending());
        json.put("verdict", check.verdict().text());
        json.put("converged", convergence.ok());
        json.put("convergence", convergence.detail());
        json.put("recoveryMillis", recoveryMillis);
        json.put("faults", faults);
        Files.writeString(dir.resolve("summary.json"), new GsonBuilder().setPrettyPrinting().create().toJson(json), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.html"), html(), StandardCharsets.UTF_8);
    }

    private String html() {
        StringBuilder b = new StringBuilder("<!doctype html><meta charset=utf-8><title>RaftLab chaos run</title>"
                + "<style>body{font:14px system-ui;margin:2em}td,th{padding:2px 10px;text-align:left}"
                + ".bad{color:#b00}.ok{color:#070}.bar{background:#fc8;height:10px}</style><h1>Chaos run</h1><pre>")
                .append(escape(summary())).append("</pre><h2>Faults</h2><table><tr><th>cycle</th><th>fault</th>"
                        + "<th>from (s)</th><th>to (s)</th><th>timeline</th></tr>");
        double total = Math.max(1, seconds * 1e9);
        for (FaultSpan f : faults) {
            double left = 100 * f.start() / total;
            double width = Math.max(0.3, 100 * (f.end() - f.start()) / total);
            b.append(String.format("<tr><td>%d</td><td>%s</td><td>%.1f</td><td>%.1f</td><td style='width:400px'>"
                            + "<div class=bar style='margin-left:%.1f%%;width:%.1f%%'></div></td></tr>",
                    f.cycle(), escape(f.description()), f.start() / 1e9, f.end() / 1e9, left, width));
        }
        b.append("</table><p>History verdict: <b class=").append(check.firstIllegal() == null ? "ok" : "bad").append(">")
                .append(check.verdict().text()).append("</b>")
                .append(check.firstIllegal() != null ? " — see <a href=linearizability.html>linearizability.html</a>" : "")
                .append(". Replicas: <b class=").append(convergence.ok() ? "ok>converged" : "bad>diverged").append("</b>.</p>");
        return b.toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Creates {@code dir}, or empties it: a run's data and report never mix with an earlier run's. */
    static void emptyDirectory(Path dir) throws IOException {
        Trees.delete(dir);
        Files.createDirectories(dir);
    }
}
