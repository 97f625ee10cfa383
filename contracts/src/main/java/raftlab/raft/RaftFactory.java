package raftlab.raft;

/** Makes one Raft peer; must return quickly (long-running work goes on timers). */
@FunctionalInterface
public interface RaftFactory {
    Raft make(PeerEnv env);
}
