package raftlab.raft;

import java.util.List;
import java.util.concurrent.CompletableFuture;
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

    /**
     * Lab 4's optional part, ReadIndex (Raft thesis §6.4): where in the log a linearizable read may
     * be answered, without adding an entry. Completes with an index {@code i} once this peer has
     * confirmed, after this call, that it still led its term (a majority answered its AppendEntries of
     * that term sent after the call), such that every command committed before the call is at an
     * index at most {@code i}. A service that answers a read from its state once it has applied
     * through {@code i} answers linearizably.
     *
     * <p>Completes exceptionally when this peer cannot give such an index: it is not the leader, it
     * lost leadership meanwhile, or it has not yet committed an entry of its own term (until then its
     * commit index may lag what an earlier leader committed). It may stay incomplete while this peer
     * cannot reach a majority: a leader cut off in a minority never learns it was deposed, so the
     * caller needs its own deadline. Its callbacks must not run inside this peer's lock (a future
     * from {@code LabFuture.on(runtime)} runs them as tasks). Peers without it refuse every call.
     */
    default CompletableFuture<Long> readIndex() {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("ReadIndex is lab 4's optional part (ReadIndex)"));
    }

    /**
     * Leadership transfer (Raft thesis §3.10), for a planned restart of the leader: this leader stops
     * accepting commands, brings {@code target} up to date (-1: the follower whose log matches the
     * most of its own), and tells it to campaign at once. Completes once this peer has seen a newer
     * term, so someone else leads or is about to; fails if this peer does not lead, or if nobody took
     * over in time (the reference waits about three election timeouts), after which it accepts
     * commands again. Not part of the
     * labs: the reference implements it for the real server; other peers refuse every call.
     */
    default CompletableFuture<Void> transferLeadership(int target) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("this Raft does not transfer leadership"));
    }

    /**
     * Lab 5's optional part, membership changes (Raft thesis §4), one server at a time: this leader
     * appends the configuration that {@code change} makes of its current one and completes with it
     * once that entry has committed. A configuration takes effect on each peer as soon as the peer
     * appends it, committed or not. A new peer joins as a learner and is promoted once it has caught
     * up ({@link MembershipChange.Kind#PROMOTE} waits for that, up to a bound); a removed leader steps
     * down once its removal has committed.
     *
     * <p>Fails at once when this peer does not lead, when the change does not apply to the current
     * configuration, or while an earlier change is unfinished (appended and not committed, or a
     * promotion still waiting for its learner) or no entry of this leader's term has committed (§4.1,
     * and the fix to the thesis' single-server algorithm: a new leader must commit an entry of its
     * own term first). Fails later if leadership is lost before the change commits (it may still
     * commit: ask {@link #membership()}), or if a learner to promote does not catch up in time. Peers
     * without the part refuse every call.
     */
    default CompletableFuture<Membership> changeMembership(MembershipChange change) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("membership changes are lab 5's optional part"));
    }

    /**
     * The configuration this peer uses now: the latest its log holds, else its snapshot's, else
     * {@link PeerEnv#members()} (so a spare that was never added answers {@link Membership#NONE}).
     * Null only from a peer that does not implement membership changes.
     */
    default Membership membership() {
        return null;
    }

    /** The RPC services this peer serves to the other peers. */
    List<Service<?>> services();

    /** A view of the log for the tester's monitors, or null if this peer has no log yet (lab 1). */
    default RaftInspection inspect() {
        return null;
    }
}
