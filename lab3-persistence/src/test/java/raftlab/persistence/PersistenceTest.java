package raftlab.persistence;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static raftlab.tester.harness.RaftCluster.ELECTION_TIMEOUT_MS;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import raftlab.raft.StartResult;
import raftlab.tester.harness.ChurnClient;
import raftlab.tester.harness.LabRun;
import raftlab.tester.harness.RaftCluster;
import raftlab.tester.junit.Graded;

/**
 * Lab 3 graded suite, part 1: the 6.5840 3C tests that crash peers (UnreliableAgree and
 * Figure8Unreliable crash nobody, so they live in lab 2). Every peer runs on a lossy disk (a crash
 * loses anything not synced), and the monitors of labs 1–2 run throughout, with the
 * one-vote-per-term rule now spanning restarts.
 */
class PersistenceTest {

    static RaftCluster cluster(LabRun run, int n, boolean reliable) {
        return new RaftCluster(run, n, DurableNode.factory(), reliable, true);
    }

    /**
     * Crashes every peer at once and restarts them all: nothing committed may be lost, so the next
     * agreement lands after the last committed index (6.5840's whole-cluster restart check).
     */
    static void restartAllKeepsTheLog(LabRun run, RaftCluster c) {
        long committed = c.applied().maxIndex();
        for (int i = 0; i < c.n(); i++) {
            c.crash(i);
        }
        for (int i = 0; i < c.n(); i++) {
            restart(c, i);
        }
        long index = c.one(run.random().nextInt(), c.n(), true);
        assertTrue(index > committed, "after a restart of every peer the next command went to index " + index
                + ", but " + committed + " entries had been committed: the log did not survive the crash");
    }

    /** Crash and restart peer i, then connect it: it must come back from its storage alone. */
    static void restart(RaftCluster c, int i) {
        c.start(i);
        c.connect(i);
    }

    @Graded(lab = 3, points = 10, description = "Agreement survives restarts of all peers, of leaders and of followers.")
    void persist1(LabRun run) {
        RaftCluster c = cluster(run, 3, true);
        c.begin("Test (3): basic persistence");
        c.one(11, 3, true);
        for (int i = 0; i < 3; i++) {
            c.start(i); // crash and restart everyone
        }
        for (int i = 0; i < 3; i++) {
            c.disconnect(i);
            c.connect(i);
        }
        c.one(12, 3, true);
        int leader1 = c.checkOneLeader();
        c.disconnect(leader1);
        restart(c, leader1);
        c.one(13, 3, true);
        int leader2 = c.checkOneLeader();
        c.disconnect(leader2);
        c.one(14, 2, true);
        restart(c, leader2);
        c.waitCommitted(4, 3, -1); // the restarted peer catches up
        int i3 = (c.checkOneLeader() + 1) % 3;
        c.disconnect(i3);
        c.one(15, 2, true);
        restart(c, i3);
        c.one(16, 3, true);
    }

    @Graded(lab = 3, points = 10, description = "Five rounds of partial crashes and restarts with agreement in between.")
    void persist2(LabRun run) {
        RaftCluster c = cluster(run, 5, true);
        c.begin("Test (3): more persistence");
        int index = 1;
        for (int iters = 0; iters < 5; iters++) {
            c.one(10 + index++, 5, true);
            int leader1 = c.checkOneLeader();
            c.disconnect((leader1 + 1) % 5);
            c.disconnect((leader1 + 2) % 5);
            c.one(10 + index++, 3, true);
            c.disconnect(leader1);
            c.disconnect((leader1 + 3) % 5);
            c.disconnect((leader1 + 4) % 5);
            restart(c, (leader1 + 1) % 5);
            restart(c, (leader1 + 2) % 5);
            run.sleep(ELECTION_TIMEOUT_MS);
            restart(c, (leader1 + 3) % 5);
            c.one(10 + index++, 3, true);
            c.connect(leader1);
            c.connect((leader1 + 4) % 5);
        }
        c.one(1000, 5, true);
    }

    @Graded(lab = 3, points = 10, description = "A restarted leader and follower rejoin a partitioned peer without losing an entry.")
    void persist3(LabRun run) {
        RaftCluster c = cluster(run, 3, true);
        c.begin("Test (3): partitioned leader and one follower crash, leader restarts");
        c.one(101, 3, true);
        int leader = c.checkOneLeader();
        c.disconnect((leader + 2) % 3);
        c.one(102, 2, true);
        c.crash(leader);
        c.crash((leader + 1) % 3);
        c.connect((leader + 2) % 3);
        restart(c, leader);
        c.one(103, 2, true);
        restart(c, (leader + 1) % 3);
        c.one(104, 3, true);
    }

    @Graded(lab = 3, points = 15, description = "Figure 8: 1,000 rounds of crashing the leader at random moments; logs converge.")
    void figure8(LabRun run) {
        int n = 5;
        RaftCluster c = cluster(run, n, true);
        c.begin("Test (3): Figure 8");
        c.one(run.random().nextInt(), 1, true);
        int nup = n;
        for (int iters = 0; iters < 1000; iters++) {
            int leader = -1;
            for (int i = 0; i < n; i++) {
                StartResult r = c.startOn(i, run.random().nextInt());
                if (r != null && r.leader()) {
                    leader = i;
                }
            }
            run.sleep(run.random().nextInt(1000) < 100
                    ? run.random().nextInt((int) (ELECTION_TIMEOUT_MS / 2)) : run.random().nextInt(13));
            if (leader != -1) {
                c.crash(leader);
                nup--;
            }
            if (nup < 3) {
                int s = run.random().nextInt(n);
                if (!c.isUp(s)) {
                    restart(c, s);
                    nup++;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (!c.isUp(i)) {
                restart(c, i);
            }
        }
        c.one(run.random().nextInt(), n, true);
        restartAllKeepsTheLog(run, c);
    }

    @Graded(lab = 3, points = 10, description = "Three clients submit continuously while peers are cut off, crashed and restarted.")
    void reliableChurn(LabRun run) {
        churn(run, true);
    }

    @Graded(lab = 3, points = 10, description = "The churn test on a lossy network.")
    void unreliableChurn(LabRun run) {
        churn(run, false);
    }

    private static void churn(LabRun run, boolean reliable) {
        int n = 5;
        RaftCluster c = cluster(run, n, reliable);
        c.begin("Test (3): churn");
        List<ChurnClient> clients = new ArrayList<>();
        for (int id = 0; id < 3; id++) {
            clients.add(new ChurnClient(c, id));
        }
        for (int iters = 0; iters < 20; iters++) {
            if (run.random().nextInt(1000) < 200) {
                c.disconnect(run.random().nextInt(n));
            }
            if (run.random().nextInt(1000) < 500) {
                int i = run.random().nextInt(n);
                if (!c.isUp(i)) {
                    c.start(i);
                }
                c.connect(i);
            }
            if (run.random().nextInt(1000) < 200) {
                int i = run.random().nextInt(n);
                if (c.isUp(i)) {
                    c.crash(i);
                }
            }
            run.sleep(ELECTION_TIMEOUT_MS * 7 / 10);
        }
        run.sleep(ELECTION_TIMEOUT_MS);
        c.reliable(true);
        for (int i = 0; i < n; i++) {
            if (!c.isUp(i)) {
                c.start(i);
            }
            c.connect(i);
        }
        List<Integer> seen = new ArrayList<>();
        for (ChurnClient client : clients) {
            seen.addAll(client.stop());
        }
        run.sleep(ELECTION_TIMEOUT_MS);
        long last = c.one(run.random().nextInt(), n, true);
        Set<Object> really = new HashSet<>();
        for (long index = 1; index <= last; index++) {
            really.add(c.waitCommitted(index, n, -1));
        }
        for (Integer v : seen) {
            assertTrue(really.contains(v), "a value a client saw committed (" + v + ") is not in the final log");
        }
        restartAllKeepsTheLog(run, c);
    }
}
