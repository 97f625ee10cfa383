package raftlab.tester.monitor;

import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntFunction;
import raftlab.raft.PeerState;

/**
 * A node's term never decreases (Figure 2: currentTerm only grows), and a leader that adopts a higher
 * term stops leading: it steps down before it could ever lead that newer term. From lab 3 on, a
 * restarted node comes back with at least the highest term it answered with before its crash.
 */
public final class TermMonotonic implements Monitor {
    public static final String RULE = "a node's current term never decreases (Figure 2, rules for all servers)";
    public static final String STEP_DOWN_RULE =
            "a leader that sees a higher term steps down (Figure 2: if term > currentTerm, convert to follower)";

    public static final String DURABLE_RULE = "a restarted server's term is at least every term it answered an RPC with"
            + " (Figure 2: currentTerm is persistent, updated on stable storage before responding to RPCs)";

    private final IntFunction<PeerState> state;
    private final PeerState[] last;
    /**
     * Per peer: the highest term it answered with (from the wire; lock-free, since it is fed from
     * network threads that may hold a peer's lock), and the floor its restart must start from.
     */
    private final AtomicLongArray answered;
    private final long[] floor;

    public TermMonotonic(int peers, IntFunction<PeerState> state) {
        this.state = state;
        this.last = new PeerState[peers];
        this.answered = new AtomicLongArray(peers);
        this.floor = new long[peers];
    }

    /**
     * A restarted peer starts a new history; with {@code durable} (lab 3 on) its term must come back
     * at least as high as every term it answered with before the crash.
     */
    public synchronized void forget(int peer, boolean durable) {
        last[peer] = null;
        floor[peer] = durable ? answered.get(peer) : 0;
    }

    /** The peer lost its disk (the tester wiped it): it may come back from term 0. */
    public void wiped(int peer) {
        answered.set(peer, 0);
    }

    /** Records (from the wire) that {@code peer} answered an RPC carrying {@code term}. */
    public void answered(int peer, long term) {
        answered.accumulateAndGet(peer, term, Math::max);
    }

    @Override
    public synchronized void check(long now) {
        for (int i = 0; i < last.length; i++) {
            PeerState s = state.apply(i);
            if (s == null) {
                continue;
            }
            PeerState before = last[i];
            last[i] = s;
            if (before == null) {
                if (s.term() < floor[i]) {
                    throw new SafetyViolation(DURABLE_RULE,
                            "S" + i + " answered with term " + floor[i] + " before it crashed, but restarted in term " + s.term()
                                    + " (at " + now + " ms)",
                            List.of("currentTerm not persisted when it is adopted from a message (only when voting or campaigning)",
                                    "the hard state written but not synced before the reply",
                                    "the term restored from storage ignored on restart (starting again from 0)"));
                }
                continue;
            }
            if (s.term() < before.term()) {
                throw new SafetyViolation(RULE,
                        "S" + i + " went from term " + before.term() + " to term " + s.term() + " at " + now + " ms",
                        List.of("currentTerm assigned from a message without checking that the message's term is higher",
                                "state restored from an old copy (lab 3: persisting before updating the term)"));
            }
            if (before.leader() && s.leader() && s.term() > before.term()) {
                throw new SafetyViolation(STEP_DOWN_RULE,
                        "S" + i + " led term " + before.term() + " and, in one step, leads term " + s.term()
                                + " without an election (at " + now + " ms)",
                        List.of("adopting a higher term from an RPC or reply without converting to follower",
                                "role and term updated in different places; the higher-term path forgets the role"));
            }
        }
    }
}
