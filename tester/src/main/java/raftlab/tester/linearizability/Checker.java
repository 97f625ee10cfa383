package raftlab.tester.linearizability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Checks a history for linearizability against a {@link Model}: the model splits it into parts
 * (per key), the parts are searched in parallel, and the history is linearizable iff every part is.
 * A timeout yields {@link Verdict#UNKNOWN} — never a false verdict.
 */
public final class Checker {
    private Checker() {
    }

    public static <S> CheckResult check(Model<S> model, List<Operation> history, Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        List<List<Operation>> parts = model.partition(history);
        AtomicBoolean illegalFound = new AtomicBoolean();
        int threads = Math.max(1, Math.min(parts.size(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "linearizability-check");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<PartitionResult>> futures = new ArrayList<>();
            for (List<Operation> part : parts) {
                futures.add(pool.submit(() -> {
                    PartitionResult r = new Search<>(model, part)
                            .run(() -> illegalFound.get() || System.nanoTime() > deadline);
                    if (r.verdict() == Verdict.NOT_LINEARIZABLE) {
                        illegalFound.set(true); // one illegal part settles it: stop the others
                    }
                    return r;
                }));
            }
            List<PartitionResult> results = new ArrayList<>();
            for (Future<PartitionResult> f : futures) {
                results.add(f.get());
            }
            Verdict verdict = Verdict.LINEARIZABLE;
            for (PartitionResult r : results) {
                if (r.verdict() == Verdict.NOT_LINEARIZABLE) {
                    verdict = Verdict.NOT_LINEARIZABLE;
                    break;
                }
                if (r.verdict() == Verdict.UNKNOWN) {
                    verdict = Verdict.UNKNOWN;
                }
            }
            return new CheckResult(verdict, results, (System.nanoTime() - start) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the model threw while checking: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
