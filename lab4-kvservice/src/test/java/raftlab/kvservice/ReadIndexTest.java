package raftlab.kvservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static raftlab.tester.harness.RaftCluster.ELECTION_TIMEOUT_MS;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import raftlab.labrpc.net.Hold;
import raftlab.raft.RaftInspection;
import raftlab.raft.StartResult;
import raftlab.tester.harness.LabRun;
import raftlab.tester.harness.RaftCluster;
import raftlab.tester.junit.Graded;
import raftlab.tester.kv.KvCluster;
import raftlab.tester.kv.TestClerk;

/**
 * Lab 4's optional part: linearizable reads without the log (ReadIndex, Raft thesis §6.4). The first
 * three tests drive the Raft contract's {@code readIndex()} directly; the last checks that the
 * service answers reads through it rather than through the log. None depends on how fast a read is.
 */
class ReadIndexTest {
    static final String PART = "ReadIndex";

    private static RaftCluster raft(LabRun run, int n) {
        return new RaftCluster(run, n, KvLab.factory().raft(), true);
    }

    /** True if {@code f} completed with a value (not exceptionally). */
    private static boolean gave(CompletableFuture<Long> f) {
        return f.isDone() && !f.isCompletedExceptionally();
    }

    /** Asks peer {@code i} for a read index and waits up to {@code ms} for it; fails the test if none is given. */
    private static long readIndexOf(LabRun run, RaftCluster c, int i, long ms, String why) {
        CompletableFuture<Long> f = c.peer(i).readIndex();
        assertTrue(run.awaitUntil(f::isDone, ms) && gave(f), "S" + i + " gave no read index within " + ms + " ms " + why
                + "\n" + c.describe());
        return f.join();
    }

    /** The value {@code f} gave, for a failure message (only asked once {@link #gave} holds). */
    private static long value(CompletableFuture<Long> f) {
        return gave(f) ? f.join() : -1;
    }

    @Graded(lab = 4, part = PART, optional = true, points = 4, description = "A leader's read index covers every "
            + "committed entry; a follower gives none; a leader cut off from the majority gives none, before or after "
            + "the partition heals, while the new leader's covers what the majority committed since.")
    void readIndexNeedsAMajority(LabRun run) {
        int n = 5;
        RaftCluster c = raft(run, n);
        c.begin("Test: a read index needs a majority's word (ReadIndex)");
        long first = c.one(101, n, false);
        int l = c.checkOneLeader();
        int f = (l + 1) % n;

        CompletableFuture<Long> fromFollower = c.peer(f).readIndex();
        assertTrue(run.awaitUntil(fromFollower::isDone, 1000) && fromFollower.isCompletedExceptionally(),
                "the follower S" + f + " " + (gave(fromFollower) ? "gave read index " + value(fromFollower) : "never answered")
                        + ": readIndex() must fail on a peer that is not the leader");
        long fromLeader = readIndexOf(run, c, l, 2000, "as the leader of a healthy cluster");
        assertTrue(fromLeader >= first, "the leader's read index " + fromLeader + " is below entry " + first
                + ", committed before the call");

        c.partition(List.of(l, f)); // the leader keeps one follower: a minority
        long second = c.one(102, n - 2, true);
        int leader = c.checkOneLeader();
        assertTrue(leader != l && leader != f, "the majority side should lead, not S" + leader);
        assertTrue(c.peer(l).state().leader(), "S" + l + " should still believe it leads");
        CompletableFuture<Long> stale = c.peer(l).readIndex();
        run.sleep(2000);
        assertTrue(!gave(stale), "the old leader S" + l + ", cut off with one follower, gave read index " + value(stale)
                + ": entry " + second + " was committed by the new leader S" + leader + " meanwhile. A leader must hear a "
                + "majority answer its AppendEntries, sent after the read arrived, before it gives a read index (thesis §6.4)");
        long fresh = readIndexOf(run, c, leader, 2000, "as the new leader, after committing entry " + second);
        assertTrue(fresh >= second, "the new leader's read index " + fresh + " is below entry " + second);

        c.connectAll();
        run.sleep(ELECTION_TIMEOUT_MS);
        assertTrue(!gave(stale), "the old leader S" + l + " gave read index " + value(stale) + " after the partition "
                + "healed: its followers' answers came in a newer term and prove nothing about its own");
        c.one(103, n, true);
    }

    @Graded(lab = 4, part = PART, optional = true, points = 4, description = "A new leader whose commit index lags "
            + "an entry its predecessor committed gives no read index below that entry: it first commits an entry "
            + "of its own term.")
    void readIndexCoversAnEarlierLeadersCommit(LabRun run) {
        RaftCluster c = raft(run, 3);
        c.begin("Test: a new leader's read index covers its predecessor's commits (ReadIndex)");
        c.one(201, 3, false);
        int l = c.checkOneLeader();
        int a = (l + 1) % 3;
        int b = (l + 2) % 3;
        // Both followers take entry X, but their acknowledgements wait: the leader cannot commit it yet.
        Hold ackA = c.holdReplies(a, l, ".appendEntries");
        Hold ackB = c.holdReplies(b, l, ".appendEntries");
        StartResult x = c.peer(l).start(202);
        assertTrue(x.leader(), "S" + l + " refused start()");
        assertTrue(run.awaitUntil(() -> lastIndex(c, a) >= x.index() && lastIndex(c, b) >= x.index(), 2000),
                "the followers never received entry " + x.index() + "\n" + c.describe());
        // From now on the followers hear nothing from the leader; then it learns of A's acknowledgement and commits X.
        Hold toA = c.holdRequests(l, a, ".appendEntries", Integer.MAX_VALUE);
        Hold toB = c.holdRequests(l, b, ".appendEntries", Integer.MAX_VALUE);
        ackA.release();
        assertTrue(run.awaitUntil(() -> c.inspectOrNull(l).commitIndex() >= x.index(), 2000),
                "S" + l + " did not commit entry " + x.index() + " once S" + a + " acknowledged it\n" + c.describe());
        c.disconnect(l);
        int leader = c.checkOneLeader();
        long lagging = c.inspectOrNull(leader).commitIndex();
        assertTrue(lagging < x.index(), "setup: the new leader S" + leader + " should not know that entry " + x.index()
                + " is committed, but its commit index is " + lagging);

        CompletableFuture<Long> early = c.peer(leader).readIndex();
        run.sleep(1000);
        assertTrue(!gave(early) || value(early) >= x.index(), "the new leader S" + leader + " gave read index "
                + value(early) + ", but entry " + x.index() + " was committed before the call (by S" + l + "): a read "
                + "there would miss it. Until an entry of its own term commits, a leader's commit index may lag (thesis §6.4)");
        long own = c.one(203, 2, true);
        int now = c.checkOneLeader();
        long later = readIndexOf(run, c, now, 2000, "once an entry of its term (" + own + ") was committed");
        assertTrue(later >= own, "the read index " + later + " is below entry " + own + ", committed before the call");
        toA.release();
        toB.release();
        ackB.release();
        c.connectAll();
        c.one(204, 3, true);
    }

    @Graded(lab = 4, part = PART, optional = true, points = 3, description = "100 read indexes asked of a leader at "
            + "once are all given after a few rounds of AppendEntries, not one round each.")
    void readIndexBatchesConcurrentReads(LabRun run) {
        int n = 5;
        RaftCluster c = raft(run, n);
        c.begin("Test: concurrent reads share rounds (ReadIndex)");
        long committed = c.one(301, n, false);
        int l = c.checkOneLeader();
        readIndexOf(run, c, l, 2000, "as the leader of a healthy cluster");
        long before = c.rpcTotal();
        List<CompletableFuture<Long>> reads = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            reads.add(c.peer(l).readIndex());
        }
        assertTrue(run.awaitUntil(() -> reads.stream().allMatch(CompletableFuture::isDone), 2000),
                "S" + l + " did not answer 100 concurrent read indexes within 2 s\n" + c.describe());
        long rpcs = c.rpcTotal() - before;
        for (CompletableFuture<Long> r : reads) {
            assertTrue(gave(r) && r.join() >= committed, "a read index failed or is below entry " + committed);
        }
        long budget = 10L * (n - 1);
        assertTrue(rpcs <= budget, "100 concurrent read indexes took " + rpcs + " RPCs (budget " + budget + ", ten rounds): "
                + "one round of AppendEntries proves leadership for every read that arrived before it was sent");
    }

    @Graded(lab = 4, part = PART, optional = true, points = 4, description = "Gets and scans on a stable leader are "
            + "answered at a read index, not through the log: 200 reads add at most 10 log entries, and every answer is "
            + "linearizable.")
    void readsLeaveTheLogAlone(LabRun run) {
        KvCluster kv = new KvCluster(run, 3, KvLab.factory(), true, -1);
        kv.begin("Test: reads leave the log alone (ReadIndex)");
        TestClerk ck = kv.makeClerk();
        kv.put(ck, "x", "1");
        kv.put(ck, "y", "2");
        int leader = kv.leader();
        assertTrue(leader >= 0, "no leader after two puts");
        long before = kv.raft().inspectOrNull(leader).lastLogIndex();
        for (int i = 0; i < 100; i++) {
            kv.check(ck, i % 2 == 0 ? "x" : "y", i % 2 == 0 ? "1" : "2");
        }
        List<CompletableFuture<?>> concurrent = new ArrayList<>();
        for (int c = 0; c < 5; c++) {
            TestClerk reader = kv.makeClerk();
            CompletableFuture<Object> chain = CompletableFuture.completedFuture(null);
            for (int i = 0; i < 20; i++) {
                boolean scan = i % 5 == 0;
                chain = chain.thenCompose(v -> scan ? reader.range("a", "z", 10).thenApply(r -> r) : reader.get("x").thenApply(r -> r));
            }
            concurrent.add(chain);
        }
        kv.await(CompletableFuture.allOf(concurrent.toArray(CompletableFuture[]::new)), "100 concurrent reads by 5 clerks");
        RaftInspection log = kv.raft().inspectOrNull(leader);
        long added = log.lastLogIndex() - before;
        assertEquals(leader, kv.leader(), "setup: the leader changed during the reads");
        assertTrue(added <= 10, "200 reads on a stable leader added " + added + " log entries: answer a read from the "
                + "state at a read index the leader confirms (Raft.readIndex), not by putting it in the log");
        kv.checkLinearizable();
    }

    private static long lastIndex(RaftCluster c, int i) {
        RaftInspection log = c.inspectOrNull(i);
        return log == null ? 0 : log.lastLogIndex();
    }
}
