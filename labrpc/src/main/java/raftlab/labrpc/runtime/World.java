package raftlab.labrpc.runtime;

import java.util.Random;
import raftlab.labrpc.trace.TraceSink;

/**
 * The environment one run lives in: a clock, a scheduler, the random streams, and the trace. The
 * network and the harness use it directly; nodes see it through their {@link Runtime}.
 */
public interface World extends AutoCloseable {

    /** Milliseconds since the world started. */
    long now();

    /** Runs a world-level task (network delivery, harness timer) after {@code delayMillis}. */
    Cancellable schedule(long delayMillis, Runnable task);

    /** A random stream for one named purpose, derived deterministically from the run's seed. */
    Random randomStream(String purpose);

    /** The seed this world was created from. */
    long seed();

    /** A fresh runtime for one incarnation of a node. */
    NodeRuntime newNodeRuntime(String nodeName, int incarnation);

    TraceSink trace();

    /** True for the discrete-event simulator: single-threaded and reproducible. */
    boolean simulated();

    /**
     * Reports an exception thrown by node code somewhere it would otherwise be lost (inside an RPC
     * callback, say). The simulation fails the test right after the current event; real mode fails
     * it at the harness's next check.
     */
    void reportFailure(Throwable failure);

    /**
     * Rethrows the first exception a task threw (lab code bugs surface here in real mode; in
     * simulation they propagate immediately from the event loop).
     */
    void rethrowTaskFailure();

    @Override
    void close();

    /** Derives a stream seed from the run seed and a purpose, so streams never collide. */
    static long deriveSeed(long seed, String purpose) {
        long h = seed ^ 0x9E3779B97F4A7C15L;
        for (int i = 0; i < purpose.length(); i++) {
            h = (h ^ purpose.charAt(i)) * 0x100000001B3L;
        }
        // SplitMix64 finaliser: neighbouring seeds give unrelated streams.
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        return h ^ (h >>> 31);
    }
}
