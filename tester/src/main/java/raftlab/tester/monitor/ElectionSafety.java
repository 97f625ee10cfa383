package raftlab.tester.monitor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import raftlab.raft.PeerState;

/**
 * Election Safety (Figure 3): at most one leader can be elected in a given term. Remembers, for all
 * time, who led each term, so two leaders of one term are caught even if they never overlapped.
 *
 * <p>With durable peers (lab 3 on) it also catches one peer leading the same term twice, across a
 * restart: that needs a campaign its storage forgot, and is named as such before the second reign's
 * fresh leader state trips a log monitor with a misleading blame.
 */
public final class ElectionSafety implements Monitor {
    public static final String RULE = "Election Safety — at most one leader per term (Figure 3, §5.2)";
    public static final String ONCE_RULE = "a server leads a term at most once: the term and vote a candidate campaigns "
            + "with are on stable storage before it asks for votes (Figure 2: persistent state, updated before responding to RPCs)";

    /** Who led a term, and in which of its lives (restarts since the start, or since its disk was wiped). */
    private record Reign(int peer, int life) {
    }

    private final int peers;
    private final IntFunction<PeerState> state;
    private final boolean durable;
    private final Map<Long, Reign> leaderOfTerm = new HashMap<>();
    private final int[] life;

    /**
     * @param state   the current state of peer i, or null if it is down
     * @param durable whether peers keep their term across restarts (lab 3 on), so one leading a term twice is a bug
     */
    public ElectionSafety(int peers, IntFunction<PeerState> state, boolean durable) {
        this.peers = peers;
        this.state = state;
        this.durable = durable;
        this.life = new int[peers];
    }

    /** Peer i is restarting: what it leads from now on is another life's. */
    public synchronized void restarting(int peer) {
        life[peer]++;
    }

    /** Peer i lost its disk: it may lead terms it led before, as the fresh node it now is. */
    public synchronized void wiped(int peer) {
        leaderOfTerm.values().removeIf(r -> r.peer() == peer);
    }

    @Override
    public synchronized void check(long now) {
        for (int i = 0; i < peers; i++) {
            PeerState s = state.apply(i);
            if (s == null || !s.leader()) {
                continue;
            }
            Reign previous = leaderOfTerm.putIfAbsent(s.term(), new Reign(i, life[i]));
            if (previous == null) {
                continue;
            }
            if (previous.peer() != i) {
                throw new SafetyViolation(RULE,
                        "S" + previous.peer() + " and S" + i + " both lead term " + s.term() + " (at " + now + " ms)",
                        List.of("a voter grants two votes in one term (check votedFor before granting; reset it only on a new term)",
                                "a candidate counts votes from an older election (check the reply's term against the election's)",
                                "votes are counted per reply, not per peer, so a duplicated reply counts twice"));
            }
            if (durable && previous.life() != life[i]) {
                throw new SafetyViolation(ONCE_RULE,
                        "S" + i + " led term " + s.term() + " before it restarted, and leads term " + s.term()
                                + " again after it (at " + now + " ms): its storage forgot that it had campaigned in that term",
                        List.of("the candidate's new term (and its vote for itself) not persisted before RequestVote goes out",
                                "the hard state written but not synced before the votes are requested",
                                "the term restored from storage ignored on restart (starting again from an older term)"));
            }
        }
    }
}
