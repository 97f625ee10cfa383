// SOLUTION FILE
package raftlab.replication;

import raftlab.raft.RaftInspection;

/** What the tester's monitors read of a node's log; every read holds the node's lock. */
public class LogInspection implements RaftInspection {
    private final ReplicatingNode node;

    public LogInspection(ReplicatingNode node) {
        this.node = node;
    }

    @Override
    public long lastLogIndex() {
        synchronized (node) {
            return node.log.lastIndex();
        }
    }

    @Override
    public long logTerm(long index) {
        synchronized (node) {
            return node.log.termAt(index);
        }
    }

    @Override
    public Object logCommand(long index) {
        synchronized (node) {
            return node.log.entry(index).command().value();
        }
    }

    @Override
    public long commitIndex() {
        synchronized (node) {
            return node.commitIndex;
        }
    }

    @Override
    public long matchIndex(int peer) {
        synchronized (node) {
            return node.matchIndex(peer);
        }
    }

    @Override
    public void locked(Runnable body) {
        synchronized (node) {
            body.run();
        }
    }
}
