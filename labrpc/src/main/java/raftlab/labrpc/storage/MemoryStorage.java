package raftlab.labrpc.storage;

import raftlab.labrpc.net.Codec;

/**
 * In-memory {@link Storage} with crash semantics: {@link #afterCrash()} yields what a restarted
 * node finds, which is exactly what was saved. The harness hands each incarnation its own copy, so
 * a crashed "zombie" instance that keeps writing cannot change what its successor reads.
 */
public final class MemoryStorage implements Storage {
    private byte[] hardState;

    public MemoryStorage() {
    }

    private MemoryStorage(MemoryStorage source) {
        synchronized (source) {
            this.hardState = source.hardState;
        }
    }

    @Override
    public synchronized HardState hardState() {
        return hardState == null ? HardState.INITIAL : Codec.decode(hardState, HardState.class);
    }

    @Override
    public synchronized void saveHardState(HardState state) {
        hardState = Codec.encodeBytes(state); // stored as bytes: later changes to the object cannot leak in
    }

    @Override
    public synchronized long sizeBytes() {
        return hardState == null ? 0 : hardState.length;
    }

    /** The storage a restarted node sees: a snapshot of everything saved so far. */
    public MemoryStorage afterCrash() {
        return new MemoryStorage(this);
    }
}
