package raftlab.replication;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static raftlab.tester.harness.RaftCluster.ELECTION_TIMEOUT_MS;

import java.util.ArrayList;
import java.util.List;
import raftlab.election.AppendEntriesArgs;
import raftlab.election.RaftRpc;
import raftlab.raft.PeerState;
import raftlab.raft.StartResult;
import raftlab.tester.harness.LabRun;
import raftlab.tester.harness.RaftCluster;
import raftlab.tester.junit.Graded;

/**
 * Lab 2 graded suite, part 2: ours. A scripted Figure 8, leader completeness under random
 * partitions, and a budget for the fast backup of nextIndex.
 */
class LogSafetyTest {

    /**
     * Figure 8 of the Raft paper, scripted with partitions instead of crashes (lab 2 has no
     * durability). An entry of an old term reaches a majority under a newer leader; a leader that
     * commits it by counting replicas will see it overwritten by a leader with a newer last term, and
     * the state-machine safety monitor fails the test.
     */
    @Graded(lab = 2, points = 10, description = "Figure 8: an old-term entry on a majority is not committed by counting replicas.")
    void figure8Scripted(LabRun run) {
        int n = 5;
        RaftCluster c = ReplicationTest.cluster(run, n);
        c.begin("Test (2): Figure 8, scripted");
        c.one(1, n, true);
        int s1 = c.checkOneLeader();
        int s2 = (s1 + 1) % n;
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (i != s1 && i != s2) {
                rest.add(i);
            }
        }
        // (a) S1 leads term T1 and replicates index 2 to S2 only.
        for (int i : rest) {
            c.disconnect(i);
        }
        StartResult a = c.peer(s1).start(2);
        assertTrue(a.leader() && a.index() == 2, "expected S" + s1 + " to accept index 2, got " + a);
        run.sleep(ELECTION_TIMEOUT_MS / 2);

        // (b) The other three elect a leader X (term T2 > T1); X appends index 2 alone.
        c.disconnect(s1);
        c.disconnect(s2);
        for (int i : rest) {
            c.connect(i);
        }
        int x = c.checkOneLeader();
        for (int i : rest) {
            c.disconnect(i); // X too: it still believes it leads
        }
        StartResult b = c.peer(x).start(3);
        assertTrue(b.leader() && b.index() == 2, "expected S" + x + " to accept index 2, got " + b);
        List<Integer> others = new ArrayList<>(rest);
        others.remove(Integer.valueOf(x));
        int p = others.get(0);
        int q = others.get(1);

        // (c) S1, S2, P, Q: a leader Y from {S1, S2} (the longest logs) spreads index 2 of T1 to a majority.
        //     A correct Y does not commit it: its term is not Y's.
        c.connect(s1);
        c.connect(s2);
        c.connect(p);
        c.connect(q);
        int y = c.checkOneLeader();
        assertTrue(y == s1 || y == s2, "S" + y + " should not have won: its log is shorter");
        run.sleep(ELECTION_TIMEOUT_MS);

        // (d) X, P and Q: only X can win (its last term is the newest), and it overwrites index 2.
        c.disconnect(s1);
        c.disconnect(s2);
        c.connect(x);
        int z = c.checkOneLeader();
        assertTrue(z == x, "S" + x + " should have won with the newest last term, but S" + z + " leads");
        c.one(4, 3, true); // commits X's index 2 (value 3) and index 3

        // Heal: everyone converges on X's log.
        c.connectAll();
        c.one(5, n, true);
    }

    @Graded(lab = 2, points = 5, description = "Every new leader holds every committed entry, under 60 s of random partitions, losses and load.")
    void leaderCompletenessUnderPartitions(LabRun run) {
        int n = 5;
        RaftCluster c = ReplicationTest.cluster(run, n);
        c.begin("Test (2): leader completeness under random partitions");
        c.one(run.random().nextInt(1000), n, true);
        long end = run.now() + 60_000;
        long nextPartition = run.now();
        while (run.now() < end) {
            if (run.now() >= nextPartition) {
                List<Integer> side = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (run.random().nextBoolean()) {
                        side.add(i);
                    }
                }
                c.partition(side);
                c.reliable(run.random().nextInt(3) != 0); // a third of the time: loss, delay, reordering
                nextPartition = run.now() + 500 + run.random().nextInt(1500);
            }
            for (int i = 0; i < n; i++) { // a client offers a command to everyone who claims to lead
                PeerState s = c.stateOrNull(i);
                if (s != null && s.leader()) {
                    c.peer(i).start(run.random().nextInt(1_000_000));
                }
            }
            run.sleep(20 + run.random().nextInt(100));
        }
        c.connectAll();
        c.reliable(true);
        c.one(run.random().nextInt(1000), n, true);
    }

    /**
     * A follower holds a stale tail (entries an old leader gave it alone) past the point where its log
     * matches the new leader's. An AppendEntries without entries that proves only that point, with a
     * commit index beyond it, must not commit the tail (Figure 2: min(leaderCommit, index of the last
     * new entry)). The reference leader never sends such a message; the tester does.
     */
    @Graded(lab = 2, points = 5, description = "An AppendEntries without entries commits only up to what it proves: a stale "
            + "tail beyond prevLogIndex stays uncommitted whatever leaderCommit says.")
    void heartbeatCommitsOnlyWhatItProves(LabRun run) {
        int n = 5;
        RaftCluster c = ReplicationTest.cluster(run, n);
        c.begin("Test (2): an AppendEntries commits only what it proves");
        for (int k = 1; k <= 3; k++) {
            c.one(100 + k, n, true);
        }
        int old = c.checkOneLeader();
        int follower = (old + 1) % n;
        c.partition(List.of(old, follower));
        for (int k = 1; k <= 3; k++) {
            c.startOn(old, 200 + k); // reach the follower alone: never committed
        }
        assertTrue(run.awaitUntil(() -> c.inspectOrNull(follower).lastLogIndex() >= 6, 5_000),
                "S" + follower + " never got the old leader's three new entries\n" + c.describe());
        long oldTerm = c.stateOrNull(old).term();
        assertTrue(run.awaitUntil(() -> c.connectedLeaderAbove(oldTerm) >= 0, 10_000), "the majority elected no new leader");
        for (int k = 1; k <= 3; k++) {
            c.one(300 + k, n - 2, true); // the majority commits other entries at 4..6 (and on)
        }
        int leader = c.connectedLeaderAbove(oldTerm);
        long term = c.stateOrNull(leader).term();
        long commit = c.inspectOrNull(leader).commitIndex();
        long termAt3 = c.inspectOrNull(leader).logTerm(3);
        List<RaftRpc> ends = c.testerEnds(RaftRpc.class);
        var reply = ends.get(follower).appendEntries(new AppendEntriesArgs(term, leader, 3, termAt3, List.of(), commit));
        assertTrue(run.awaitUntil(reply::isDone, 5_000), "S" + follower + " did not answer an AppendEntries within 5 s");
        assertTrue(reply.join().success(), "S" + follower + " refused an AppendEntries whose prevLogIndex 3 it holds");
        run.sleep(500); // a follower that commits its stale tail applies it now, and the apply monitor sees it
        long followerCommit = c.inspectOrNull(follower).commitIndex();
        assertTrue(followerCommit <= 3, "S" + follower + " set its commit index to " + followerCommit + " on an AppendEntries that"
                + " proved only index 3 (no entries, leaderCommit " + commit + "): its entries after 3 are an old leader's. A"
                + " follower commits min(leaderCommit, index of the last new entry), not its own last index");
        c.connectAll();
        c.one(400, n, true);
    }

    /**
     * A follower holding 50 entries of an old term that conflict with the leader's log must be
     * repaired in a handful of AppendEntries (a small constant per conflicting term), not one round
     * trip per entry.
     */
    @Graded(lab = 2, points = 6, description = "A follower with 50 conflicting entries of one old term is repaired in a handful of RPCs.")
    void fastBackupBudget(LabRun run) {
        int n = 5;
        RaftCluster c = ReplicationTest.cluster(run, n);
        c.begin("Test (2): fast backup of nextIndex over one conflicting term");
        c.one(run.random().nextInt(), n, true);
        int stale = c.checkOneLeader();
        c.disconnect(stale);
        for (int i = 0; i < 50; i++) {
            c.peer(stale).start(run.random().nextInt()); // 50 entries of the stale leader's term
        }
        // The others commit 60 entries, then elect another leader, whose nextIndex for the stale
        // node starts past the end of its own log.
        for (int i = 0; i < 60; i++) {
            c.one(run.random().nextInt(), n - 1, true);
        }
        int l2 = c.checkOneLeader();
        c.disconnect(l2);
        int l3 = c.checkOneLeader();
        long last = c.one(run.random().nextInt(), n - 2, true);

        long before = c.rpcCount(stale);
        c.connect(stale);
        boolean caughtUp = run.awaitUntil(() -> c.applied().lastApplied(stale) >= last, 10_000);
        assertTrue(caughtUp, "S" + stale + " did not catch up with S" + l3 + " within 10 s\n" + c.describe());
        long rpcs = c.rpcCount(stale) - before;
        assertTrue(rpcs <= 8, "repairing 50 conflicting entries of one term took " + rpcs + " RPCs; a handful"
                + " (at most 8) should do: back nextIndex up by a whole term per rejection, using the"
                + " reply's conflict term and index");
    }

    /**
     * A reply from an earlier term arrives after the leader was re-elected, and what it acknowledged
     * is no longer true: the follower's entry was overwritten by another leader meanwhile. Five peers:
     * L sends entry 2 to F alone and F's acknowledgement is parked; a leader of the other three
     * overwrites F's entry 2; L, whose log is still the most up to date of the three it can reach, is
     * re-elected; then F's old acknowledgement arrives. A leader that acts on it believes F holds
     * L's entry 2 and never repairs F, so a command cannot reach all five.
     */
    @Graded(lab = 2, points = 5, description = "A leader re-elected in a newer term ignores a late reply from its earlier term.")
    void staleTermReplyIgnored(LabRun run) {
        int n = 5;
        RaftCluster c = ReplicationTest.cluster(run, n);
        c.begin("Test (2): a late reply from an earlier term is ignored");
        c.one(1, n, true);
        int l = c.checkOneLeader();
        long t1 = c.stateOrNull(l).term();
        int f = (l + 1) % n;
        List<Integer> rest = List.of((l + 2) % n, (l + 3) % n, (l + 4) % n);
        for (int x : rest) { // {L, F} | the other three
            c.setLink(l, x, false);
            c.setLink(f, x, false);
        }
        var held = c.holdReplies(f, l, ".appendEntries");
        assertTrue(c.peer(l).start(2).leader(), "S" + l + " refused start()");
        assertTrue(run.awaitUntil(() -> held.parked() > 0, 2_000), "F's acknowledgement was never parked");

        assertTrue(run.awaitUntil(() -> c.connectedLeaderAbove(t1) >= 0, 5_000), "the other three elected no leader");
        int l2 = c.connectedLeaderAbove(t1);
        long t2 = c.stateOrNull(l2).term();
        for (int x : rest) { // L2 reaches only F, and overwrites F's entry 2
            if (x != l2) {
                c.setLink(l2, x, false);
            }
        }
        c.setLink(l, f, false);
        c.setLink(l2, f, true);
        assertTrue(c.peer(l2).start(3).leader(), "S" + l2 + " refused start()");
        assertTrue(run.awaitUntil(() -> c.inspectOrNull(f).logTerm(2) == t2, 5_000),
                "S" + l2 + " never replaced S" + f + "'s entry 2 with its own\n" + c.describe());

        c.disconnect(f);
        c.disconnect(l2);
        for (int x : rest) {
            if (x != l2) {
                c.setLink(l, x, true);
            }
        }
        assertTrue(run.awaitUntil(() -> {
            PeerState s = c.stateOrNull(l);
            return s != null && s.leader() && s.term() > t2;
        }, 10_000), "S" + l + " was not re-elected by the two peers with shorter logs\n" + c.describe());
        held.release(); // F's acknowledgement of entry 2 from term t1 arrives now; F no longer holds that entry
        run.sleep(100);
        c.connectAll();
        c.one(4, n, true); // every peer, F included, must end up with L's log
    }
}
