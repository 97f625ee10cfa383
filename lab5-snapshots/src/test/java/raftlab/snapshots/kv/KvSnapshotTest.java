package raftlab.snapshots.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static raftlab.tester.harness.RaftCluster.ELECTION_TIMEOUT_MS;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import raftlab.kv.KvResult;
import raftlab.kv.KvStatus;
import raftlab.labrpc.net.Hold;
import raftlab.tester.harness.LabRun;
import raftlab.tester.junit.Graded;
import raftlab.tester.kv.GenericKvTest;
import raftlab.tester.kv.KvCluster;
import raftlab.tester.kv.TestClerk;

/**
 * Lab 5 graded suite, part B: the 6.5840 4B tests — the key/value service snapshots when Raft's
 * durable state nears maxraftstate (1,000 bytes here), and restores from snapshots after restarts
 * and InstallSnapshot. Histories are checked for linearizability as in lab 4.
 */
class KvSnapshotTest {
    static final long MAX_RAFT_STATE = 1000;

    static KvCluster cluster(LabRun run, int n, boolean reliable) {
        return new KvCluster(run, n, SnapshotKvLab.factory(), reliable, MAX_RAFT_STATE);
    }

    static void checkLogSize(KvCluster kv) {
        assertTrue(kv.logSize() <= 8 * MAX_RAFT_STATE, "durable Raft state is " + kv.logSize() + " bytes; with maxraftstate "
                + MAX_RAFT_STATE + " it must stay within " + 8 * MAX_RAFT_STATE + " (does the service snapshot?)");
    }

    @Graded(lab = 5, part = "B", points = 5, description = "A server partitioned away while the others snapshot "
            + "catches up by InstallSnapshot; the log stays small.")
    void snapshotRPC(LabRun run) {
        KvCluster kv = cluster(run, 3, true);
        kv.begin("Test: InstallSnapshot RPC (5B)");
        TestClerk ck = kv.makeClerk();
        kv.put(ck, "a", "A");
        kv.check(ck, "a", "A");
        // a bunch of puts into the majority partition
        kv.partition(List.of(0, 1));
        TestClerk ck1 = kv.makeClerk(List.of(0, 1));
        for (int i = 0; i < 50; i++) {
            kv.put(ck1, Integer.toString(i), Integer.toString(i));
        }
        run.sleep(ELECTION_TIMEOUT_MS);
        kv.put(ck1, "b", "B");
        checkLogSize(kv); // the majority must have snapshotted
        // now make the lagging server part of a majority: it needs the snapshot
        kv.partition(List.of(0, 2));
        TestClerk ck2 = kv.makeClerk(List.of(0, 2));
        kv.put(ck2, "c", "C");
        kv.put(ck2, "d", "D");
        kv.check(ck2, "a", "A");
        kv.check(ck2, "b", "B");
        kv.check(ck2, "1", "1");
        kv.check(ck2, "49", "49");
        // now everybody
        kv.connectAll();
        kv.put(ck, "e", "E");
        kv.check(ck, "c", "C");
        kv.check(ck, "e", "E");
        kv.check(ck, "1", "1");
        checkLogSize(kv);
        kv.checkLinearizable();
    }

    @Graded(lab = 5, part = "B", points = 5, description = "200 rounds of put/get on one key: durable Raft state "
            + "≤ 8,000 bytes and the snapshot ≤ 500 bytes (state only, compactly encoded).")
    void snapshotSize(LabRun run) {
        KvCluster kv = cluster(run, 3, true);
        kv.begin("Test: snapshot size is reasonable (5B)");
        TestClerk ck = kv.makeClerk();
        for (int i = 0; i < 200; i++) {
            kv.put(ck, "x", "0");
            kv.check(ck, "x", "0");
            kv.put(ck, "x", "1");
            kv.check(ck, "x", "1");
        }
        checkLogSize(kv);
        long snapshot = kv.raft().snapshotSize();
        System.out.printf("  durable Raft state %d bytes, snapshot %d bytes%n", kv.logSize(), snapshot);
        assertTrue(snapshot > 0, "no snapshot was taken");
        assertTrue(snapshot <= 500, "the snapshot is " + snapshot + " bytes (limit 500): snapshot the state, not the log");
        kv.checkLinearizable();
    }

    @Graded(lab = 5, part = "B", points = 5, description = "1000 sequential appends with snapshots: still ≤ 33.3 ms "
            + "of virtual time each on average.")
    void speed(LabRun run) {
        KvCluster kv = cluster(run, 3, true);
        kv.begin("Test: ops complete fast enough (5B)");
        GenericKvTest.speed(kv, 1000);
        checkLogSize(kv);
    }

    @Graded(lab = 5, part = "B", points = 4, description = "Generic: 1 client; every server restarts each round "
            + "and recovers from its snapshot.")
    void snapshotRecover(LabRun run) {
        GenericKvTest.of(1, 5).crashing().maxRaftState(MAX_RAFT_STATE)
                .run(run, SnapshotKvLab.factory(), "Test: restarts, snapshots, one client (5B)");
    }

    @Graded(lab = 5, part = "B", points = 5, description = "Generic: 20 clients; restarts.")
    void snapshotRecoverManyClients(LabRun run) {
        GenericKvTest.of(20, 5).crashing().maxRaftState(MAX_RAFT_STATE)
                .run(run, SnapshotKvLab.factory(), "Test: restarts, snapshots, many clients (5B)");
    }

    @Graded(lab = 5, part = "B", points = 5, description = "Generic: 5 clients, lossy network.")
    void snapshotUnreliable(LabRun run) {
        GenericKvTest.of(5, 5).unreliable().maxRaftState(MAX_RAFT_STATE)
                .run(run, SnapshotKvLab.factory(), "Test: unreliable net, snapshots, many clients (5B)");
    }

    @Graded(lab = 5, part = "B", points = 5, description = "Generic: 5 clients, lossy network, restarts.")
    void snapshotUnreliableRecover(LabRun run) {
        GenericKvTest.of(5, 5).unreliable().crashing().maxRaftState(MAX_RAFT_STATE)
                .run(run, SnapshotKvLab.factory(), "Test: unreliable net, restarts, snapshots, many clients (5B)");
    }

    @Graded(lab = 5, part = "B", points = 5, description = "Generic: 5 clients, lossy network, restarts, partitions.")
    void snapshotUnreliableRecoverConcurrentPartition(LabRun run) {
        GenericKvTest.of(5, 5).unreliable().crashing().partitioning().maxRaftState(MAX_RAFT_STATE)
                .run(run, SnapshotKvLab.factory(), "Test: unreliable net, restarts, partitions, snapshots, many clients (5B)");
    }

    @Graded(lab = 5, part = "B", points = 6, description = "Generic: 15 clients on 7 servers, shared keys, every fault; "
            + "linearizability only.")
    void snapshotUnreliableRecoverConcurrentPartitionLinearizable(LabRun run) {
        GenericKvTest.of(15, 7).unreliable().crashing().partitioning().sharedKeys().maxRaftState(MAX_RAFT_STATE)
                .run(run, SnapshotKvLab.factory(),
                        "Test: unreliable net, restarts, partitions, snapshots, random keys, linearizability checks (5B)");
    }

    @Graded(lab = 5, part = "B", points = 5, description = "A write applied before a snapshot, whose reply was lost, "
            + "is retried after every server restarted from snapshots: it applies once (sessions are in the snapshot).")
    void exactlyOnceAcrossSnapshotRestart(LabRun run) {
        KvCluster kv = cluster(run, 3, true);
        kv.begin("Test: the duplicate table survives in snapshots (5B)");
        TestClerk ck = kv.makeClerk();
        kv.put(ck, "x", "");
        int leader = kv.leader();
        Hold lost = kv.holdReplies(ck, leader);
        CompletableFuture<KvResult> append = ck.append("x", "once");
        assertTrue(run.awaitUntil(() -> lost.parked() > 0, 10_000), "the leader never answered the append");
        // other clients write until every server has snapshotted past the append
        TestClerk other = kv.makeClerk();
        List<CompletableFuture<KvResult>> fill = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            fill.add(other.put("fill", "v" + i));
        }
        kv.await(CompletableFuture.allOf(fill.toArray(new CompletableFuture<?>[0])), "the other client's writes");
        assertTrue(kv.raft().snapshotSize() > 0, "no server snapshotted");
        lost.drop(); // the reply is gone for good: the clerk must retry, wherever the leader is after the restart
        kv.shutdownAll();
        run.sleep(ELECTION_TIMEOUT_MS);
        kv.startAll();
        KvResult r = kv.await(append, "the retried append");
        assertEquals(KvStatus.OK, r.status());
        kv.check(kv.makeClerk(), "x", "once");
        kv.checkLinearizable();
    }
}
