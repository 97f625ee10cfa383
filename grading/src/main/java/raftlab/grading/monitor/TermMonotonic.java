package raftlab.grading.monitor;

import java.util.List;
import java.util.function.IntFunction;
import raftlab.labrpc.raft.PeerState;

/**
 * A node's term never decreases (Figure 2: currentTerm only grows), and a leader that adopts a higher
 * term stops leading: it steps down before it could ever lead that newer term.
 */
public final class TermMonotonic implements Monitor {
    public static final String RULE = "a node's current term never decreases (Figure 2, rules for all servers)";
    public static final String STEP_DOWN_RULE =
            "a leader that sees a higher term steps down (Figure 2: if term > currentTerm, convert to follower)";

    private final IntFunction<PeerState> state;
    private final PeerState[] last;

    public TermMonotonic(int peers, IntFunction<PeerState> state) {
        this.state = state;
        this.last = new PeerState[peers];
    }

    /** A restarted peer starts a new history (lab 3 keeps its term through the crash). */
    public synchronized void forget(int peer) {
        last[peer] = null;
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
