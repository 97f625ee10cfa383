package raftlab.replication;

import java.util.List;
import raftlab.election.LogEntry;

/**
 * Seam: told of every change to the log, in order. Lab 2 keeps the log in memory ({@link #NONE});
 * lab 3 writes each change to durable storage before the change is acted on.
 */
public interface LogSink {
    /** {@code entries} now occupy {@code firstIndex, firstIndex+1, ...} (the log's new end). */
    void appended(long firstIndex, List<LogEntry> entries);

    /** Every entry at {@code fromIndex} or later was removed. */
    void truncated(long fromIndex);

    /**
     * The leader's own new entries: they must be durable by the next {@link #flush()}, not yet. The
     * leader sends them to its followers meanwhile and counts its own copy only once flushed, so one
     * flush covers every command that arrived in between (group commit, Raft thesis §10.2.1).
     * By default they are made durable at once, which is correct, only slower.
     */
    default void staged(long firstIndex, List<LogEntry> entries) {
        appended(firstIndex, entries);
    }

    /** Makes every staged entry durable. */
    default void flush() {
    }

    LogSink NONE = new LogSink() {
        @Override
        public void appended(long firstIndex, List<LogEntry> entries) {
        }

        @Override
        public void truncated(long fromIndex) {
        }
    };
}
