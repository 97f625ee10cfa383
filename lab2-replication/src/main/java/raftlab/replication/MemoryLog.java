// SOLUTION FILE
package raftlab.replication;

import java.util.ArrayList;
import java.util.List;
import raftlab.election.LogEntry;

/** The log in memory: entry {@code i} at position {@code i - 1}. */
public final class MemoryLog implements Log {
    private final ArrayList<LogEntry> entries = new ArrayList<>();

    public MemoryLog() {
    }

    public MemoryLog(List<LogEntry> restored) {
        entries.addAll(restored);
    }

    @Override
    public long lastIndex() {
        return entries.size();
    }

    @Override
    public long termAt(long index) {
        if (index == 0) {
            return 0;
        }
        return index > 0 && index <= entries.size() ? entries.get((int) index - 1).term() : -1;
    }

    @Override
    public LogEntry entry(long index) {
        if (index < 1 || index > entries.size()) {
            throw new IndexOutOfBoundsException("no entry " + index + " in a log of " + entries.size());
        }
        return entries.get((int) index - 1);
    }

    @Override
    public List<LogEntry> slice(long from, int max) {
        if (from > entries.size()) {
            return List.of();
        }
        int start = (int) Math.max(from, 1) - 1;
        return new ArrayList<>(entries.subList(start, (int) Math.min(entries.size(), (long) start + max)));
    }

    @Override
    public void append(List<LogEntry> added) {
        entries.addAll(added);
    }

    @Override
    public void truncateFrom(long index) {
        if (index < 1) {
            throw new IllegalArgumentException("cannot truncate from index " + index);
        }
        if (index <= entries.size()) {
            entries.subList((int) index - 1, entries.size()).clear();
        }
    }
}
