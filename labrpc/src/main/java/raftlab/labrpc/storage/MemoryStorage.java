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
    /** The first log index whose record may differ between {@code current} and {@code synced}. */
    private long dirtyFrom = Long.MAX_VALUE;
    /** A snapshot was saved since the last sync: the next sync copies the whole (short) state. */
    private boolean snapshotDirty;

    /** What is stored: immutable byte records, shared between copies. */
    private static final class State {
        byte[] hardState;
        StoredSnapshot snapshot;
        long base;
        final List<byte[]> log;
        long bytes;

        State(byte[] hardState, StoredSnapshot snapshot, long base, List<byte[]> log, long bytes) {
            this.hardState = hardState;
            this.snapshot = snapshot;
            this.base = base;
            this.log = log;
            this.bytes = bytes;
        }

        State copy() {
            return new State(hardState, snapshot, base, new ArrayList<>(log), bytes);
        }

        long lastIndex() {
            return base + log.size();
        }
    }

    /** A reliable disk: nothing written is lost in a crash. */
    public MemoryStorage() {
        this(false);
    }

    /** @param lossy if true, a crash loses every write since the last {@link #sync()} */
    public MemoryStorage(boolean lossy) {
        this(lossy, new State(null, null, 0, new ArrayList<>(), 0));
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
    public synchronized long logBase() {
        return current.base;
    }

    @Override
    public synchronized long lastLogIndex() {
        return current.lastIndex();
    }

    @Override
    public synchronized void appendLog(long firstIndex, List<byte[]> records) {
        if (firstIndex != current.lastIndex() + 1) {
            throw new IllegalArgumentException("append at " + firstIndex + " but the log ends at " + current.lastIndex()
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
        if (index <= current.base) {
            throw new IllegalArgumentException("cannot truncate at " + index + ": the log starts after "
                    + current.base + (current.base == 0 ? " (indexes start at 1)" : " (the snapshot covers the rest)"));
        }
        while (current.lastIndex() >= index) {
            current.bytes -= current.log.remove(current.log.size() - 1).length;
        }
        dirtyFrom = Math.min(dirtyFrom, index);
    }

    @Override
    public synchronized void saveSnapshot(long index, long term, byte[] data, String meta) {
        if (current.snapshot != null && index <= current.snapshot.index()) {
            throw new IllegalArgumentException("snapshot at " + index + " is not newer than the one at " + current.snapshot.index());
        }
        StoredSnapshot snap = new StoredSnapshot(index, term, data.clone(), meta); // what the node does with its array later is not on disk
        int drop = (int) Math.min(current.log.size(), index - current.base);
        for (int k = 0; k < drop; k++) {
            current.bytes -= current.log.get(k).length;
        }
        current.log.subList(0, drop).clear();
        current.base = index;
        current.snapshot = snap;
        snapshotDirty = true;
    }

    @Override
    public synchronized StoredSnapshot snapshot() {
        StoredSnapshot s = current.snapshot;
        return s == null ? null : new StoredSnapshot(s.index(), s.term(), s.data().clone(), s.meta()); // nor what it does with this one
    }

    @Override
    public synchronized long snapshotBytes() {
        return current.snapshot == null ? 0 : current.snapshot.size();
    }

    /** Makes everything written durable; costs only what changed since the last sync. */
    @Override
    public synchronized void sync() {
        if (!lossy) {
            return;
        }
        synced.hardState = current.hardState;
        synced.bytes = current.bytes;
        if (snapshotDirty) {
            synced.snapshot = current.snapshot;
            synced.base = current.base;
            synced.log.clear();
            synced.log.addAll(current.log);
        } else if (dirtyFrom != Long.MAX_VALUE) {
            int keep = (int) Math.max(0, Math.min(dirtyFrom - 1 - synced.base, synced.log.size()));
            synced.log.subList(keep, synced.log.size()).clear();
            synced.log.addAll(current.log.subList(Math.min(keep, current.log.size()), current.log.size()));
        }
        dirtyFrom = Long.MAX_VALUE;
        snapshotDirty = false;
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
