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
    private final State current;
    private final State synced;
    /** The first log index whose entry may differ between {@code current} and {@code synced}. */
    private long dirtyFrom = Long.MAX_VALUE;

    /** What is stored: immutable byte records, shared between copies. */
    private static final class State {
        byte[] hardState;
        final List<byte[]> log;
        long bytes;

        State(byte[] hardState, List<byte[]> log, long bytes) {
            this.hardState = hardState;
            this.log = log;
            this.bytes = bytes;
        }

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
        this(lossy, new State(null, new ArrayList<>(), 0));
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
        current.hardState = encoded;
        current.bytes += encoded.length - old;
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
        for (byte[] r : records) {
            current.log.add(r.clone());
            current.bytes += r.length;
        }
        dirtyFrom = Math.min(dirtyFrom, firstIndex);
    }

    @Override
    public synchronized void truncateLog(long index) {
        if (index < 1) {
            throw new IllegalArgumentException("log indexes start at 1, not " + index);
        }
        while (current.log.size() >= index) {
            current.bytes -= current.log.remove(current.log.size() - 1).length;
        }
        dirtyFrom = Math.min(dirtyFrom, index);
    }

    /** Makes everything written durable; costs only what changed since the last sync. */
    @Override
    public synchronized void sync() {
        if (!lossy) {
            return;
        }
        synced.hardState = current.hardState;
        synced.bytes = current.bytes;
        if (dirtyFrom != Long.MAX_VALUE) {
            int keep = (int) Math.min(dirtyFrom - 1, synced.log.size());
            synced.log.subList(keep, synced.log.size()).clear();
            synced.log.addAll(current.log.subList(Math.min(keep, current.log.size()), current.log.size()));
            dirtyFrom = Long.MAX_VALUE;
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
