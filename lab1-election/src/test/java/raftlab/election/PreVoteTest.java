package raftlab.election;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static raftlab.election.ElectionTester.stableLeaderCluster;
import static raftlab.tester.harness.RaftCluster.ELECTION_TIMEOUT_MS;

import java.util.List;
import raftlab.raft.PeerState;
import raftlab.tester.harness.LabRun;
import raftlab.tester.harness.RaftCluster;
import raftlab.tester.junit.Graded;

/**
 * Lab 1's optional part: pre-vote and check-quorum (Raft thesis §9.6), which keep a healthy leader
 * in place when a peer loses touch with it and comes back. Every test asks the peers for both
 * ({@code RaftOptions.STABLE_LEADER}); the lab's other tests ask for neither. None depends on the
 * peer's own timeouts beyond the bounds the lab's other tests already set.
 */
class PreVoteTest {
    static final String PART = "PreVote";

    /** The highest term peer {@code p} reaches while the run goes on for {@code ms}, sampled every 50 ms. */
    private static long highestTermOver(LabRun run, RaftCluster c, int p, long ms) {
        long highest = c.stateOrNull(p).term();
        for (long waited = 0; waited < ms; waited += 50) {
            run.sleep(50);
            highest = Math.max(highest, c.stateOrNull(p).term());
        }
        return highest;
    }

    /** Heals every link, lets 2 s pass, and checks that {@code leader} still leads, in {@code term}. */
    private static void healAndCheckLeaderKept(LabRun run, RaftCluster c, int leader, long term, String healed) {
        c.connectAll();
        run.sleep(2 * ELECTION_TIMEOUT_MS);
        assertEquals(leader, c.checkOneLeader(), "S" + leader + " no longer leads after " + healed + "\n" + c.describe());
        assertEquals(term, c.checkTerms(), "the term moved after " + healed + "\n" + c.describe());
    }

    /** Asks peer {@code to}, through the tester's own end, for a pre-vote; returns its answer. */
    private static RequestVoteReply preVote(LabRun run, RaftCluster c, int to, long term, int candidate) {
        var reply = c.testerEnds(RaftRpc.class).get(to)
                .requestVote(new RequestVoteArgs(term, candidate, Long.MAX_VALUE / 2, term, true));
        assertTrue(run.awaitUntil(reply::isDone, 5_000), "S" + to + " did not answer a pre-vote within 5 s");
        return reply.join();
    }

    @Graded(lab = 1, part = PART, optional = true, points = 3, description = "A pre-vote changes nobody's term or "
            + "vote; a peer that hears from its leader refuses it, one that has heard from no leader for a while grants it.")
    void preVoteChangesNothing(LabRun run) {
        RaftCluster c = stableLeaderCluster(run, 3, true);
        c.begin("Test (1): a pre-vote is a question, not an election (PreVote)");
        int leader = c.checkOneLeader();
        long term = c.checkTerms();
        int follower = (leader + 1) % 3;
        int third = (leader + 2) % 3;

        for (int asked : List.of(follower, leader)) {
            RequestVoteReply r = preVote(run, c, asked, term + 1, third);
            assertTrue(!r.voteGranted(), "S" + asked + (asked == leader ? ", the leader," : ", which hears the leader S"
                    + leader + ",") + " granted a pre-vote for term " + (term + 1) + ": a peer that heard from its leader"
                    + " within the minimum election timeout refuses pre-votes, or a peer that lost touch deposes it");
        }
        run.sleep(200);
        assertEquals(term, c.checkTerms(), "a refused pre-vote for term " + (term + 1) + " moved a term\n" + c.describe());
        assertEquals(leader, c.checkOneLeader(), "a refused pre-vote deposed the leader");

        c.disconnect(follower); // long enough that no lease could still hold
        long cutOff = highestTermOver(run, c, follower, 3 * ELECTION_TIMEOUT_MS);
        assertEquals(term, cutOff, "S" + follower + ", cut off from everyone, raised its term from " + term + " to "
                + cutOff + ": with pre-vote a peer raises its term only after a majority said it would vote for it");
        RequestVoteReply r = preVote(run, c, follower, term + 5, third);
        assertTrue(r.voteGranted(), "S" + follower + ", which has heard from no leader for 3 s, refused a pre-vote for"
                + " term " + (term + 5) + " from a candidate with a longer log (it answered term " + r.term() + ")");
        run.sleep(200);
        PeerState after = c.stateOrNull(follower);
        assertEquals(term, after.term(), "S" + follower + " moved to term " + after.term() + " on granting a pre-vote"
                + " for term " + (term + 5) + ": a pre-vote changes no term and casts no vote");
        c.connectAll();
        c.checkOneLeader();
    }

    @Graded(lab = 1, part = PART, optional = true, points = 4, description = "A follower cut off for five seconds "
            + "comes back at the term it left: the leader keeps leading and the term does not move.")
    void rejoiningPeerKeepsTheLeader(LabRun run) {
        RaftCluster c = stableLeaderCluster(run, 5, true);
        c.begin("Test (1): a rejoining peer does not depose the leader (PreVote)");
        int leader = c.checkOneLeader();
        long term = c.checkTerms();
        int away = (leader + 2) % 5;
        c.disconnect(away);
        long reached = highestTermOver(run, c, away, 5_000);
        assertEquals(term, reached, "S" + away + ", cut off for 5 s, reached term " + reached + " (the cluster is at "
                + term + "): its elections could never win, and each raised its term. Ask for pre-votes first");
        healAndCheckLeaderKept(run, c, leader, term, "S" + away + " came back");
    }

    @Graded(lab = 1, part = PART, optional = true, points = 3, description = "A follower that cannot hear the "
            + "leader, while everyone else does, cannot win an election: the others refuse its pre-votes.")
    void leaseProtectsTheLeader(LabRun run) {
        RaftCluster c = stableLeaderCluster(run, 5, true);
        c.begin("Test (1): a peer that lost only the leader cannot take over (PreVote)");
        int leader = c.checkOneLeader();
        long term = c.checkTerms();
        int away = (leader + 1) % 5;
        c.setLink(leader, away, false); // it still reaches the other three, and they the leader
        long reached = highestTermOver(run, c, away, 5_000);
        assertEquals(leader, c.checkOneLeader(), "S" + leader + " lost its leadership to a peer that only lost touch"
                + " with it: a peer that hears from its leader must refuse pre-votes\n" + c.describe());
        assertEquals(term, reached, "S" + away + " reached term " + reached + " while cut off from the leader only"
                + " (the cluster is at " + term + ")");
        assertEquals(term, c.stateOrNull(leader).term(), "the leader's term moved\n" + c.describe());
        healAndCheckLeaderKept(run, c, leader, term, "the link came back");
    }

    @Graded(lab = 1, part = PART, optional = true, points = 3, description = "A leader cut off with a minority stops "
            + "claiming to lead (check-quorum); when the partition heals, the majority's new leader keeps leading.")
    void checkQuorumStepsDown(LabRun run) {
        RaftCluster c = stableLeaderCluster(run, 5, true);
        c.begin("Test (1): a leader without a majority steps down (PreVote)");
        int old = c.checkOneLeader();
        long term = c.checkTerms();
        int with = (old + 1) % 5;
        c.partition(List.of(old, with));
        boolean steppedDown = run.awaitUntil(() -> !c.stateOrNull(old).leader(), 5_000);
        assertTrue(steppedDown, "S" + old + ", cut off with S" + with + " from the other three, still leads term " + term
                + " after 5 s: a leader that hears from no majority for an election timeout steps down\n" + c.describe());
        long minority = Math.max(highestTermOver(run, c, old, 2_000), c.stateOrNull(with).term());
        assertEquals(term, minority, "the minority side (S" + old + ", S" + with + ") raised its term to " + minority
                + ": elections it can never win must not raise terms");
        int now = c.currentLeader();
        assertTrue(now != old && now != with && now >= 0, "the majority side has no leader\n" + c.describe());
        healAndCheckLeaderKept(run, c, now, c.stateOrNull(now).term(), "the minority came back");
    }

    @Graded(lab = 1, part = PART, optional = true, points = 2, description = "With pre-vote and check-quorum, five "
            + "peers on a lossy network keep their leader while nothing fails, and elect a new one each time it is cut off.")
    void electionsStillHappen(LabRun run) {
        RaftCluster c = stableLeaderCluster(run, 5, false);
        c.begin("Test (1): elections go on with pre-vote (PreVote)");
        int leader = c.checkOneLeader();
        long quiet = 0; // the highest term any peer has reached (on a lossy network they need not agree yet)
        for (int p = 0; p < c.n(); p++) {
            quiet = Math.max(quiet, c.stateOrNull(p).term());
        }
        long highest = quiet;
        for (int p = 0; p < c.n(); p++) {
            highest = Math.max(highest, highestTermOver(run, c, p, 2_000)); // 10 s in all, every peer watched in turn
        }
        assertTrue(highest <= quiet + 2, "on a lossy network with nothing cut off, the term went from " + quiet + " to "
                + highest + " in 10 s: a leader that steps down because a few answers were lost (a check-quorum window"
                + " far shorter than an election timeout) makes elections nobody needed\n" + c.describe());
        leader = c.checkOneLeader();
        for (int round = 0; round < 10; round++) {
            long before = c.stateOrNull(leader).term();
            c.disconnect(leader);
            int old = leader;
            boolean elected = run.awaitUntil(() -> c.connectedLeaderAbove(before) >= 0, 10_000);
            assertTrue(elected, "round " + round + ": no new leader within 10 s of cutting off S" + old + "\n" + c.describe());
            leader = c.connectedLeaderAbove(before);
            c.connect(old);
        }
        c.checkOneLeader();
    }
}
