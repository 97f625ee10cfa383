package raftlab.kv;

import java.util.List;

/**
 * The answer to a range read: the keys found, in order, and whether the answer was cut short, by the
 * read's limit or by {@link KvLimits#MAX_RANGE_BYTES} (read again from just after the last key to go on).
 */
public record RangeResult(KvStatus status, List<KvEntry> entries, boolean more) {
    public RangeResult {
        entries = entries == null ? List.of() : List.copyOf(entries);
    }
}
