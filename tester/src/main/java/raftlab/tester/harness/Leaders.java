package raftlab.tester.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import raftlab.raft.PeerState;

/** The 6.5840 tester's checks on who leads ({@code checkOneLeader}, {@code checkTerms}, {@code checkNoLeader}). */
final class Leaders {
    private final Peers cluster;
    private final LabRun run;

    Leaders(Peers cluster, LabRun run) {
        this.cluster = cluster;
        this.run = run;
    }

    /**
     * Waits (up to ten rounds of 450–549 ms) for exactly one connected peer to lead; fails if two lead
     * the same term. Returns the leader of the highest term.
     */
    int checkOneLeader() {
        for (int round = 0; round < 10; round++) {
            run.sleep(450 + run.random().nextInt(100));
            TreeMap<Long, List<Integer>> leaders = byTerm(true);
            leaders.forEach((term, who) -> {
                if (who.size() > 1) {
                    throw new AssertionError("term " + term + " has " + who.size() + " (>1) leaders: " + who);
                }
            });
            if (!leaders.isEmpty()) {
                return leaders.lastEntry().getValue().get(0);
            }
        }
        throw new AssertionError("expected one leader, got none\n" + cluster.describe());
    }

    /** The peer that is up and believes it leads in the highest term (connected or not), or -1. Does not wait. */
    int current() {
        TreeMap<Long, List<Integer>> leaders = byTerm(false);
        return leaders.isEmpty() ? -1 : leaders.lastEntry().getValue().get(0);
    }

    /** All connected peers agree on the term; returns it. */
    long checkTerms() {
        long term = -1;
        for (int i = 0; i < cluster.n(); i++) {
            PeerState s = cluster.isConnected(i) ? cluster.stateOrNull(i) : null;
            if (s == null) {
                continue;
            }
            if (term == -1) {
                term = s.term();
            } else if (term != s.term()) {
                throw new AssertionError("servers disagree on term\n" + cluster.describe());
            }
        }
        return term;
    }

    /** No connected peer believes it is leader. */
    void checkNoLeader() {
        for (int i = 0; i < cluster.n(); i++) {
            PeerState s = cluster.isConnected(i) ? cluster.stateOrNull(i) : null;
            if (s != null && s.leader()) {
                throw new AssertionError("expected no leader among connected servers, but S" + i
                        + " claims to be leader\n" + cluster.describe());
            }
        }
    }

    private TreeMap<Long, List<Integer>> byTerm(boolean connectedOnly) {
        TreeMap<Long, List<Integer>> leaders = new TreeMap<>();
        for (int i = 0; i < cluster.n(); i++) {
            PeerState s = !connectedOnly || cluster.isConnected(i) ? cluster.stateOrNull(i) : null;
            if (s != null && s.leader()) {
                leaders.computeIfAbsent(s.term(), t -> new ArrayList<>()).add(i);
            }
        }
        return leaders;
    }
}
