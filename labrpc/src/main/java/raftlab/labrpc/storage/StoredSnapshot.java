package raftlab.labrpc.storage;

/**
 * A snapshot as storage keeps it: the service's state through {@code index}, whose log entry had
 * {@code term} (the log continues at {@code index + 1}).
 */
public record StoredSnapshot(long index, long term, byte[] data) {
    public StoredSnapshot {
        if (index < 1 || term < 1) {
            throw new IllegalArgumentException("a snapshot covers index >= 1 of term >= 1, not index " + index + " term " + term);
        }
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public int size() {
        return data.length;
    }
}
