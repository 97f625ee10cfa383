package raftlab.server.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * A closed-loop load: {@code clients} threads, each sending its next request as soon as the last one
 * is answered, for a warm-up and then a measured {@code duration}. Every measured request's latency
 * is kept (a few million longs at most), so the percentiles are exact.
 */
public final class LoadRun {
    /**
     * What a run measured. Latencies in milliseconds; the leader's log forces per operation, the servers'
     * CPU seconds per operation and their resident memory at the end (-1 where unknown).
     */
    public record Result(String target, int clients, int valueSize, int readPercent, double seconds, long ops, long errors,
            double throughput, double p50, double p90, double p99, double max, double leaderFsyncsPerOp,
            double serverCpuSecondsPerOp, long serverRssBytes) {

        public String summary() {
            return String.format(Locale.ROOT, "%s: %d clients, %d-byte values, %d%% reads: %,.0f ops/s over %.1f s"
                    + " (%,d ops, %d errors); latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms",
                    target, clients, valueSize, readPercent, throughput, seconds, ops, errors, p50, p90, p99, max)
                    + (serverCpuSecondsPerOp < 0 ? "" : String.format(Locale.ROOT, "; servers: %.3f CPU ms per op, %,d MiB resident",
                            serverCpuSecondsPerOp * 1000, serverRssBytes >> 20));
        }
    }

    private final Target target;
    private final int clients;
    private final int valueSize;
    private final int readPercent;
    private final int keys;
    private ServerProcesses servers;

    /** Also measures these server processes' CPU and memory over the measured seconds. */
    public LoadRun measuring(ServerProcesses servers) {
        this.servers = servers;
        return this;
    }

    public LoadRun(Target target, int clients, int valueSize, int readPercent, int keys) {
        checkShape(clients, valueSize, readPercent, keys);
        this.target = target;
        this.clients = clients;
        this.valueSize = valueSize;
        this.readPercent = readPercent;
        this.keys = keys;
    }

    /** Runs {@code warmupSeconds} unmeasured, then {@code seconds} measured; {@code progress} gets a line a second. */
    public Result run(double warmupSeconds, double seconds, Consumer<String> progress) throws InterruptedException {
        String value = "v".repeat(valueSize);
        if (readPercent > 0) {
            fill(target, keys, value);
        }
        long start = System.nanoTime();
        long measureFrom = start + (long) (warmupSeconds * 1e9);
        long end = measureFrom + (long) (seconds * 1e9);
        LongAdder done = new LongAdder();
        LongAdder failed = new LongAdder();
        List<Latencies> latencies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Latencies mine = new Latencies();
            latencies.add(mine); // read only after every client thread has been joined
            SplittableRandom random = new SplittableRandom(c * 7919L + 1);
            Thread t = new Thread(() -> {
                long now = System.nanoTime();
                while (now < end) {
                    String key = key(random.nextInt(keys));
                    boolean ok = random.nextInt(100) < readPercent ? target.get(key) : target.put(key, value);
                    long after = System.nanoTime();
                    if (now >= measureFrom) {
                        if (!ok) {
                            failed.increment();
                        } else {
                            mine.add(after - now);
                            done.increment();
                        }
                    }
                    now = after;
                }
            }, "bench-client-" + c);
            threads.add(t);
            t.start();
        }
        long lastOps = 0;
        long fsyncsBefore = -1;
        double cpuBefore = -1;
        boolean measuring = false;
        while (System.nanoTime() < end) {
            long wake = System.nanoTime() < measureFrom ? Math.min(measureFrom, System.nanoTime() + 1_000_000_000L)
                    : System.nanoTime() + 1_000_000_000L; // paces the progress line only
            Thread.sleep(Math.max(1, (wake - System.nanoTime()) / 1_000_000));
            long t = System.nanoTime();
            if (!measuring && t >= measureFrom) {
                measuring = true;
                fsyncsBefore = target.leaderFsyncs();
                cpuBefore = servers == null ? -1 : servers.cpuSeconds();
                lastOps = done.sum();
                continue;
            }
            long ops = done.sum();
            progress.accept(t < measureFrom ? "  warming up ..." : String.format(Locale.ROOT, "  %4.0f s  %,8d ops/s  errors %d",
                    (t - measureFrom) / 1e9, ops - lastOps, failed.sum()));
            lastOps = ops;
        }
        long fsyncsAfter = target.leaderFsyncs();
        double cpuAfter = servers == null ? -1 : servers.cpuSeconds();
        long rss = servers == null ? -1 : servers.rssBytes();
        for (Thread t : threads) {
            t.join();
        }
        long[] all = latencies.stream().flatMapToLong(Latencies::stream).sorted().toArray();
        double fsyncsPerOp = fsyncsBefore < 0 || fsyncsAfter < 0 || all.length == 0 ? -1
                : (fsyncsAfter - fsyncsBefore) / (double) all.length;
        double cpuPerOp = cpuBefore < 0 || all.length == 0 ? -1 : (cpuAfter - cpuBefore) / all.length;
        return new Result(target.describe(), clients, valueSize, readPercent, seconds, all.length, failed.sum(),
                all.length / seconds, ms(all, 0.50), ms(all, 0.90), ms(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1e6,
                fsyncsPerOp, cpuPerOp, rss);
    }

    /** One client's measured latencies in nanoseconds, kept by that client's thread alone. */
    private static final class Latencies {
        private long[] nanos = new long[1024];
        private int size;

        void add(long n) {
            if (size == nanos.length) {
                nanos = Arrays.copyOf(nanos, size * 2);
            }
            nanos[size++] = n;
        }

        java.util.stream.LongStream stream() {
            return Arrays.stream(nanos, 0, size);
        }
    }

    /** Refuses a load that cannot be run, whichever driver would run it. */
    static void checkShape(int clients, int valueSize, int readPercent, int keys) {
        if (clients < 1 || valueSize < 0 || readPercent < 0 || readPercent > 100 || keys < 1) {
            throw new IllegalArgumentException("clients ≥ 1, value size ≥ 0, reads 0..100 %, keys ≥ 1");
        }
    }

    /** The {@code k}th of the keys a run writes and reads. */
    static String key(int k) {
        return "bench/" + k;
    }

    /** Writes every key once, so that reads find something. */
    static void fill(Target target, int keys, String value) {
        for (int k = 0; k < keys; k++) {
            target.put(key(k), value);
        }
    }

    private static double ms(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(i, sorted.length - 1))] / 1e6;
    }
}
