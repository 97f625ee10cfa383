// SOLUTION FILE
package raftlab.snapshots;

import java.util.ArrayList;
import java.util.List;
import raftlab.election.LogEntry;
import raftlab.replication.Log;

/**
 * A log whose prefix through {@link #base()} lives in a snapshot: it holds the entries after the
 * base, and knows the base entry's term (the consistency check of the first entry after it needs it).
 */
final class CompactedLog implements Log {
    private long base;
    private long baseTerm;
    private final ArrayList<LogEntry> entries = new ArrayList<>();

    CompactedLog(long base, long baseTerm, List<LogEntry> after) {
        this.base = base;
        this.baseTerm = baseTerm;
        entries.addAll(after);
    }

    /** The last index the snapshot covers (0 without one). */
    long base() {
        return base;
    }

    @Override
    public long lastIndex() {
        return base + entries.size();
    }

    @Override
    public long termAt(long index) {
        if (index == base) {
            return baseTerm;
        }
        return index > base && index <= lastIndex() ? entries.get(position(index)).term() : -1;
    }

    @Override
    public LogEntry entry(long index) {
        if (index <= base || index > lastIndex()) {
            throw new IndexOutOfBoundsException("no entry " + index + ": the log holds (" + base + ", " + lastIndex() + "]");
        }
        return entries.get(position(index));
    }

    @Override
    public List<LogEntry> slice(long from, int max) {
        if (from <= base) {
            throw new IndexOutOfBoundsException("entries from " + from + " are in the snapshot through " + base);
        }
        if (from > lastIndex()) {
            return List.of();
        }
        int start = position(from);
        return new ArrayList<>(entries.subList(start, Math.min(entries.size(), start + max)));
    }

    @Override
    public void append(List<LogEntry> added) {
        entries.addAll(added);
    }

    @Override
    public void truncateFrom(long index) {
        if (index <= base) {
            throw new IllegalArgumentException("cannot truncate into the snapshot through " + base + " at " + index);
        }
        if (index <= lastIndex()) {
            entries.subList(position(index), entries.size()).clear();
        }
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
        if (keepTail) {
            entries.subList(0, position(index) + 1).clear();
        } else {
            entries.clear();
        }
        base = index;
        baseTerm = term;
        return keepTail;
    }

    private int position(long index) {
        return (int) (index - base - 1);
    }
}
