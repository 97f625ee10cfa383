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

    LogSink NONE = new LogSink() {
        @Override
        public void appended(long firstIndex, List<LogEntry> entries) {
        }

        @Override
        public void truncated(long fromIndex) {
        }
    };
}
