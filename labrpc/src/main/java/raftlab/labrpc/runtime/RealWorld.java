package raftlab.labrpc.runtime;

import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import raftlab.labrpc.trace.TraceLog;
import raftlab.labrpc.trace.TraceSink;

/**
 * Wall-clock time and a small thread pool. Handlers, timers and RPC callbacks of one node may run
 * concurrently, so lab code must lock (one coarse lock per node is the recommended pattern).
 */
public final class RealWorld implements World {
    private final long seed;
    private final long startNanos = System.nanoTime();
    private final ScheduledThreadPoolExecutor pool;
    private final TraceSink trace;
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();

    public RealWorld(long seed) {
        this(seed, 4, null);
    }

    public RealWorld(long seed, int threads, TraceSink trace) {
        this.seed = seed;
        this.trace = trace != null ? trace : new TraceLog(this::now);
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = Executors.defaultThreadFactory().newThread(r);
            t.setName("raftlab-real-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.pool = new ScheduledThreadPoolExecutor(threads, factory);
        this.pool.setRemoveOnCancelPolicy(true);
    }

    @Override
    public long now() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    @Override
    public Cancellable schedule(long delayMillis, Runnable task) {
        if (pool.isShutdown()) {
            return Cancellable.NONE;
        }
        Runnable guarded = () -> {
            try {
                task.run();
            } catch (Throwable t) {
                reportFailure(t);
            }
        };
        try {
            ScheduledFuture<?> f = pool.schedule(guarded, delayMillis, TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            return Cancellable.NONE;
        }
    }

    @Override
    public Random randomStream(String purpose) {
        return new Random(World.deriveSeed(seed, purpose));
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public NodeRuntime newNodeRuntime(String nodeName, int incarnation) {
        return new NodeRuntime(this, nodeName, incarnation);
    }

    @Override
    public TraceSink trace() {
        return trace;
    }

    @Override
    public boolean simulated() {
        return false;
    }

    @Override
    public void reportFailure(Throwable failure) {
        if (firstFailure.compareAndSet(null, failure)) {
            failure.printStackTrace();
        }
    }

    @Override
    public void rethrowTaskFailure() {
        Throwable t = firstFailure.get();
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        if (t != null) {
            throw new IllegalStateException("a node task failed", t);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
