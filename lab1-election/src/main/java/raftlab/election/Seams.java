package raftlab.election;

import raftlab.labrpc.raft.PeerEnv;

/**
 * How a lab assembles the parts it plugs into a {@link RaftNode}. Each lab writes one assembly from
 * its own parts plus the earlier labs' ones; nothing is copied forward.
 */
@FunctionalInterface
public interface Seams {

    /** Builds this node's parts. {@code node} may be kept, but not called, during assembly. */
    Parts assemble(PeerEnv env, NodeControl node);

    /**
     * @param log         what elections consult about the log (lab 2)
     * @param replication the leader's per-peer duty and the follower's AppendEntries handling (lab 2)
     * @param durability  where term and vote are kept (lab 3)
     */
    record Parts(LogView log, Replication replication, Durability durability) {
    }

    /** Lab 1: no log, heartbeats only, term and vote in memory. */
    static Seams election() {
        return (env, node) -> new Parts(LogView.EMPTY, new HeartbeatsOnly(), Durability.volatileState());
    }
}
