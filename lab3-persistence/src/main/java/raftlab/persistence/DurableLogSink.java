package raftlab.persistence;

import java.util.ArrayList;
import java.util.List;
import raftlab.election.LogEntry;
import raftlab.labrpc.net.Codec;
import raftlab.labrpc.storage.Storage;
import raftlab.replication.LogSink;

/**
 * Writes every change of the replicated log through to storage, durably, before the change is acted
 * on: a follower acknowledges entries, and a leader replicates them, only after they would survive a
 * crash. Entries are stored as their JSON encoding, one record per entry.
 */
final class DurableLogSink implements LogSink {
    private final Storage storage;

    DurableLogSink(Storage storage) {
        this.storage = storage;
    }

    @Override
    public void appended(long firstIndex, List<LogEntry> entries) {
        // BEGIN SOLUTION
        storage.appendLog(firstIndex, records(entries));
        storage.sync();
        // ELSE STUB
        // // TODO lab 3: append the entries to storage, durably
        // END SOLUTION
    }

    @Override
    public void truncated(long fromIndex) {
        // BEGIN SOLUTION
        storage.truncateLog(fromIndex);
        storage.sync();
        // ELSE STUB
        // // TODO lab 3: truncate the stored log, durably
        // END SOLUTION
    }

    /** The leader's own entries: written now, forced by the next {@link #flush()} (one sync for a burst). */
    @Override
    public void staged(long firstIndex, List<LogEntry> entries) {
        storage.appendLog(firstIndex, records(entries));
    }

    @Override
    public void flush() {
        storage.sync();
    }

    /** One storage record per entry: its JSON encoding. */
    static List<byte[]> records(List<LogEntry> entries) {
        List<byte[]> records = new ArrayList<>(entries.size());
        for (LogEntry e : entries) {
            records.add(Codec.encodeBytes(e));
        }
        return records;
    }

    /** The log as stored, for a restarting node. */
    static List<LogEntry> restore(Storage storage) {
        List<LogEntry> entries = new ArrayList<>();
        // BEGIN SOLUTION
        for (byte[] record : storage.logEntries()) {
            entries.add(Codec.decode(record, LogEntry.class));
        }
        // ELSE STUB
        // // TODO lab 3: decode the stored records
        // END SOLUTION
        return entries;
    }
}
