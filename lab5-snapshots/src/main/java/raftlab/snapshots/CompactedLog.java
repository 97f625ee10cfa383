// SOLUTION FILE
package raftlab.snapshots;

import java.util.List;
import raftlab.election.LogEntry;
import raftlab.replication.Log;
import raftlab.replication.MemoryLog;

/**
 * A log whose prefix through {@link #base()} lives in a snapshot: lab 2's in-memory log holds the
 * entries after the base (its index 1 is ours {@code base + 1}), and the base entry's term is kept
 * for the consistency check of the entry after it.
 */
final class CompactedLog implements Log {
    private long base;
    private long baseTerm;
    private MemoryLog tail;

    CompactedLog(long base, long baseTerm, List<LogEntry> after) {
        this.base = base;
        this.baseTerm = baseTerm;
        this.tail = new MemoryLog(after);
    }

    /** The last index the snapshot covers (0 without one). */
    long base() {
        return base;
    }

    @Override
    public long lastIndex() {
        return base + tail.lastIndex();
    }

    @Override
    public long termAt(long index) {
        if (index == base) {
            return baseTerm;
        }
        return index < base ? -1 : tail.termAt(index - base);
    }

    @Override
    public LogEntry entry(long index) {
        if (index <= base) {
            throw new IndexOutOfBoundsException("entry " + index + " is in the snapshot through " + base);
        }
        return tail.entry(index - base);
    }

    @Override
    public List<LogEntry> slice(long from, int max) {
        if (from <= base) {
            throw new IndexOutOfBoundsException("entries from " + from + " are in the snapshot through " + base);
        }
        return tail.slice(from - base, max);
    }

    @Override
    public void append(List<LogEntry> added) {
        tail.append(added);
    }

    @Override
    public void truncateFrom(long index) {
        if (index <= base) {
            throw new IllegalArgumentException("cannot truncate into the snapshot through " + base + " at " + index);
        }
        tail.truncateFrom(index - base);
    }

    /**
     * Everything through {@code index}, whose entry has {@code term}, is now in a snapshot. The
     * entries after it stay if ours at {@code index} is that entry; otherwise nothing we hold after
     * it can be trusted, and the whole log goes (Figure 13, steps 6–7).
     *
     * @return true if the entries after {@code index} were kept
     */
    boolean compactThrough(long index, long term) {
        if (index <= base) {
            return true;
        }
        boolean keepTail = index < lastIndex() && termAt(index) == term;
        tail = new MemoryLog(keepTail ? tail.slice(index - base + 1, Integer.MAX_VALUE) : List.of());
        base = index;
        baseTerm = term;
        return keepTail;
    }
}
