package raftlab.labrpc.storage;

/**
 * A snapshot as storage keeps it: the service's state through {@code index}, whose log entry had
 * {@code term} (the log continues at {@code index + 1}), and {@code meta}, Raft's own state at that
 * index that the log no longer holds (see {@link Storage#saveSnapshot(long, long, byte[], String)};
 * null if none).
 *
 * <p>{@code data} is not copied: a snapshot can be most of a real node's heap, and a copy per
 * holder (storage, each follower's transfer, the service) would multiply it. Treat it as read-only.
 * The lab's {@link MemoryStorage} keeps copies of its own, so a node that does change an array it
 * saved or read cannot change what the simulated disk holds.
 */
public record StoredSnapshot(long index, long term, byte[] data, String meta) {
    public StoredSnapshot(long index, long term, byte[] data) {
        this(index, term, data, null);
    }

    public StoredSnapshot {
        if (index < 1 || term < 1) {
            throw new IllegalArgumentException("a snapshot covers index >= 1 of term >= 1, not index " + index + " term " + term);
        }
    }

    public int size() {
        return data.length;
    }
}
