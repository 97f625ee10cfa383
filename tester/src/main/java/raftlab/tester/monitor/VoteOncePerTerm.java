package raftlab.tester.monitor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A voter grants at most one vote per term (Figure 2, RequestVote rule 2). Fed from the wire: every
 * granted vote a handler produced, whether or not its reply arrived. It is called from the network,
 * where throwing would be lost, so the violation surfaces through {@link #asMonitor()}.
 */
public final class VoteOncePerTerm {
    public static final String RULE = "a server votes for at most one candidate per term (Figure 2, RequestVote)";

    private final Map<String, Integer> votes = new HashMap<>();
    private volatile SafetyViolation violation;

    /** Records that {@code voter} granted its vote to {@code candidate} in {@code term}. */
    public synchronized void granted(int voter, int candidate, long term, long now) {
        Integer previous = votes.putIfAbsent(voter + "/" + term, candidate);
        if (previous != null && previous != candidate && violation == null) {
            violation = new SafetyViolation(RULE,
                    "S" + voter + " granted its term-" + term + " vote to S" + previous + " and then to S" + candidate
                            + " (at " + now + " ms)",
                    List.of("votedFor not checked before granting (grant only if votedFor is null or the same candidate)",
                            "votedFor reset when the term did not change (reset it only when adopting a higher term)",
                            "lab 3: votedFor not persisted, so a restarted voter forgets its vote"));
        }
    }

    /** Records that {@code voter} granted a pre-vote for {@code asked} while answering term {@code answered}. */
    public synchronized void preVoteMovedTerm(int voter, long asked, long answered, long now) {
        if (violation == null) {
            violation = new SafetyViolation("a pre-vote changes no term (Raft thesis §9.6)",
                    "S" + voter + " granted a pre-vote for term " + asked + " and answered in term " + answered + " (at " + now
                            + " ms): it adopted the term it was only asked about",
                    List.of("the pre-vote handler goes through the path that adopts a higher term",
                            "a granted pre-vote recorded as a vote (votedFor) in a new term"));
        }
    }

    /** A monitor view, so a violation seen on a network thread also fails the test thread. */
    public Monitor asMonitor() {
        return now -> {
            SafetyViolation v = violation;
            if (v != null) {
                throw v;
            }
        };
    }
}
