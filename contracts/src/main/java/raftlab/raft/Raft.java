package raftlab.raft;

import java.util.List;
import raftlab.labrpc.net.Service;

/**
 * The contract the tester drives a Raft peer through, and nothing else: the tester never reads a
 * peer's internals. (It mirrors 6.5840's {@code Start}, {@code GetState}, {@code Kill} and
 * {@code PersistBytes}.)
 */
public interface Raft {

    /**
     * Asks this peer to append {@code command} to the replicated log. Returns at once, whether or not
     * the command will ever commit: the index it would occupy, the current term, and whether this
     * peer believes it is the leader. A non-leader returns {@link StartResult#notLeader}.
     */
    StartResult start(Object command);

    /** The current term and whether this peer believes it is the leader. */
    PeerState state();

    /** Stops the peer: no more timers, RPCs or applies. Called when the tester crashes it. */
    void kill();

    /** Bytes of durable Raft state this peer keeps (log and hard state, not the snapshot). */
    long persistedBytes();

    /**
     * The service's word that {@code data} holds its state through {@code index}: Raft may discard
     * its log through that index, keeping the snapshot in its place (6.5840's {@code Snapshot}). The
     * service may call this from its apply handler. Lab 5 implements it; earlier labs keep the log.
     */
    default void snapshot(long index, byte[] data) {
        throw new UnsupportedOperationException("log compaction arrives in lab 5");
    }

    /** The RPC services this peer serves to the other peers. */
    List<Service<?>> services();

    /** A view of the log for the tester's monitors, or null if this peer has no log yet (lab 1). */
    default RaftInspection inspect() {
        return null;
    }
}
