package raftlab.election;

import java.util.List;
import raftlab.labrpc.net.Service;

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
     * @param compaction  what a snapshot of the service does to the log (lab 5)
     * @param services    RPC services the parts serve besides {@link RaftRpc} (lab 5's InstallSnapshot)
     */
    record Parts(LogView log, Replication replication, Durability durability, Compaction compaction,
                 List<Service<?>> services) {
        public Parts {
            services = List.copyOf(services);
        }

        /** Parts without compaction or extra RPCs (labs 1–4). */
        public Parts(LogView log, Replication replication, Durability durability) {
            this(log, replication, durability, Compaction.NONE, List.of());
        }
    }

    /** Lab 1: no log, heartbeats only, term and vote in memory. */
    static Seams election() {
        return (env, node) -> new Parts(LogView.EMPTY, new HeartbeatsOnly(), Durability.volatileState());
    }
}
