package raftlab.kv;

import java.util.List;

/**
 * The answer to a range read: the keys found, in order, and whether the limit cut the answer short
 * (read again from just after the last key to go on).
 */
public record RangeResult(KvStatus status, List<KvEntry> entries, boolean more) {
    public RangeResult {
        entries = entries == null ? List.of() : List.copyOf(entries);
    }
}
