package raftlab.snapshots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import raftlab.raft.Membership;
import raftlab.raft.MembershipChange;
import raftlab.raft.PeerState;
import raftlab.raft.StartResult;
import raftlab.tester.harness.LabRun;
import raftlab.tester.harness.RaftCluster;
import raftlab.tester.junit.Graded;

/**
 * Lab 5's optional part: membership changes, one server at a time (Raft thesis §4), through
 * {@code Raft.changeMembership} and {@code Raft.membership}. Each cluster has spare peers that start
 * outside it ({@code Membership.NONE}) and peers {@code 0..2} as its first voters; every peer is asked
 * for pre-vote and check-quorum (lab 1's optional part), which keep a removed peer from deposing the
 * leader. No test depends on how long a change takes beyond the generous bounds of {@link #change}.
 */
class MembershipTest {
    static final String PART = "Membership";
    /** How long a test lets a change take, retries after lost leaderships included. */
    static final long CHANGE_PATIENCE_MS = 20_000;
    /** How long a command that must not commit is given to (wrongly) commit. */
    static final long NO_COMMIT_MS = 2 * RaftCluster.ELECTION_TIMEOUT_MS;

    /**
     * Asks whichever peer leads for {@code change} until one completes it, and returns the new
     * configuration. A leader may refuse until an entry of its own term has committed (the change
     * before it may wait for that too), so after a refusal the tester gives it a command. A change
     * refused because it no longer applies was made by an earlier attempt whose answer was lost with
     * its leadership: the configuration in use then shows it.
     */
    static Membership change(LabRun run, RaftCluster c, MembershipChange change) {
        long deadline = run.now() + CHANGE_PATIENCE_MS;
        String last = "no peer led";
        while (run.now() < deadline) {
            int leader = c.currentLeader();
            if (leader >= 0 && c.isConnected(leader)) {
                CompletableFuture<Membership> done = c.peer(leader).changeMembership(change);
                run.awaitUntil(done::isDone, Math.max(0, deadline - run.now()));
                if (done.isDone() && !done.isCompletedExceptionally()) {
                    return done.join();
                }
                last = done.isDone() ? "S" + leader + ": " + failure(done) : "S" + leader + " did not answer";
                // Only a leader of the newest term knows the newest committed configuration (a deposed
                // one cut off for a while may not know it lost, and answers from what it had).
                Membership now = leadsNewestTerm(c, leader) ? c.peer(leader).membership() : null;
                if (now != null && madeBy(change, now) && last.contains("IllegalArgumentException")) {
                    return now;
                }
                c.startOn(leader, "filler " + run.now()); // a command of its term to commit first
            }
            run.sleep(100);
        }
        throw new AssertionError("could not " + change + " within " + CHANGE_PATIENCE_MS + " ms: " + last + "\n" + c.describe());
    }

    private static boolean leadsNewestTerm(RaftCluster c, int leader) {
        PeerState s = c.stateOrNull(leader);
        if (s == null || !s.leader()) {
            return false;
        }
        for (int p = 0; p < c.n(); p++) {
            PeerState other = c.stateOrNull(p);
            if (other != null && other.term() > s.term()) {
                return false;
            }
        }
        return true;
    }

    private static boolean madeBy(MembershipChange change, Membership m) {
        return switch (change.kind()) {
            case ADD_LEARNER -> m.isMember(change.peer());
            case PROMOTE -> m.isVoter(change.peer());
            case REMOVE -> !m.isMember(change.peer());
        };
    }

    private static String failure(CompletableFuture<?> f) {
        try {
            f.join();
            return "completed";
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return cause.getClass().getSimpleName() + ": " + cause.getMessage();
        }
    }

    /** Waits until every peer in {@code peers} that is up uses {@code expected}. */
    static void awaitMembership(LabRun run, RaftCluster c, Membership expected, List<Integer> peers) {
        boolean agreed = run.awaitUntil(() -> peers.stream().allMatch(p -> !c.isUp(p) || expected.equals(c.peer(p).membership())),
                5_000);
        if (!agreed) {
            StringBuilder seen = new StringBuilder();
            for (int p : peers) {
                seen.append("\n  S").append(p).append(": ").append(c.isUp(p) ? c.peer(p).membership() : "down");
            }
            fail("expected " + expected + " on " + peers + ", saw:" + seen + "\n" + c.describe());
        }
    }

    /** Starts {@code cmd} on {@code leader} and checks that no peer applies it within {@link #NO_COMMIT_MS}. */
    static void checkNoCommit(LabRun run, RaftCluster c, int leader, Object cmd, String why) {
        StartResult r = c.startOn(leader, cmd);
        assertTrue(r != null && r.leader(), "S" + leader + " should still lead when given " + cmd);
        run.sleep(NO_COMMIT_MS);
        assertEquals(0, c.nCommitted(r.index()).servers(), cmd + " committed at index " + r.index() + " " + why
                + "\n" + c.describe());
    }

    /** The cluster's first voters, 0..2, without {@code peer}. */
    private static List<Integer> firstVotersBut(int peer) {
        List<Integer> ids = new ArrayList<>(List.of(0, 1, 2));
        ids.remove(Integer.valueOf(peer));
        return ids;
    }

    private static List<Integer> all(RaftCluster c) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < c.n(); i++) {
            ids.add(i);
        }
        return ids;
    }

    @Graded(lab = 5, part = PART, optional = true, points = 3, description = "A learner receives and applies the "
            + "log but does not count towards a majority until it is promoted; then it does.")
    void learnersCatchUpThenVote(LabRun run) {
        RaftCluster c = RaftCluster.withSpares(run, 5, 3, CompactingNode.factory(), true, 0);
        c.begin("Test (5M): learners catch up, then vote");
        for (int i = 0; i < 10; i++) {
            c.one(100 + i, 3, true);
        }
        assertEquals(new Membership(List.of(0, 1, 2), List.of(3)), change(run, c, MembershipChange.addLearner(3)));
        Membership two = change(run, c, MembershipChange.addLearner(4));
        assertEquals(new Membership(List.of(0, 1, 2), List.of(3, 4)), two);
        c.one(200, 5, true); // the learners apply everything
        awaitMembership(run, c, two, all(c));

        int leader = c.checkOneLeader();
        List<Integer> others = firstVotersBut(leader);
        others.forEach(c::disconnect);
        checkNoCommit(run, c, leader, 201, "by the leader and two learners, with the other two voters cut off: a "
                + "learner's copy does not count towards a majority (only voters do)");
        others.forEach(c::connect);
        c.one(202, 5, true);

        change(run, c, MembershipChange.promote(3));
        Membership five = change(run, c, MembershipChange.promote(4));
        assertEquals(Membership.allOf(5), five);
        awaitMembership(run, c, five, all(c));
        leader = c.checkOneLeader();
        int a = (leader + 1) % 5;
        int b = (leader + 2) % 5;
        c.disconnect(a);
        c.disconnect(b);
        c.one(203, 3, true); // three of five voters: a majority now
        int d = (leader + 3) % 5;
        c.disconnect(d);
        checkNoCommit(run, c, leader, 204, "by two of five voters");
        c.connectAll();
        c.one(205, 5, true);
    }

    @Graded(lab = 5, part = PART, optional = true, points = 2, description = "A leader that removes itself steps "
            + "down once the removal commits; the others elect a leader and go on, and it never leads again.")
    void removedLeaderStepsDown(LabRun run) {
        RaftCluster c = RaftCluster.withSpares(run, 3, 3, CompactingNode.factory(), true, 0);
        c.begin("Test (5M): a removed leader steps down");
        c.one(101, 3, true);
        int leader = c.checkOneLeader();
        CompletableFuture<Membership> removal = c.peer(leader).changeMembership(MembershipChange.remove(leader));
        assertTrue(run.awaitUntil(removal::isDone, 5_000) && !removal.isCompletedExceptionally(),
                "S" + leader + " could not remove itself: " + (removal.isDone() ? failure(removal) : "no answer in 5 s"));
        List<Integer> rest = firstVotersBut(leader);
        Membership after = new Membership(rest, List.of());
        assertEquals(after, removal.join());
        int next = c.checkOneLeader();
        assertNotEquals(leader, next, "S" + leader + " still leads after its removal committed");
        c.one(102, 2, true);
        long term = c.peer(next).state().term();
        for (int i = 0; i < 30; i++) {
            run.sleep(100);
            PeerState removed = c.peer(leader).state();
            assertFalse(removed.leader(), "S" + leader + " leads again after it was removed\n" + c.describe());
        }
        assertEquals(next, c.checkOneLeader(), "the removed S" + leader + " disturbed the new leader S" + next);
        assertEquals(term, c.peer(next).state().term(), "the removed S" + leader + " pushed the term up");
        awaitMembership(run, c, after, rest);
        c.disconnect(rest.get(0).equals(next) ? rest.get(1) : rest.get(0));
        checkNoCommit(run, c, next, 103, "by one of two voters (the removed peer's copy must not count)");
        c.connectAll();
        c.one(104, 2, true);
    }

    @Graded(lab = 5, part = PART, optional = true, points = 2, description = "A configuration is used as soon as "
            + "it is appended: a removal commits only with a majority of the voters that remain.")
    void configurationUsedOnceAppended(LabRun run) {
        RaftCluster c = RaftCluster.withSpares(run, 3, 3, CompactingNode.factory(), true, 0);
        c.begin("Test (5M): a configuration counts once appended");
        c.one(101, 3, true);
        int leader = c.checkOneLeader();
        int removed = (leader + 1) % 3;
        int kept = (leader + 2) % 3;
        c.disconnect(kept); // the leader still reaches the peer it removes: a majority of the old voters, not of the new
        CompletableFuture<Membership> removal = c.peer(leader).changeMembership(MembershipChange.remove(removed));
        run.sleep(NO_COMMIT_MS);
        assertTrue(!removal.isDone() || removal.isCompletedExceptionally(), "the removal of S" + removed
                + " committed with only S" + leader + " and S" + removed + " holding it, though S" + kept
                + " is the only other voter left: from the moment it is appended, the new configuration decides"
                + " what a majority is (thesis §4.1)\n" + c.describe());
        c.connectAll();
        Membership after = change(run, c, MembershipChange.remove(removed));
        assertFalse(after.isMember(removed));
        c.one(102, 2, true);
    }

    @Graded(lab = 5, part = PART, optional = true, points = 3, description = "A leader in a minority with new "
            + "peers cannot chain changes into a majority of its own: one change at a time, and none commits without "
            + "a majority of the voters.")
    void oneChangeAtATime(LabRun run) {
        RaftCluster c = RaftCluster.withSpares(run, 5, 3, CompactingNode.factory(), true, 0);
        c.begin("Test (5M): one change at a time");
        c.one(101, 3, true);
        int leader = c.checkOneLeader();
        c.partition(List.of(leader, 3, 4)); // the leader with both spares; the other two voters on their own
        // Made one after another without waiting for commits, these would make {leader, 3, 4} three of
        // five voters: a majority of its own, beside the majority {0, 1, 2} minus the leader still knows.
        List<MembershipChange> chain = List.of(MembershipChange.addLearner(3), MembershipChange.promote(3),
                MembershipChange.addLearner(4), MembershipChange.promote(4));
        List<Long> started = new ArrayList<>();
        int step = 0;
        for (long until = run.now() + NO_COMMIT_MS; run.now() < until; run.sleep(20)) {
            if (!c.peer(leader).state().leader()) {
                break; // check-quorum: it stepped down, as a leader without a majority should
            }
            while (step < chain.size() && madeBy(chain.get(step), c.peer(leader).membership())) {
                step++;
            }
            if (step < chain.size()) {
                c.peer(leader).changeMembership(chain.get(step)); // refused until the one before has committed
            }
            StartResult r = c.startOn(leader, 1000 + started.size());
            if (r != null && r.leader()) {
                started.add(r.index());
            }
        }
        run.sleep(NO_COMMIT_MS);
        for (long index : started) {
            assertEquals(0, c.nCommitted(index).servers(), "a command given to S" + leader + " in the minority {S"
                    + leader + ", S3, S4} committed at index " + index + " (its configuration went as far as "
                    + c.peer(leader).membership() + "): a change must commit before the next one starts\n" + c.describe());
        }
        c.one(102, 2, true); // the majority side goes on
        c.connectAll();
        c.one(103, 3, true);
        int now = c.checkOneLeader();
        awaitMembership(run, c, c.peer(now).membership(), List.of(0, 1, 2));
    }

    @Graded(lab = 5, part = PART, optional = true, points = 2, description = "A new peer catches up from the "
            + "snapshot, is promoted, and after every peer restarts all of them still use the same configuration.")
    void newPeerCatchesUpBySnapshot(LabRun run) {
        RaftCluster c = RaftCluster.withSpares(run, 4, 3, CompactingNode.factory(), true, SnapshotTest.SNAPSHOT_INTERVAL);
        c.begin("Test (5M): a new peer catches up by snapshot");
        for (int i = 0; i < 35; i++) {
            c.one(100 + i, 3, true);
        }
        change(run, c, MembershipChange.addLearner(3));
        c.one(200, 4, true); // from the leader's snapshot and the log after it
        Membership four = change(run, c, MembershipChange.promote(3));
        for (int i = 0; i < 2 * SnapshotTest.SNAPSHOT_INTERVAL; i++) {
            c.one(300 + i, 4, true); // the promotion is inside the next snapshots
        }
        for (int p = 0; p < 4; p++) {
            c.crash(p);
            c.start(p);
            c.connect(p);
            c.one(400 + p, 4, true);
        }
        awaitMembership(run, c, four, all(c));
        int leader = c.checkOneLeader();
        c.disconnect((leader + 1) % 4);
        c.one(500, 3, true);
        c.disconnect((leader + 2) % 4);
        checkNoCommit(run, c, leader, 501, "by two of four voters");
        c.connectAll();
        c.one(502, 4, true);
    }

    @Graded(lab = 5, part = PART, optional = true, points = 3, description = "Peers join, are promoted and "
            + "leave while the network drops and reorders messages, peers crash and restart, and the tester "
            + "snapshots: everything committed stays committed, and the survivors agree on the configuration.")
    void membershipChurnUnderFaults(LabRun run) {
        RaftCluster c = RaftCluster.withSpares(run, 5, 3, CompactingNode.factory(), false, SnapshotTest.SNAPSHOT_INTERVAL);
        c.begin("Test (5M): membership churn with crashes");
        c.one(100, 3, true);
        Membership m = Membership.allOf(3);
        int cmd = 1000;
        for (int round = 0; round < 12; round++) {
            MembershipChange next = pick(run, m);
            for (int i = 0; i < 5; i++) {
                int leader = c.currentLeader();
                if (leader >= 0) {
                    c.startOn(leader, cmd++);
                }
            }
            // One peer down or cut off meanwhile: the change goes on without it, unless it is the peer changed.
            int victim = run.random().nextInt(c.n());
            boolean crash = run.random().nextInt(3) == 0;
            if (crash) {
                c.crash(victim);
            } else {
                c.disconnect(victim);
            }
            if (next.peer() != victim) {
                m = change(run, c, next);
            } else {
                run.sleep(200 + run.random().nextInt(300));
            }
            if (crash) {
                c.start(victim);
            }
            c.connect(victim);
            if (next.peer() == victim) {
                m = change(run, c, next);
            }
        }
        c.connectAll();
        c.one(cmd, m.voters().size(), true);
        List<Integer> members = new ArrayList<>(m.voters());
        members.addAll(m.learners());
        awaitMembership(run, c, m, members);
    }

    /** A change that applies to {@code m} and keeps at least three voters, so one fault never stops the cluster. */
    private static MembershipChange pick(LabRun run, Membership m) {
        List<MembershipChange> options = new ArrayList<>();
        for (int p = 0; p < 5; p++) {
            if (!m.isMember(p)) {
                options.add(MembershipChange.addLearner(p));
            } else if (m.isLearner(p)) {
                options.add(MembershipChange.promote(p));
                options.add(MembershipChange.remove(p));
            } else if (m.voters().size() > 3) {
                options.add(MembershipChange.remove(p));
            }
        }
        return options.get(run.random().nextInt(options.size()));
    }
}
