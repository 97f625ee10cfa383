package raftlab.server.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The server processes a benchmark measures, read from Linux's {@code /proc}: the CPU time they have
 * used (user + system) and their resident memory, so a run reports what each operation cost the
 * servers, not only how fast the client saw it go.
 */
public final class ServerProcesses {
    private final List<Long> pids;
    private final long ticksPerSecond;

    public ServerProcesses(List<Long> pids) {
        this.pids = List.copyOf(pids);
        this.ticksPerSecond = clockTicks();
        cpuSeconds(); // fails now, not mid-run, for a pid that is not there
    }

    /** CPU seconds the processes have used so far. */
    public double cpuSeconds() {
        long ticks = 0;
        for (long pid : pids) {
            String stat = read(Path.of("/proc", String.valueOf(pid), "stat"));
            // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are
            // the 14th and 15th fields of the line, so the 12th and 13th after the closing parenthesis.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }
        return ticks / (double) ticksPerSecond;
    }

    /** Their resident memory now, in bytes. */
    public long rssBytes() {
        long kb = 0;
        for (long pid : pids) {
            for (String line : read(Path.of("/proc", String.valueOf(pid), "status")).split("\n")) {
                if (line.startsWith("VmRSS:")) {
                    kb += Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        }
        return kb * 1024;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + " (is the process running, and is this Linux?)", e);
        }
    }

    /** {@code getconf CLK_TCK}: the unit of /proc's CPU times (100 on Linux almost everywhere). */
    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 ? Long.parseLong(out) : 100;
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
