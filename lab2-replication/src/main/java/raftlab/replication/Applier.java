package raftlab.replication;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import raftlab.election.NodeControl;
import raftlab.labrpc.raft.ApplyMsg;
import raftlab.labrpc.runtime.Runtime;

/**
 * Delivers committed entries to the service in index order, once each, and outside the node's lock:
 * the service may call back into Raft ({@code start}, lab 5's snapshot) from its apply handler
 * without deadlock. One drain runs at a time, so deliveries never interleave, even in real mode.
 */
public final class Applier {
    private final Runtime runtime;
    private final NodeControl node;
    private final RaftLog log;
    private final Consumer<ApplyMsg> service;
    private long commitIndex;
    private long lastApplied;
    private boolean draining;
    private ApplyMsg.Snapshot pendingSnapshot;

    Applier(Runtime runtime, NodeControl node, RaftLog log, Consumer<ApplyMsg> service) {
        this.runtime = runtime;
        this.node = node;
        this.log = log;
        this.service = service;
    }

    public long commitIndex() {
        return commitIndex;
    }

    /** Called with the node's lock held: everything through {@code index} is committed. */
    void commitTo(long index) {
        // BEGIN SOLUTION
        if (index <= commitIndex) {
            return;
        }
        commitIndex = index;
        if (!draining) {
            draining = true;
            runtime.execute(this::drain);
        }
        // ELSE STUB
        // // TODO lab 2: remember the new commit index and make sure a drain will deliver it.
        // END SOLUTION
    }

    /**
     * Lab 5: the service's state through {@code index} is {@code data} (a snapshot from the leader, or
     * the node's own at restart). It is delivered in order — after whatever was already handed out, and
     * before any command after {@code index}. Called with the node's lock held.
     */
    public void installSnapshot(long index, long term, byte[] data) {
        if (index <= lastApplied || pendingSnapshot != null && index <= pendingSnapshot.index()) {
            return; // the service already has this state (or a newer one is on its way)
        }
        pendingSnapshot = new ApplyMsg.Snapshot(index, term, data);
        commitIndex = Math.max(commitIndex, index);
        if (!draining) {
            draining = true;
            runtime.execute(this::drain);
        }
    }

    /** The last index handed to the service, or about to be (for lab 5: what a snapshot may cover). */
    public long lastApplied() {
        return pendingSnapshot != null ? Math.max(lastApplied, pendingSnapshot.index()) : lastApplied;
    }

    private void drain() {
        while (true) {
            List<ApplyMsg> batch = new ArrayList<>();
            synchronized (node.lock()) {
                if (!node.alive()) {
                    draining = false;
                    return;
                }
                if (pendingSnapshot != null) { // lab 5: a snapshot goes first and moves lastApplied past it
                    batch.add(pendingSnapshot);
                    lastApplied = Math.max(lastApplied, pendingSnapshot.index());
                    pendingSnapshot = null;
                }
                collectCommitted(batch);
                if (batch.isEmpty()) {
                    draining = false;
                    return;
                }
            }
            for (ApplyMsg msg : batch) {
                service.accept(msg); // outside the lock
            }
        }
    }

    /** With the lock held: adds the committed commands not yet handed out to {@code batch}, in order. */
    private void collectCommitted(List<ApplyMsg> batch) {
        // BEGIN SOLUTION
        for (long i = lastApplied + 1; i <= commitIndex; i++) {
            batch.add(new ApplyMsg.Command(i, log.entry(i).command().value()));
        }
        lastApplied = Math.max(lastApplied, commitIndex);
        // ELSE STUB
        // // TODO lab 2: collect lastApplied+1 .. commitIndex and advance lastApplied (drain() delivers them
        // // after releasing the lock).
        // END SOLUTION
    }
}
