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
final class Applier {
    private final Runtime runtime;
    private final NodeControl node;
    private final RaftLog log;
    private final Consumer<ApplyMsg> service;
    private long commitIndex;
    private long lastApplied;
    private boolean draining;

    Applier(Runtime runtime, NodeControl node, RaftLog log, Consumer<ApplyMsg> service) {
        this.runtime = runtime;
        this.node = node;
        this.log = log;
        this.service = service;
    }

    long commitIndex() {
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

    private void drain() {
        // BEGIN SOLUTION
        while (true) {
            List<ApplyMsg> batch = new ArrayList<>();
            synchronized (node.lock()) {
                if (!node.alive() || lastApplied >= commitIndex) {
                    draining = false;
                    return;
                }
                for (long i = lastApplied + 1; i <= commitIndex; i++) {
                    batch.add(new ApplyMsg.Command(i, log.entry(i).command().value()));
                }
                lastApplied = commitIndex;
            }
            for (ApplyMsg msg : batch) {
                service.accept(msg); // outside the lock
            }
        }
        // ELSE STUB
        // // TODO lab 2: deliver lastApplied+1 .. commitIndex in order, without holding the lock while delivering.
        // END SOLUTION
    }
}
