package raftlab.server.metrics;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A latency histogram with fixed buckets, in the Prometheus exposition format's shape (cumulative
 * {@code _bucket{le=...}}, {@code _sum}, {@code _count}). Lock-free: recording is one array increment.
 */
public final class Histogram {
    /** Upper bounds in seconds: 100 µs to 10 s, enough for an fsync and a request that waits for an election. */
    private static final double[] BOUNDS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
        0.25, 0.5, 1, 2.5, 5, 10};

    private final AtomicLongArray counts = new AtomicLongArray(BOUNDS.length + 1);
    private final LongAdder sumNanos = new LongAdder();

    public void recordNanos(long nanos) {
        double seconds = nanos / 1e9;
        int i = 0;
        while (i < BOUNDS.length && seconds > BOUNDS[i]) {
            i++;
        }
        counts.incrementAndGet(i);
        sumNanos.add(nanos);
    }

    public long count() {
        long n = 0;
        for (int i = 0; i < counts.length(); i++) {
            n += counts.get(i);
        }
        return n;
    }

    /** Appends this histogram as metric {@code name} with the given label set (e.g. {@code op="get"}, or empty). */
    public void writeTo(StringBuilder out, String name, String labels) {
        String sep = labels.isEmpty() ? "" : labels + ",";
        long cumulative = 0;
        for (int i = 0; i < BOUNDS.length; i++) {
            cumulative += counts.get(i);
            out.append(name).append("_bucket{").append(sep).append("le=\"").append(format(BOUNDS[i])).append("\"} ")
                    .append(cumulative).append('\n');
        }
        cumulative += counts.get(BOUNDS.length);
        out.append(name).append("_bucket{").append(sep).append("le=\"+Inf\"} ").append(cumulative).append('\n');
        String braces = labels.isEmpty() ? "" : "{" + labels + "}";
        out.append(name).append("_sum").append(braces).append(' ').append(format(sumNanos.sum() / 1e9)).append('\n');
        out.append(name).append("_count").append(braces).append(' ').append(cumulative).append('\n');
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%s", v);
    }
}
