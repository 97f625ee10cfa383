package raftlab.labrpc.storage;

import java.util.List;

/**
 * A node's durable storage: the hard state (term, vote) and the log, append-oriented rather than a
 * whole-state blob. Writes are staged; {@link #sync()} makes everything written so far durable. On a
 * lossy disk (lab 3's tests) a crash keeps only what was synced; call {@code sync()} before replying
 * to or sending anything that relies on what you wrote.
 *
 * <p>Log entries are opaque byte records to storage. Without a snapshot the log starts at index 1;
 * once a snapshot covers a prefix (lab 5), the log holds the records after {@link #logBase()}, and
 * the snapshot and the log tail are saved, synced and lost in a crash together.
 */
public interface Storage {

    /** The last hard state saved, or {@link HardState#INITIAL} on a fresh node. */
    HardState hardState();

    /** Stages term and vote. */
    void saveHardState(HardState state);

    /** The log's records, index {@code logBase() + 1} first. */
    List<byte[]> logEntries();

    /** The index just before the first record: 0, or the last index the snapshot covers. */
    default long logBase() {
        return 0;
    }

    /** Index of the last log record (0 if none). */
    long lastLogIndex();

    /** Stages {@code records} at {@code firstIndex}, {@code firstIndex + 1}, ...; {@code firstIndex} must be {@code lastLogIndex() + 1}. */
    void appendLog(long firstIndex, List<byte[]> records);

    /** Stages the removal of every record at {@code index} or later ({@code index > logBase()}). */
    void truncateLog(long index);

    /**
     * Stages a snapshot of everything through {@code index} (whose entry had {@code term}) and drops
     * the records it covers: the log continues at {@code index + 1}, keeping any records already
     * there. A snapshot at or before the current one is refused.
     */
    default void saveSnapshot(long index, long term, byte[] data) {
        saveSnapshot(index, term, data, null);
    }

    /**
     * As {@link #saveSnapshot(long, long, byte[])}, with {@code meta}: Raft's own state at {@code index}
     * that its log no longer holds once the snapshot replaces it (the configuration, when membership
     * changes: lab 5's optional part), encoded by the peer; null if none. Saved, synced and lost with
     * the snapshot.
     */
    default void saveSnapshot(long index, long term, byte[] data, String meta) {
        throw new UnsupportedOperationException("this storage keeps no snapshots");
    }

    /** The latest snapshot saved, or null. */
    default StoredSnapshot snapshot() {
        return null;
    }

    /** Bytes of the snapshot (0 if none). */
    default long snapshotBytes() {
        return 0;
    }

    /** Makes everything staged durable; returns when a crash would keep it. */
    void sync();

    /** Bytes of durable Raft state: hard state and log records, not the snapshot (6.5840's RaftStateSize). */
    long sizeBytes();
}
