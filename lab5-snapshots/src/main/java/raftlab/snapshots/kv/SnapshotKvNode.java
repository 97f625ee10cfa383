package raftlab.snapshots.kv;

import raftlab.kv.KvEnv;
import raftlab.kvservice.KvNode;

/**
 * Lab 5, part B: your lab 4 replica, snapshotted. When Raft's durable state nears
 * {@code env.maxRaftState()} bytes, the replica hands Raft a snapshot of its state (the keys and
 * everything exactly-once needs), and when Raft delivers a snapshot (from the leader, or at restart)
 * the replica's state becomes the snapshot's.
 *
 * <p>When to snapshot, what the snapshot holds and how it is encoded, and what a replica does with
 * the requests waiting on it when a snapshot overtakes them are yours to design; so is how this
 * builds on your lab 4 code.
 */
public class SnapshotKvNode extends KvNode {
    public SnapshotKvNode(KvEnv env) {
        // BEGIN SOLUTION
        this(env, new SnapshotKvStore(env.capacity()));
    }

    private SnapshotKvNode(KvEnv env, SnapshotKvStore store) {
        super(store, new SnapshottingStateMachine(env, store));
        // ELSE STUB
        // super(env);
        // END SOLUTION
    }
}
