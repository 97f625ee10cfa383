package raftlab.snapshots.kv;

import raftlab.kv.KvStore;
import raftlab.kv.Snapshotter;
import raftlab.labrpc.raft.Raft;

/**
 * Snapshots the key/value store when Raft's durable state nears {@code maxRaftState} bytes (at
 * {@link #THRESHOLD} of it, so it stays under the limit), and restores the store from a delivered
 * snapshot. With {@code maxRaftState} -1 it never snapshots.
 */
final class KvSnapshotter implements Snapshotter {
    /** Snapshot once durable Raft state reaches this fraction of the limit. */
    static final double THRESHOLD = 0.8;

    private final KvStore store;
    private final long maxRaftState;

    KvSnapshotter(KvStore store, long maxRaftState) {
        this.store = store;
        this.maxRaftState = maxRaftState;
    }

    @Override
    public void afterApply(long index, Raft raft) {
        // BEGIN SOLUTION
        if (maxRaftState > 0 && raft.persistedBytes() >= THRESHOLD * maxRaftState) {
            raft.snapshot(index, KvSnapshotCodec.encode(store.exportState()));
        }
        // ELSE STUB
        // // TODO lab 5B: snapshot the store when Raft's durable state nears maxRaftState
        // END SOLUTION
    }

    @Override
    public void restore(byte[] data) {
        // BEGIN SOLUTION
        store.importState(KvSnapshotCodec.decode(data));
        // ELSE STUB
        // // TODO lab 5B: replace the store's state with the snapshot's
        // END SOLUTION
    }
}
