package raftlab.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static raftlab.tester.harness.RaftCluster.ELECTION_TIMEOUT_MS;

import java.util.ArrayList;
import java.util.List;
import raftlab.labrpc.net.RpcTransport;
import raftlab.raft.StartResult;
import raftlab.tester.harness.LabRun;
import raftlab.tester.harness.RaftCluster;
import raftlab.tester.junit.Graded;

/**
 * Lab 2 graded suite, part 1: the 6.5840 3B tests with their exact bounds. Monitors run throughout:
 * election safety, log matching, leader completeness, state-machine safety, ordered apply,
 * matchIndex monotonicity. docs/lab2-replication.md lists what each test assumes.
 */
class ReplicationTest {

    static RaftCluster cluster(LabRun run, int n) {
        return new RaftCluster(run, n, ReplicatingNode.factory(), true);
    }

    @Graded(lab = 2, points = 5, description = "Three peers agree on three commands, at the indexes start() returned.")
    void basicAgree(LabRun run) {
        RaftCluster c = cluster(run, 3);
        c.begin("Test (2): basic agreement");
        for (int index = 1; index <= 3; index++) {
            assertEquals(0, c.nCommitted(index).servers(), "some have committed before start()");
            long x = c.one(index * 100, 3, false);
            assertEquals(index, x, "got index " + x + " but expected " + index);
        }
    }

    @Graded(lab = 2, points = 5, description = "Each of ten 5,000-character commands crosses the network about once per follower.")
    void rpcBytes(LabRun run) {
        RaftCluster c = cluster(run, 3);
        c.begin("Test (2): RPC byte count");
        c.one(99, 3, false);
        long bytes0 = c.bytesTotal();
        long sent = 0;
        for (int index = 2; index < 12; index++) {
            String cmd = randomString(run, 5000);
            long x = c.one(cmd, 3, false);
            assertEquals(index, x, "got index " + x + " but expected " + index);
            sent += cmd.length();
        }
        long got = c.bytesTotal() - bytes0;
        long expected = 3 * sent;
        assertTrue(got <= expected + 50_000, "too many RPC bytes; got " + got + ", expected " + expected
                + " (+50,000): are entries re-sent that the follower already has?");
    }

    @Graded(lab = 2, points = 5, description = "Agreement continues with one follower down; nothing commits with both followers down.")
    void followerFailure(LabRun run) {
        RaftCluster c = cluster(run, 3);
        c.begin("Test (2): test progressive failure of followers");
        c.one(101, 3, false);
        int leader1 = c.checkOneLeader();
        c.disconnect((leader1 + 1) % 3);
        c.one(102, 2, false);
        run.sleep(ELECTION_TIMEOUT_MS);
        c.one(103, 2, false);
        int leader2 = c.checkOneLeader();
        c.disconnect((leader2 + 1) % 3);
        c.disconnect((leader2 + 2) % 3);
        StartResult r = c.peer(leader2).start(104);
        assertTrue(r.leader(), "leader rejected start()");
        assertEquals(4, r.index(), "expected index 4, got " + r.index());
        run.sleep(2 * ELECTION_TIMEOUT_MS);
        assertEquals(0, c.nCommitted(r.index()).servers(), "a command committed without a majority");
    }

    @Graded(lab = 2, points = 5, description = "Agreement continues after the leader fails; nothing commits with two of three down.")
    void leaderFailure(LabRun run) {
        RaftCluster c = cluster(run, 3);
        c.begin("Test (2): test failure of leaders");
        c.one(101, 3, false);
        int leader1 = c.checkOneLeader();
        c.disconnect(leader1);
        c.one(102, 2, false);
        run.sleep(ELECTION_TIMEOUT_MS);
        c.one(103, 2, false);
        int leader2 = c.checkOneLeader();
        c.disconnect(leader2);
        for (int i = 0; i < 3; i++) {
            c.peer(i).start(104);
        }
        run.sleep(2 * ELECTION_TIMEOUT_MS);
        assertEquals(0, c.nCommitted(4).servers(), "a command committed without a majority");
    }

    @Graded(lab = 2, points = 5, description = "A follower that missed commands while disconnected catches up when it returns.")
    void failAgree(LabRun run) {
        RaftCluster c = cluster(run, 3);
        c.begin("Test (2): agreement after follower reconnects");
        c.one(101, 3, false);
        int leader = c.checkOneLeader();
        c.disconnect((leader + 1) % 3);
        c.one(102, 2, false);
        c.one(103, 2, false);
        run.sleep(ELECTION_TIMEOUT_MS);
        c.one(104, 2, false);
        c.one(105, 2, false);
        c.connect((leader + 1) % 3);
        c.one(106, 3, true);
        run.sleep(ELECTION_TIMEOUT_MS);
        c.one(107, 3, true);
    }

    @Graded(lab = 2, points = 5, description = "No agreement without a majority; a new leader then overwrites the uncommitted entry.")
    void failNoAgree(LabRun run) {
        RaftCluster c = cluster(run, 5);
        c.begin("Test (2): no agreement if too many followers disconnect");
        c.one(10, 5, false);
        int leader = c.checkOneLeader();
        for (int k = 1; k <= 3; k++) {
            c.disconnect((leader + k) % 5);
        }
        StartResult r = c.peer(leader).start(20);
        assertTrue(r.leader(), "leader rejected start()");
        assertEquals(2, r.index(), "expected index 2, got " + r.index());
        run.sleep(2 * ELECTION_TIMEOUT_MS);
        assertEquals(0, c.nCommitted(r.index()).servers(), "committed " + c.nCommitted(r.index()).servers()
                + " without a majority");
        for (int k = 1; k <= 3; k++) {
            c.connect((leader + k) % 5);
        }
        int leader2 = c.checkOneLeader();
        StartResult r2 = c.peer(leader2).start(30);
        assertTrue(r2.leader(), "leader2 rejected start()");
        assertTrue(r2.index() >= 2 && r2.index() <= 3, "unexpected index " + r2.index());
        c.one(1000, 5, true);
    }

    @Graded(lab = 2, points = 5, description = "Five commands started together in one term all commit.")
    void concurrentStarts(LabRun run) {
        RaftCluster c = cluster(run, 3);
        c.begin("Test (2): concurrent start()s");
        for (int attempt = 0; attempt < 5; attempt++) {
            if (attempt > 0) {
                run.sleep(3000); // give the cluster a chance to settle
            }
            int leader = c.checkOneLeader();
            StartResult first = c.peer(leader).start(1);
            if (!first.leader()) {
                continue;
            }
            long term = first.term();
            List<Long> indexes = new ArrayList<>();
            boolean termChanged = false;
            for (int i = 0; i < 5; i++) {
                StartResult r = c.peer(leader).start(100 + i);
                if (r.term() != term || !r.leader()) {
                    termChanged = true;
                    break;
                }
                indexes.add(r.index());
            }
            if (termChanged || !sameTermEverywhere(c, term)) {
                continue;
            }
            List<Object> committed = new ArrayList<>();
            for (long index : indexes) {
                Object cmd = c.waitCommitted(index, 3, term);
                if (cmd == null) {
                    termChanged = true;
                    break;
                }
                committed.add(cmd);
            }
            if (termChanged) {
                continue;
            }
            for (int i = 0; i < 5; i++) {
                assertTrue(committed.contains(100 + i), "command " + (100 + i) + " missing in " + committed);
            }
            return;
        }
        fail("term changed too often");
    }

    @Graded(lab = 2, points = 5, description = "A partitioned leader's uncommitted entries are overwritten when it rejoins.")
    void rejoin(LabRun run) {
        RaftCluster c = cluster(run, 3);
        c.begin("Test (2): rejoin of partitioned leader");
        c.one(101, 3, true);
        int leader1 = c.checkOneLeader();
        c.disconnect(leader1);
        c.peer(leader1).start(102); // entries the old leader cannot commit
        c.peer(leader1).start(103);
        c.peer(leader1).start(104);
        c.one(103, 2, true); // the new leader commits index 2
        int leader2 = c.checkOneLeader();
        c.disconnect(leader2);
        c.connect(leader1); // the old leader is back with conflicting entries
        c.one(104, 2, true);
        c.connect(leader2);
        c.one(105, 3, true);
    }

    @Graded(lab = 2, points = 5, description = "Leaders back up quickly over many incorrect follower entries (6.5840's Backup).")
    void backup(LabRun run) {
        RaftCluster c = cluster(run, 5);
        c.begin("Test (2): leader backs up quickly over incorrect follower logs");
        c.one(run.random().nextInt(), 5, true);
        int leader1 = c.checkOneLeader();
        // the leader and one follower in a partition, with commands that cannot commit
        c.disconnect((leader1 + 2) % 5);
        c.disconnect((leader1 + 3) % 5);
        c.disconnect((leader1 + 4) % 5);
        for (int i = 0; i < 50; i++) {
            c.peer(leader1).start(run.random().nextInt());
        }
        run.sleep(ELECTION_TIMEOUT_MS / 2);
        c.disconnect(leader1);
        c.disconnect((leader1 + 1) % 5);
        // the other three commit lots of commands
        c.connect((leader1 + 2) % 5);
        c.connect((leader1 + 3) % 5);
        c.connect((leader1 + 4) % 5);
        for (int i = 0; i < 50; i++) {
            c.one(run.random().nextInt(), 3, true);
        }
        // another partitioned leader and one follower, more uncommitted commands
        int leader2 = c.checkOneLeader();
        int other = (leader1 + 2) % 5;
        if (leader2 == other) {
            other = (leader2 + 1) % 5;
        }
        c.disconnect(other);
        for (int i = 0; i < 50; i++) {
            c.peer(leader2).start(run.random().nextInt());
        }
        run.sleep(ELECTION_TIMEOUT_MS / 2);
        // the original leader and its follower come back, with the disconnected one
        for (int i = 0; i < 5; i++) {
            c.disconnect(i);
        }
        c.connect(leader1);
        c.connect((leader1 + 1) % 5);
        c.connect(other);
        for (int i = 0; i < 50; i++) {
            c.one(run.random().nextInt(), 3, true);
        }
        for (int i = 0; i < 5; i++) {
            c.connect(i);
        }
        c.one(run.random().nextInt(), 5, true);
    }

    @Graded(lab = 2, points = 5, description = "RPC budgets: ≤ 30 to elect, ≤ 42 for 12 commands, ≤ 60 per idle second.")
    void count(LabRun run) {
        RaftCluster c = cluster(run, 3);
        c.begin("Test (2): RPC counts aren't too high");
        c.checkOneLeader();
        long total1 = c.rpcTotal();
        assertTrue(total1 >= 1 && total1 <= 30, "too many or too few RPCs (" + total1 + ") to elect the initial leader");
        long total2 = 0;
        boolean success = false;
        attempts:
        for (int attempt = 0; attempt < 5; attempt++) {
            if (attempt > 0) {
                run.sleep(3000);
            }
            int leader = c.checkOneLeader();
            total1 = c.rpcTotal();
            int iters = 10;
            StartResult start = c.peer(leader).start(1);
            if (!start.leader()) {
                continue;
            }
            long term = start.term();
            List<Integer> cmds = new ArrayList<>();
            for (int i = 1; i < iters + 2; i++) {
                int x = run.random().nextInt();
                cmds.add(x);
                StartResult r = c.peer(leader).start(x);
                if (r.term() != term || !r.leader()) {
                    continue attempts;
                }
                assertEquals(start.index() + i, r.index(), "start() failed");
            }
            for (int i = 1; i < iters + 1; i++) {
                Object cmd = c.waitCommitted(start.index() + i, 3, term);
                if (cmd == null) {
                    continue attempts;
                }
                assertEquals(cmds.get(i - 1), cmd, "wrong value committed for index " + (start.index() + i));
            }
            if (!sameTermEverywhere(c, term)) {
                continue;
            }
            total2 = c.rpcTotal();
            assertTrue(total2 - total1 <= (iters + 1 + 3) * 3L, "too many RPCs (" + (total2 - total1) + ") for "
                    + iters + " entries: is every command sent more than once per follower?");
            success = true;
            break;
        }
        assertTrue(success, "term changed too often");
        run.sleep(ELECTION_TIMEOUT_MS);
        long total3 = c.rpcTotal();
        assertTrue(total3 - total2 <= 3 * 20, "too many RPCs (" + (total3 - total2) + ") for 1 second of idleness");
    }

    @Graded(lab = 2, points = 5, description = "A follower 250 entries behind catches up over several AppendEntries batches.")
    void farBehindFollowerCatchesUp(LabRun run) {
        RaftCluster c = cluster(run, 3);
        c.begin("Test (2): a follower far behind catches up");
        followerCatchesUp(c, 250, i -> 1000 + i); // more than one batch of entries: the catch-up needs several rounds
    }

    /**
     * One follower is cut off while the leader takes {@code missed} commands; then it must apply all of
     * them, in order, before the next command commits on all three.
     */
    static void followerCatchesUp(RaftCluster c, int missed, java.util.function.IntFunction<Object> command) {
        c.one(1, 3, true);
        int leader = c.checkOneLeader();
        int follower = (leader + 1) % 3;
        c.disconnect(follower);
        for (int i = 0; i < missed; i++) {
            c.startOn(leader, command.apply(i));
        }
        c.one(2, 2, true);
        c.connect(follower);
        c.one(3, 3, true);
    }

    @Graded(lab = 2, points = 4, description = "A follower 24 one-MiB commands behind catches up in messages of at most "
            + "16 MiB: a batch of entries is bounded in bytes, not only in entries.")
    void bigEntriesReachALaggingFollower(LabRun run) {
        RaftCluster c = cluster(run, 3);
        c.begin("Test (2): a follower behind on big entries catches up");
        String mib = randomString(run, 1 << 20);
        followerCatchesUp(c, 24, i -> i + mib); // 24 MiB in all: more than one message may carry
        assertTrue(c.largestMessage() <= RpcTransport.MAX_MESSAGE_BYTES, "largest message " + c.largestMessage() + " bytes");
    }

    static boolean sameTermEverywhere(RaftCluster c, long term) {
        for (int i = 0; i < c.n(); i++) {
            var s = c.stateOrNull(i);
            if (s != null && s.term() != term) {
                return false;
            }
        }
        return true;
    }

    static String randomString(LabRun run, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append((char) ('a' + run.random().nextInt(26)));
        }
        return b.toString();
    }
}
