package raftlab.server.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raftlab.server.net.HttpReplies;

/** The benchmark report: ratios are taken round by round, and the servers' own costs are read from /proc. */
class PerformanceReportTest {
    @TempDir
    Path tmp;

    private static LoadRun.Result result(String target, double opsPerSecond, double cpuPerOp) {
        return new LoadRun.Result(target, 64, 100, 0, 10, (long) (opsPerSecond * 10), 0, opsPerSecond, 5, 8, 20, 30, -1,
                cpuPerOp, 300L << 20);
    }

    @Test
    void theRatioIsTheMedianOfEachRoundsRatioNotARatioOfMedians() throws Exception {
        // Round 2 ran while the machine was busy: both stores slowed, and its ratio stays what it was.
        double[][] rounds = {{1000, 2000}, {400, 800}, {1100, 1650}};
        for (int r = 0; r < rounds.length; r++) {
            Files.writeString(tmp.resolve("3-writes-" + (r + 1) + "-etcd.json"), HttpReplies.toJson(result("etcd", rounds[r][0], 0.001)));
            Files.writeString(tmp.resolve("3-writes-" + (r + 1) + "-raftlab.json"), HttpReplies.toJson(result("raftlab", rounds[r][1], 0.0005)));
        }
        List<PerformanceReport.Workload> workloads = PerformanceReport.read(tmp);
        assertEquals(1, workloads.size());
        assertEquals(List.of(2.0, 2.0, 1.5), workloads.get(0).ratios());
        String table = PerformanceReport.table(workloads, "setup", "images/x.svg");
        assertTrue(table.contains("| writes, 64 clients, 100 B | 3 | 1,000 |"), table);
        assertTrue(table.contains("**2.00×** [1.50–2.00]"), "median of the rounds' ratios, with their range:\n" + table);
        assertTrue(table.contains("| 1.00 ms |") && table.contains("| 0.50 ms |"), "CPU per operation:\n" + table);
        assertTrue(PerformanceReport.chart(workloads).contains("2.00×"));
    }

    @Test
    void theServersCostsComeFromProc() throws Exception {
        ServerProcesses me = new ServerProcesses(List.of(ProcessHandle.current().pid()));
        double before = me.cpuSeconds();
        long spin = System.nanoTime();
        double x = 0;
        while (System.nanoTime() - spin < 200_000_000L) { // burn a little CPU of our own to measure
            x += Math.sqrt(x + 1);
        }
        assertTrue(x > 0 && me.cpuSeconds() > before, "this JVM's CPU time grew");
        assertTrue(me.rssBytes() > 1 << 20, "this JVM holds more than 1 MiB");
    }
}
