package raftlab.tester.monitor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import raftlab.raft.PeerState;

/**
 * Election Safety (Figure 3): at most one leader can be elected in a given term. Remembers, for all
 * time, who led each term, so two leaders of one term are caught even if they never overlapped.
 */
public final class ElectionSafety implements Monitor {
    public static final String RULE = "Election Safety — at most one leader per term (Figure 3, §5.2)";

    private final int peers;
    private final IntFunction<PeerState> state;
    private final Map<Long, Integer> leaderOfTerm = new HashMap<>();

    /** @param state the current state of peer i, or null if it is down */
    public ElectionSafety(int peers, IntFunction<PeerState> state) {
        this.peers = peers;
        this.state = state;
    }

    @Override
    public synchronized void check(long now) {
        for (int i = 0; i < peers; i++) {
            PeerState s = state.apply(i);
            if (s == null || !s.leader()) {
                continue;
            }
            Integer previous = leaderOfTerm.putIfAbsent(s.term(), i);
            if (previous != null && previous != i) {
                throw new SafetyViolation(RULE,
                        "S" + previous + " and S" + i + " both lead term " + s.term() + " (at " + now + " ms)",
                        List.of("a voter grants two votes in one term (check votedFor before granting; reset it only on a new term)",
                                "a candidate counts votes from an older election (check the reply's term against the election's)",
                                "votes are counted per reply, not per peer, so a duplicated reply counts twice"));
            }
        }
    }
}
