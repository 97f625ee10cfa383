package raftlab.replication;

import java.util.ArrayList;
import java.util.List;
import raftlab.election.LogEntry;
import raftlab.election.LogView;

/**
 * The replicated log. Indexes start at 1; the log holds the entries after {@code base} (0 until lab 5
 * compacts a prefix into a snapshot, after which {@code base} is the snapshot's last index and
 * {@code baseTerm} its term). Keeping that offset from the start is what lets lab 5 discard a
 * prefix without rewriting this class.
 */
public final class RaftLog implements LogView {
    private final LogSink sink;
    /** Entries through this index would survive a crash (the leader's own appends wait for {@link #flush()}). */
    private long durable;
    private long base;
    private long baseTerm;
    private final ArrayList<LogEntry> entries = new ArrayList<>();

    public RaftLog(LogSink sink) {
        this.sink = new LogSink() { // tracks what is durable, whatever the lab code calls
            @Override
            public void appended(long firstIndex, List<LogEntry> added) {
                sink.appended(firstIndex, added);
                durable = firstIndex + added.size() - 1;
            }

            @Override
            public void truncated(long fromIndex) {
                sink.truncated(fromIndex);
                durable = Math.min(durable, fromIndex - 1);
            }

            @Override
            public void staged(long firstIndex, List<LogEntry> added) {
                sink.staged(firstIndex, added);
            }

            @Override
            public void flush() {
                sink.flush();
                durable = lastIndex();
            }
        };
    }

    /** A log restored from storage: entries after {@code base}, whose term is {@code baseTerm}. */
    public RaftLog(LogSink sink, long base, long baseTerm, List<LogEntry> restored) {
        this(sink);
        this.base = base;
        this.baseTerm = baseTerm;
        this.entries.addAll(restored);
        this.durable = lastIndex();
    }

    /** The index before the first entry held (0, or the snapshot's last index). */
    public long base() {
        return base;
    }

    @Override
    public long lastIndex() {
        return base + entries.size();
    }

    @Override
    public long lastTerm() {
        return entries.isEmpty() ? baseTerm : entries.get(entries.size() - 1).term();
    }

    /** The term at {@code index}: {@code baseTerm} at the base, -1 if compacted away. */
    public long termAt(long index) {
        if (index == base) {
            return baseTerm;
        }
        if (index < base) {
            return -1;
        }
        return entry(index).term();
    }

    public LogEntry entry(long index) {
        if (index <= base || index > lastIndex()) {
            throw new IndexOutOfBoundsException("index " + index + " outside (" + base + ", " + lastIndex() + "]");
        }
        return entries.get((int) (index - base - 1));
    }

    /** Entries {@code from .. lastIndex()} (a copy). */
    public List<LogEntry> from(long from) {
        // BEGIN SOLUTION
        if (from > lastIndex()) {
            return List.of();
        }
        return new ArrayList<>(entries.subList((int) (from - base - 1), entries.size()));
        // ELSE STUB
        // return List.of(); // TODO lab 2
        // END SOLUTION
    }

    /**
     * The leader appends one entry at the end; returns its index. The entry is durable only after the
     * next {@link #flush()}: the leader may replicate it meanwhile, but must not count its own copy.
     */
    public long append(LogEntry entry) {
        entries.add(entry);
        sink.staged(lastIndex(), List.of(entry));
        return lastIndex();
    }

    /** Makes the leader's staged entries durable (one sync for all of them); returns the durable index. */
    public long flush() {
        sink.flush();
        return durableIndex();
    }

    /** The last index that would survive a crash (at least the snapshot's). */
    public long durableIndex() {
        return Math.max(base, Math.min(durable, lastIndex()));
    }

    /** Removes every entry at {@code index} or later. */
    public void truncateFrom(long index) {
        // BEGIN SOLUTION
        if (index <= base) {
            throw new IllegalArgumentException("cannot truncate into the compacted prefix at " + index);
        }
        if (index > lastIndex()) {
            return;
        }
        entries.subList((int) (index - base - 1), entries.size()).clear();
        sink.truncated(index);
        // ELSE STUB
        // // TODO lab 2
        // END SOLUTION
    }

    /**
     * Merges entries a leader sent after {@code prevIndex} (whose term already matched): an entry that
     * conflicts with ours (same index, other term) removes ours and everything after it; entries we
     * already hold are kept as they are, so a stale, shorter AppendEntries never truncates the log.
     */
    public void merge(long prevIndex, List<LogEntry> incoming) {
        // BEGIN SOLUTION
        for (int i = 0; i < incoming.size(); i++) {
            long index = prevIndex + 1 + i;
            if (index <= base) {
                continue; // already covered by the snapshot
            }
            if (index <= lastIndex()) {
                if (termAt(index) == incoming.get(i).term()) {
                    continue;
                }
                truncateFrom(index);
            }
            List<LogEntry> rest = incoming.subList(i, incoming.size());
            long first = lastIndex() + 1;
            entries.addAll(rest);
            sink.appended(first, List.copyOf(rest));
            return;
        }
        // ELSE STUB
        // // TODO lab 2: Figure 2, AppendEntries receiver rules 3 and 4
        // END SOLUTION
    }

    /**
     * Lab 5: everything through {@code index} (whose entry has {@code term}) is now in a snapshot.
     * Drops those entries and keeps the rest; if the log ended before {@code index}, or its entry there
     * is of another term, nothing after {@code index} can be trusted and the whole log is dropped
     * (Figure 13, steps 6–7). Storage is the caller's business (it saves the snapshot with the log).
     *
     * @return true if entries after {@code index} were kept
     */
    public boolean compactThrough(long index, long term) {
        if (index <= base) {
            return true;
        }
        boolean keepTail = index < lastIndex() && termAt(index) == term;
        if (keepTail) {
            entries.subList(0, (int) (index - base)).clear();
        } else {
            entries.clear();
        }
        base = index;
        baseTerm = term;
        return keepTail;
    }

    /** The first index of the run of {@code term} that ends at {@code index} (for the fast backup). */
    public long firstIndexOfTerm(long term, long index) {
        long i = index;
        while (i - 1 > base && termAt(i - 1) == term) {
            i--;
        }
        return i;
    }

    /** The last index holding {@code term}, or -1 if no entry of that term is in the log. */
    public long lastIndexOfTerm(long term) {
        for (long i = lastIndex(); i > base; i--) {
            long t = termAt(i);
            if (t == term) {
                return i;
            }
            if (t < term) {
                return -1; // terms only grow along the log
            }
        }
        return term == baseTerm ? base : -1;
    }

    @Override
    public boolean candidateUpToDate(long candidateLastIndex, long candidateLastTerm) {
        // BEGIN SOLUTION
        return candidateLastTerm > lastTerm() || candidateLastTerm == lastTerm() && candidateLastIndex >= lastIndex();
        // ELSE STUB
        // return true; // TODO lab 2: the election restriction of §5.4.1
        // END SOLUTION
    }
}
