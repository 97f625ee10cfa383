package raftlab.election;

import java.util.function.Function;
import raftlab.labrpc.raft.PeerEnv;

/**
 * The parts of a {@link RaftNode} that later labs supply. Each lab composes the node from its own
 * parts plus the earlier labs' ones; nothing is copied forward.
 *
 * @param log         what elections consult about the log (lab 2)
 * @param replication the leader's per-peer duty and the follower's AppendEntries handling (lab 2)
 * @param durability  where term and vote are kept (lab 3)
 */
public record Seams(Function<PeerEnv, LogView> log,
                    Function<PeerEnv, Replication> replication,
                    Function<PeerEnv, Durability> durability) {

    /** Lab 1: no log, heartbeats only, term and vote in memory. */
    public static Seams election() {
        return new Seams(env -> LogView.EMPTY, env -> new HeartbeatsOnly(), env -> Durability.volatileState());
    }
}
