package raftlab.kv;

import raftlab.labrpc.raft.Raft;

/**
 * Seam (lab 5): how the replicated state machine snapshots its service and restores it. Lab 4 never
 * snapshots ({@link #NONE}); lab 5 snapshots when Raft's durable state nears {@code maxraftstate}.
 * Both methods run with the replicated state machine's lock held, in apply order.
 */
public interface Snapshotter {
    /** Called after the command at {@code index} was applied; may call {@link Raft#snapshot}. */
    void afterApply(long index, Raft raft);

    /** Replaces the service's state with a snapshot Raft delivered (from the leader, or at restart). */
    void restore(byte[] data);

    Snapshotter NONE = new Snapshotter() {
        @Override
        public void afterApply(long index, Raft raft) {
        }

        @Override
        public void restore(byte[] data) {
            throw new IllegalStateException("a snapshot arrived, but lab 4's service takes none");
        }
    };
}
