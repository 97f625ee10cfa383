package raftlab.kv;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A client of the replicated key/value service. Every method returns at once; the future completes
 * when the operation is done — the clerk finds the leader and retries other servers on its own, so a
 * future never fails for a lost message or a deposed leader; it waits until some majority answers.
 * Operations of one clerk run one at a time, in the order they were called (this is what lets the
 * service remember just one reply per clerk). Callbacks run on the clerk's runtime. Programs on the
 * real runtime that prefer to wait use {@link BlockingKv}.
 */
public interface KvClerk {
    /** The key's value and version, or {@link KvStatus#NO_KEY}. */
    CompletableFuture<KvResult> get(String key);

    /** Sets the key, creating it if absent. */
    CompletableFuture<KvResult> put(String key, String value);

    /** Appends to the key's value (an absent key counts as empty). */
    CompletableFuture<KvResult> append(String key, String value);

    /** Removes the key; {@link KvStatus#NO_KEY} if it was absent. A re-created key starts at version 1. */
    CompletableFuture<KvResult> delete(String key);

    /**
     * Sets the key iff its version is {@code version} (0: iff it is absent) — compare-and-set.
     * {@link KvStatus#VERSION} or {@link KvStatus#NO_KEY} if it did not apply; {@link KvStatus#MAYBE}
     * if the clerk cannot tell.
     */
    CompletableFuture<KvResult> putIfVersion(String key, String value, long version);

    /**
     * Keys in {@code [start, end)} in order ({@code end} null: to the last key), at most {@code limit}
     * (0: the maximum) and at most {@link KvLimits#MAX_RANGE_BYTES} of keys and values (but at least one key).
     */
    CompletableFuture<RangeResult> range(String start, String end, int limit);

    /**
     * Applies {@code writes} in order as one step, all or nothing: no reader ever sees some of them
     * without the others, and if one of them would not apply alone (a delete of an absent key, a
     * versioned put at another version, an append past the value limit, a store at capacity) none
     * does. At most {@link KvLimits#MAX_BATCH_OPS} writes of at most {@link KvLimits#MAX_BATCH_BYTES}
     * of keys and values together. Lab 4's optional part: a clerk without it refuses every batch.
     */
    default CompletableFuture<BatchResult> batch(List<KvWrite> writes) {
        return CompletableFuture.completedFuture(BatchResult.refused("this clerk does not do batches"
                + " (lab 4's optional part, KvClerk.batch)"));
    }

    /** Keys starting with {@code prefix}, in order, at most {@code limit}. */
    default CompletableFuture<RangeResult> scan(String prefix, int limit) {
        return range(prefix, KvLimits.prefixEnd(prefix), limit);
    }
}
