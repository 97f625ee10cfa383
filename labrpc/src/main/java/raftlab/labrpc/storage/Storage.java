package raftlab.labrpc.storage;

import java.util.List;

/**
 * A node's durable storage: the hard state (term, vote) and the log, append-oriented rather than a
 * whole-state blob. Writes are staged; {@link #sync()} makes everything written so far durable. On a
 * lossy disk (lab 3's tests) a crash keeps only what was synced; call {@code sync()} before replying
 * to or sending anything that relies on what you wrote.
 *
 * <p>Log entries are opaque byte records to storage; index 1 is the first entry (lab 5 adds a
 * snapshot base).
 */
public interface Storage {

    /** The last hard state saved, or {@link HardState#INITIAL} on a fresh node. */
    HardState hardState();

    /** Stages term and vote. */
    void saveHardState(HardState state);

    /** The log's records, index 1 first. */
    List<byte[]> logEntries();

    /** Index of the last log record (0 if none). */
    long lastLogIndex();

    /** Stages {@code records} at {@code firstIndex}, {@code firstIndex + 1}, ...; {@code firstIndex} must be {@code lastLogIndex() + 1}. */
    void appendLog(long firstIndex, List<byte[]> records);

    /** Stages the removal of every record at {@code index} or later. */
    void truncateLog(long index);

    /** Makes everything staged durable; returns when a crash would keep it. */
    void sync();

    /** Bytes of durable Raft state (hard state and log records). */
    long sizeBytes();
}
