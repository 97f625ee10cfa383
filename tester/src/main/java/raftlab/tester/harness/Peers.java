package raftlab.tester.harness;

import raftlab.raft.PeerState;
import raftlab.raft.StartResult;

/**
 * What the tester's helpers ({@link Agreement}, {@link Leaders}) read of the cluster: how many peers,
 * which are connected, their state, a command started on one, and a description for failure
 * messages. They see this view, not the whole {@link RaftCluster}.
 */
interface Peers {
    int n();

    boolean isConnected(int i);

    /** Peer i's state, or null if it is crashed. */
    PeerState stateOrNull(int i);

    StartResult startOn(int i, Object command);

    /** Every peer's state, for a failure message. */
    String describe();
}
