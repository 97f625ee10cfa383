package raftlab.election;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static raftlab.election.ElectionTester.cluster;
import static raftlab.tester.harness.RaftCluster.ELECTION_TIMEOUT_MS;

import java.util.ArrayList;
import java.util.List;
import raftlab.raft.PeerState;
import raftlab.tester.harness.LabRun;
import raftlab.tester.harness.RaftCluster;
import raftlab.tester.junit.Graded;

/**
 * Lab 1 graded suite: leader election and heartbeats. Every test also runs the invariant monitors
 * (one leader per term, terms never decrease, a leader that sees a higher term steps down, one vote
 * per voter per term). docs/lab1-election.md lists what each test assumes.
 */
class ElectionTest {

    @Graded(lab = 1, points = 5, description = "Three peers elect one leader, agree on its term, and keep it while nothing fails.")
    void initialElection(LabRun run) {
        RaftCluster c = cluster(run, 3, true);
        c.begin("Test (1): initial election");
        c.checkOneLeader();
        run.sleep(50);
        long term1 = c.checkTerms();
        assertTrue(term1 >= 1, "term is " + term1 + ", but should be at least 1");
        run.sleep(2 * ELECTION_TIMEOUT_MS);
        c.checkTerms();
        c.checkOneLeader();
    }

    @Graded(lab = 1, points = 10, description = "A new leader is elected when the leader is cut off, and no leader without a majority.")
    void reElection(LabRun run) {
        RaftCluster c = cluster(run, 3, true);
        c.begin("Test (1): election after network failure");
        int leader1 = c.checkOneLeader();

        c.disconnect(leader1); // the rest elect a new leader
        c.checkOneLeader();

        c.connect(leader1); // the old leader comes back and must not disturb the new one
        int leader2 = c.checkOneLeader();

        c.disconnect(leader2); // no quorum: nobody may lead
        c.disconnect((leader2 + 1) % 3);
        run.sleep(2 * ELECTION_TIMEOUT_MS);
        c.checkNoLeader();

        c.connect((leader2 + 1) % 3); // a quorum again
        c.checkOneLeader();

        c.connect(leader2);
        c.checkOneLeader();
    }

    @Graded(lab = 1, points = 10, description = "Seven peers keep electing a leader while three random peers at a time are cut off.")
    void manyElections(LabRun run) {
        int n = 7;
        RaftCluster c = cluster(run, n, true);
        c.begin("Test (1): multiple elections");
        c.checkOneLeader();
        for (int iter = 1; iter < 10; iter++) {
            int i1 = run.random().nextInt(n);
            int i2 = run.random().nextInt(n);
            int i3 = run.random().nextInt(n);
            c.disconnect(i1);
            c.disconnect(i2);
            c.disconnect(i3);
            c.checkOneLeader(); // either the current leader is still alive, or the remaining four elect one
            c.connect(i1);
            c.connect(i2);
            c.connect(i3);
        }
        c.checkOneLeader();
    }

    @Graded(lab = 1, points = 10, description = "Elections on a lossy, jittery network settle: losing candidates yield to the winner of their term.")
    void unreliableElection(LabRun run) {
        RaftCluster c = cluster(run, 5, true);
        c.begin("Test (1): elections on an unreliable network");
        int leader = c.checkOneLeader();
        for (int round = 0; round < 20; round++) {
            c.reliable(false); // delays and losses make candidates overlap and votes split
            long oldTerm = c.stateOrNull(leader).term();
            c.disconnect(leader);
            int old = leader;
            boolean elected = run.awaitUntil(() -> c.connectedLeaderAbove(oldTerm) >= 0, 10_000);
            assertTrue(elected, "round " + round + ": no new leader within 10 s of cutting off S" + old + "\n" + c.describe());
            c.reliable(true);
            c.connect(old);
            // Within one heartbeat interval everybody has heard the winner; from then on nothing may change.
            run.sleep(200);
            long settled = c.checkTerms();
            leader = c.connectedLeaderAbove(oldTerm);
            run.sleep(2 * ELECTION_TIMEOUT_MS);
            long later = c.checkTerms();
            assertEquals(settled, later, "round " + round + ": the term moved from " + settled + " to " + later
                    + " although a leader was connected to everyone on a reliable network. Does a candidate that"
                    + " hears AppendEntries from the leader of its own term go back to follower (and reset its timer)?");
            assertTrue(leader >= 0 && c.stateOrNull(leader).leader(), "round " + round + ": the leader of term " + settled
                    + " lost leadership without a failure\n" + c.describe());
        }
    }

    @Graded(lab = 1, points = 10, description = "A deposed leader steps down on the higher term it sees in a follower's "
            + "reply, and campaigns again when no leader reaches it.")
    void deposedLeaderStepsDown(LabRun run) {
        RaftCluster c = cluster(run, 3, true);
        c.begin("Test (1): a deposed leader steps down on a reply's higher term");
        int l1 = c.checkOneLeader();
        long t1 = c.stateOrNull(l1).term();
        c.disconnect(l1);
        int l2 = c.checkOneLeader();
        long t2 = c.stateOrNull(l2).term();
        assertTrue(t2 > t1, "the new leader's term " + t2 + " should exceed the old leader's " + t1);
        int f = 3 - l1 - l2;

        // The old leader comes back, but only towards the follower: it can learn of term t2 only from
        // the follower's replies to its own heartbeats, never from a request.
        c.setLink(l1, l2, false);
        c.connect(l1);
        boolean steppedDown = run.awaitUntil(() -> !c.stateOrNull(l1).leader(), ELECTION_TIMEOUT_MS);
        assertTrue(steppedDown, "S" + l1 + " still leads term " + t1 + " one second after reconnecting to S" + f
                + ", whose replies carry term " + t2 + ": a leader must step down on a higher term in a reply\n" + c.describe());
        PeerState deposed = c.stateOrNull(l1);
        assertEquals(t2, deposed.term(), "S" + l1 + " should have adopted the term it saw in S" + f + "'s reply");
        assertEquals(t2, c.stateOrNull(f).term(), "a stale leader's heartbeat must not change S" + f + "'s term");

        // S(l1) is a follower now, and hears from no leader (S(l2) cannot reach it; S(f) follows S(l2)
        // and stays quiet): its election timeout must fire, as every follower's does.
        boolean campaigned = run.awaitUntil(() -> c.stateOrNull(l1).term() > t2, 5 * ELECTION_TIMEOUT_MS);
        assertTrue(campaigned, "S" + l1 + " stepped down in term " + t2 + " but has not campaigned in the "
                + 5 * ELECTION_TIMEOUT_MS / 1000 + " s since, though no leader reaches it: a leader that steps down must"
                + " arm its election timer again\n" + c.describe());

        c.connectAll();
        c.checkOneLeader();
    }

    @Graded(lab = 1, points = 10, description = "With a stable leader and no failures, the term does not change for ten seconds.")
    void noTermChurn(LabRun run) {
        RaftCluster c = cluster(run, 5, true);
        c.begin("Test (1): no term churn under a stable leader");
        int leader = c.checkOneLeader();
        long term = c.checkTerms();
        for (int i = 0; i < 20; i++) {
            run.sleep(500);
            long now = c.checkTerms();
            if (now != term || !c.stateOrNull(leader).leader()) {
                fail("term changed from " + term + " to " + now + " (or S" + leader + " lost leadership) after "
                        + (i + 1) * 500 + " ms with every peer connected on a reliable network: followers must"
                        + " reset their election timer on every heartbeat from the current leader\n" + c.describe());
            }
        }
    }

    @Graded(lab = 1, points = 10, description = "One leader per term under a long random schedule of partitions and lossy periods.")
    void electionSafetyUnderPartitions(LabRun run) {
        int n = 5;
        RaftCluster c = cluster(run, n, true);
        c.begin("Test (1): election safety under random partitions");
        c.checkOneLeader();
        long end = run.now() + 60_000;
        while (run.now() < end) {
            List<Integer> side = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (run.random().nextBoolean()) {
                    side.add(i);
                }
            }
            c.partition(side);
            c.reliable(run.random().nextInt(3) != 0);
            run.sleep(300 + run.random().nextInt(1000));
        }
        c.connectAll();
        c.reliable(true);
        c.checkOneLeader();
    }

    @Graded(lab = 1, points = 5, description = "An idle leader sends at most ten heartbeats per second to each follower.")
    void heartbeatRate(LabRun run) {
        int n = 3;
        RaftCluster c = cluster(run, n, true);
        c.begin("Test (1): heartbeat rate");
        int leader = c.checkOneLeader();
        run.sleep(1000);
        long before = c.rpcTotal();
        int seconds = 10;
        run.sleep(seconds * 1000L);
        long sent = c.rpcTotal() - before;
        long bound = (long) (n - 1) * (10L * seconds + 1);
        assertTrue(sent <= bound, sent + " RPCs in " + seconds + " idle seconds; at most " + bound
                + " allowed (ten heartbeats per second per follower)");
        assertTrue(c.stateOrNull(leader).leader(), "S" + leader + " lost leadership while idle\n" + c.describe());
    }
}
