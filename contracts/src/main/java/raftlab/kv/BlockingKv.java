package raftlab.kv;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The blocking face of a {@link KvClerk}, for programs on the real runtime (the command-line client,
 * the HTTP server): each call waits for its answer, at most {@code timeout}. Lab code and simulated
 * tests must not use it — a blocked thread would stop the simulation it waits on.
 */
public final class BlockingKv {
    private final KvClerk clerk;
    private final Duration timeout;

    public BlockingKv(KvClerk clerk, Duration timeout) {
        this.clerk = clerk;
        this.timeout = timeout;
    }

    public KvResult get(String key) {
        return await(clerk.get(key));
    }

    public KvResult put(String key, String value) {
        return await(clerk.put(key, value));
    }

    public KvResult append(String key, String value) {
        return await(clerk.append(key, value));
    }

    public KvResult delete(String key) {
        return await(clerk.delete(key));
    }

    public KvResult putIfVersion(String key, String value, long version) {
        return await(clerk.putIfVersion(key, value, version));
    }

    public BatchResult batch(List<KvWrite> writes) {
        return await(clerk.batch(writes));
    }

    public RangeResult range(String start, String end, int limit) {
        return await(clerk.range(start, end, limit));
    }

    /** Every key starting with {@code prefix}, reading page after page of at most {@code pageSize}. */
    public List<KvEntry> scanAll(String prefix, int pageSize) {
        List<KvEntry> out = new java.util.ArrayList<>();
        String start = prefix;
        String end = KvLimits.prefixEnd(prefix);
        while (true) {
            RangeResult page = range(start, end, pageSize);
            if (page.status() != KvStatus.OK) {
                throw new IllegalStateException("range read answered " + page.status());
            }
            out.addAll(page.entries());
            if (!page.more() || page.entries().isEmpty()) {
                return out;
            }
            start = page.entries().get(page.entries().size() - 1).key() + '\0'; // just after the last key
        }
    }

    private <T> T await(CompletableFuture<T> op) {
        try {
            return op.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer within " + timeout.toMillis() + " ms (is a majority of servers up?)", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the clerk failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the service", e);
        }
    }
}
