package raftlab.labrpc.storage;

import java.util.ArrayList;
import java.util.List;
import raftlab.labrpc.net.Codec;

/**
 * In-memory {@link Storage} with crash semantics. {@link #afterCrash()} yields what a restarted node
 * finds: on a reliable disk everything written (as 6.5840's Persister), on a lossy disk only what was
 * synced. The harness hands each incarnation its own copy, so a crashed "zombie" instance that keeps
 * writing cannot change what its successor reads.
 */
public final class MemoryStorage implements Storage {
    private final boolean lossy;
    private State current;
    private State synced;

    /** What is stored: immutable byte records, shared between copies. */
    private record State(byte[] hardState, List<byte[]> log, long bytes) {
        State copy() {
            return new State(hardState, new ArrayList<>(log), bytes);
        }
    }

    /** A reliable disk: nothing written is lost in a crash. */
    public MemoryStorage() {
        this(false);
    }

    /** @param lossy if true, a crash loses every write since the last {@link #sync()} */
    public MemoryStorage(boolean lossy) {
        this.lossy = lossy;
        this.current = new State(null, new ArrayList<>(), 0);
        this.synced = current.copy();
    }

    private MemoryStorage(boolean lossy, State state) {
        this.lossy = lossy;
        this.current = state.copy();
        this.synced = state.copy();
    }

    public boolean lossy() {
        return lossy;
    }

    @Override
    public synchronized HardState hardState() {
        return current.hardState == null ? HardState.INITIAL : Codec.decode(current.hardState, HardState.class);
    }

    @Override
    public synchronized void saveHardState(HardState state) {
        byte[] encoded = Codec.encodeBytes(state); // bytes: later changes to the object cannot leak in
        long old = current.hardState == null ? 0 : current.hardState.length;
        current = new State(encoded, current.log, current.bytes - old + encoded.length);
    }

    @Override
    public synchronized List<byte[]> logEntries() {
        return List.copyOf(current.log);
    }

    @Override
    public synchronized long lastLogIndex() {
        return current.log.size();
    }

    @Override
    public synchronized void appendLog(long firstIndex, List<byte[]> records) {
        if (firstIndex != current.log.size() + 1) {
            throw new IllegalArgumentException("append at " + firstIndex + " but the log ends at " + current.log.size()
                    + "; truncate first");
        }
        long added = 0;
        for (byte[] r : records) {
            current.log.add(r.clone());
            added += r.length;
        }
        current = new State(current.hardState, current.log, current.bytes + added);
    }

    @Override
    public synchronized void truncateLog(long index) {
        if (index < 1) {
            throw new IllegalArgumentException("log indexes start at 1, not " + index);
        }
        long removed = 0;
        while (current.log.size() >= index) {
            removed += current.log.remove(current.log.size() - 1).length;
        }
        current = new State(current.hardState, current.log, current.bytes - removed);
    }

    @Override
    public synchronized void sync() {
        if (lossy) {
            synced = current.copy();
        }
    }

    @Override
    public synchronized long sizeBytes() {
        return current.bytes;
    }

    /** The storage a restarted node sees. */
    public synchronized MemoryStorage afterCrash() {
        return new MemoryStorage(lossy, lossy ? synced : current);
    }
}
