// SOLUTION FILE
package raftlab.persistence;

import java.util.ArrayList;
import java.util.List;
import raftlab.election.LogEntry;
import raftlab.labrpc.net.Codec;
import raftlab.labrpc.storage.Storage;
import raftlab.replication.Log;

/**
 * A log whose appends and truncations are also written to storage, one record per entry (its JSON
 * encoding). Writes are staged: the node decides when to sync, and must before it acts on what it
 * wrote. (Lab 5's compaction saves its snapshot to storage itself.)
 */
public final class DurableLog implements Log {
    private final Storage storage;
    private final Log log;
    /** Entries through this index survive a crash (the last sync covered them, and none was truncated since). */
    private long durableThrough;
    /** Appends and truncations so far, truncations alone, and how many writes the last full sync covered. */
    private long writes;
    private long truncations;
    private long syncedWrites;

    DurableLog(Storage storage, Log log) {
        this.storage = storage;
        this.log = log;
        this.durableThrough = log.lastIndex(); // restored from storage: durable by definition
    }

    /** The entries {@code storage} holds, decoded. */
    public static List<LogEntry> restore(Storage storage) {
        List<LogEntry> entries = new ArrayList<>();
        for (byte[] record : storage.logEntries()) {
            entries.add(Codec.decode(record, LogEntry.class));
        }
        return entries;
    }

    /** Something was written since the last sync that covered everything. */
    boolean unsynced() {
        return writes != syncedWrites;
    }

    /** The node synced storage: everything written so far is durable. */
    void synced() {
        syncedWrites = writes;
        durableThrough = log.lastIndex();
    }

    /** Where the log stood when a sync began, for a sync made outside the node's lock ({@link #syncedUpTo}). */
    record Mark(long writes, long truncations, long lastIndex) {
    }

    Mark mark() {
        return new Mark(writes, truncations, log.lastIndex());
    }

    /**
     * A sync that began at {@code m} is done: what was written by then is durable. Entries appended
     * since may not be (they wait for the next sync); after a truncation since, the entries the mark
     * counted may be gone, and the truncation already lowered what is durable.
     */
    void syncedUpTo(Mark m) {
        if (m.writes() == writes) {
            synced();
        } else if (m.truncations() == truncations) {
            durableThrough = Math.max(durableThrough, m.lastIndex());
        }
    }

    long durableThrough() {
        return Math.min(durableThrough, log.lastIndex()); // lab 5's install may drop entries the log held
    }

    @Override
    public void append(List<LogEntry> entries) {
        List<byte[]> records = new ArrayList<>(entries.size());
        for (LogEntry e : entries) {
            records.add(Codec.encodeBytes(e));
        }
        storage.appendLog(log.lastIndex() + 1, records);
        log.append(entries);
        writes++;
    }

    @Override
    public void truncateFrom(long index) {
        if (index <= log.lastIndex()) {
            storage.truncateLog(index);
            log.truncateFrom(index);
            durableThrough = Math.min(durableThrough, index - 1);
            writes++;
            truncations++;
        }
    }

    @Override
    public long lastIndex() {
        return log.lastIndex();
    }

    @Override
    public long termAt(long index) {
        return log.termAt(index);
    }

    @Override
    public LogEntry entry(long index) {
        return log.entry(index);
    }

    @Override
    public List<LogEntry> slice(long from, int max) {
        return log.slice(from, max);
    }
}
