// SOLUTION FILE
package raftlab.snapshots.kv;

import java.util.List;
import java.util.SortedMap;
import raftlab.kv.KvEnv;
import raftlab.kvservice.ReplicatedStateMachine;
import raftlab.raft.ApplyMsg;
import raftlab.raft.Raft;

/**
 * Lab 4's replicated state machine with snapshots: after an apply that brings Raft's durable state
 * to {@link #THRESHOLD} of {@code maxRaftState} it hands Raft a snapshot (so the state stays under the
 * limit), and a snapshot Raft delivers replaces the state machine's state. With {@code maxRaftState}
 * -1 it never snapshots.
 */
final class SnapshottingStateMachine extends ReplicatedStateMachine {
    /** Snapshot once durable Raft state reaches this fraction of the limit. */
    static final double THRESHOLD = 0.8;

    private final Snapshottable machine;
    private final long maxRaftState;

    SnapshottingStateMachine(KvEnv env, Snapshottable machine) {
        super(env, machine);
        this.machine = machine;
        this.maxRaftState = env.maxRaftState();
    }

    @Override
    protected void deliver(ApplyMsg msg, List<Runnable> answers) {
        if (msg instanceof ApplyMsg.Snapshot snapshot) {
            restore(snapshot, answers);
            return;
        }
        long before = lastApplied;
        super.deliver(msg, answers);
        Raft raft = raft();
        if (lastApplied > before && maxRaftState > 0 && raft.persistedBytes() >= THRESHOLD * maxRaftState) {
            raft.snapshot(lastApplied, machine.snapshot());
        }
    }

    /** The state becomes the snapshot's; submissions it covers can no longer be told their answers. */
    private void restore(ApplyMsg.Snapshot snapshot, List<Runnable> answers) {
        if (snapshot.index() <= lastApplied) {
            return;
        }
        machine.restore(snapshot.data());
        lastApplied = snapshot.index();
        SortedMap<Long, Waiting> covered = waiting.headMap(snapshot.index(), true);
        covered.values().forEach(w -> answers.add(w.fail("overtaken by a snapshot through " + snapshot.index())));
        covered.clear();
    }
}
