// SOLUTION FILE
package raftlab.replication;

import java.util.List;
import raftlab.election.LogEntry;

/**
 * The replicated log as the node sees it: passive, it answers questions and changes only when the
 * node tells it to. Indexes start at 1; index 0 is the empty log's end, of term 0. An interface so
 * that a durable log (lab 3) and a compacted one (lab 5) can stand in for the in-memory one.
 */
public interface Log {
    /** Index of the last entry (0 if there is none). */
    long lastIndex();

    /** The term of the entry at {@code index}: 0 at index 0, -1 if this log cannot say (not held). */
    long termAt(long index);

    /** The entry at {@code index}, which this log must hold. */
    LogEntry entry(long index);

    /** Up to {@code max} entries from {@code from} on (a copy; empty past the end). */
    List<LogEntry> slice(long from, int max);

    /** Adds {@code entries} after the last one. */
    void append(List<LogEntry> entries);

    /** Removes the entry at {@code index} and every one after it. */
    void truncateFrom(long index);

    default long lastTerm() {
        return termAt(lastIndex());
    }

    /** The last index holding {@code term}, or -1 if none does (terms only grow along a log). */
    default long lastIndexOfTerm(long term) {
        for (long i = lastIndex(); i > 0; i--) {
            long t = termAt(i);
            if (t == term) {
                return i;
            }
            if (t < term) {
                return -1;
            }
        }
        return -1;
    }

    /** The first index of the run of {@code term} that ends at {@code index}. */
    default long firstIndexOfTerm(long term, long index) {
        long i = index;
        while (i > 1 && termAt(i - 1) == term) {
            i--;
        }
        return i;
    }
}
