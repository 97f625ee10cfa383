package raftlab.kv;

import java.util.List;

/**
 * The answer to a range read: the keys found, in order, and {@code more}: whether a key of the range
 * follows the last one returned, left out by the read's limit or by {@link KvLimits#MAX_RANGE_BYTES}
 * (read again from just after the last key to go on). An answer that reached the range's end says no.
 */
public record RangeResult(KvStatus status, List<KvEntry> entries, boolean more) {
    public RangeResult {
        entries = entries == null ? List.of() : List.copyOf(entries);
    }
}
