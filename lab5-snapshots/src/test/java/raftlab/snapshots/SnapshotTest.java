package raftlab.snapshots;

import static org.junit.jupiter.api.Assertions.assertTrue;

import raftlab.tester.harness.LabRun;
import raftlab.tester.harness.RaftCluster;
import raftlab.tester.junit.Graded;

/**
 * Lab 5 graded suite, part A: the 6.5840 3D tests. The tester is the service: it snapshots every 10
 * applied entries from its apply handler, and checks every snapshot it is handed against what was
 * committed. Durable Raft state (log and hard state, not the snapshot) must stay under 2,000 bytes.
 */
class SnapshotTest {
    static final int SNAPSHOT_INTERVAL = 10;
    static final long MAX_LOG_BYTES = 2000;

    static RaftCluster cluster(LabRun run, int n, boolean reliable) {
        return RaftCluster.snapshotting(run, n, CompactingNode.factory(), reliable, SNAPSHOT_INTERVAL);
    }

    /**
     * 6.5840's snapcommon: 30 rounds; a victim (a follower, or every third round the leader) is cut
     * off or crashed while 5–14 commands go to the sender, so it falls behind the snapshot and must
     * catch up — by InstallSnapshot when the leader has compacted what it missed.
     */
    private static void snapcommon(LabRun run, String title, boolean disconnect, boolean reliable, boolean crash) {
        int n = 3;
        RaftCluster c = cluster(run, n, reliable);
        c.begin(title);
        c.one(run.random().nextInt(), n, true);
        int leader = c.checkOneLeader();
        for (int i = 0; i < 30; i++) {
            int victim = (leader + 1) % n;
            int sender = leader;
            if (i % 3 == 1) {
                sender = (leader + 1) % n;
                victim = leader;
            }
            if (disconnect) {
                c.disconnect(victim);
                c.one(run.random().nextInt(), n - 1, true);
            }
            if (crash) {
                c.crash(victim);
                c.one(run.random().nextInt(), n - 1, true);
            }
            int count = SNAPSHOT_INTERVAL / 2 + run.random().nextInt(SNAPSHOT_INTERVAL);
            for (int j = 0; j < count; j++) {
                c.startOn(sender, run.random().nextInt()); // fails quietly if the sender is not leading
            }
            c.one(run.random().nextInt(), disconnect || crash ? n - 1 : n, true);
            checkLogSize(c);
            if (disconnect) {
                c.connect(victim); // it may need InstallSnapshot to catch up
                c.one(run.random().nextInt(), n, true);
                leader = c.checkOneLeader();
            }
            if (crash) {
                c.start(victim);
                c.connect(victim);
                c.one(run.random().nextInt(), n, true);
                leader = c.checkOneLeader();
            }
        }
    }

    @Graded(lab = 5, part = "A", points = 6, description = "The log is compacted as the service snapshots; "
            + "followers keep up without InstallSnapshot.")
    void snapshotBasic(LabRun run) {
        snapcommon(run, "Test (5A): snapshots basic", false, true, false);
    }

    @Graded(lab = 5, part = "A", points = 7, description = "A disconnected peer that fell behind the snapshot "
            + "catches up by InstallSnapshot.")
    void snapshotInstall(LabRun run) {
        snapcommon(run, "Test (5A): install snapshots (disconnect)", true, true, false);
    }

    @Graded(lab = 5, part = "A", points = 7, description = "InstallSnapshot over a lossy network.")
    void snapshotInstallUnreliable(LabRun run) {
        snapcommon(run, "Test (5A): install snapshots (disconnect)", true, false, false);
    }

    @Graded(lab = 5, part = "A", points = 7, description = "A crashed peer restarts from its snapshot and catches up.")
    void snapshotInstallCrash(LabRun run) {
        snapcommon(run, "Test (5A): install snapshots (crash)", false, true, true);
    }

    @Graded(lab = 5, part = "A", points = 7, description = "Crashes and InstallSnapshot over a lossy network.")
    void snapshotInstallUnCrash(LabRun run) {
        snapcommon(run, "Test (5A): install snapshots (crash)", false, false, true);
    }

    @Graded(lab = 5, part = "A", points = 6, description = "Every peer crashes at once, five times: each restart "
            + "resumes from snapshot and log tail, and no index is reused.")
    void snapshotAllCrash(LabRun run) {
        int n = 3;
        RaftCluster c = cluster(run, n, false);
        c.begin("Test (5A): crash and restart all servers");
        c.one(run.random().nextInt(), n, true);
        for (int i = 0; i < 5; i++) {
            int count = SNAPSHOT_INTERVAL / 2 + run.random().nextInt(SNAPSHOT_INTERVAL);
            for (int j = 0; j < count; j++) {
                c.one(run.random().nextInt(), n, true);
            }
            long before = c.one(run.random().nextInt(), n, true);
            restartAll(c);
            long after = c.one(run.random().nextInt(), n, true);
            assertTrue(after >= before + 1, "after restarting every peer the next command went to index " + after
                    + ", but " + before + " had been committed: snapshot or log tail lost");
            checkLogSize(c);
        }
    }

    @Graded(lab = 5, part = "A", points = 5, description = "A restarted peer re-initializes from its snapshot, "
            + "so a later save does not lose it (restart, commit, restart again).")
    void snapshotInit(LabRun run) {
        int n = 3;
        RaftCluster c = cluster(run, n, false);
        c.begin("Test (5A): snapshot initialization after crash");
        c.one(run.random().nextInt(), n, true);
        for (int i = 0; i < SNAPSHOT_INTERVAL + 1; i++) {
            c.one(run.random().nextInt(), n, true); // enough for a snapshot
        }
        assertTrue(c.snapshotSize() > 0, "no snapshot was saved after " + (SNAPSHOT_INTERVAL + 2) + " entries");
        restartAll(c);
        c.one(run.random().nextInt(), n, true);
        restartAll(c);
        c.one(run.random().nextInt(), n, true);
    }

    static void checkLogSize(RaftCluster c) {
        long size = c.logSize();
        assertTrue(size < MAX_LOG_BYTES, "durable Raft state is " + size + " bytes (limit " + MAX_LOG_BYTES
                + "): is the log compacted when the service snapshots?");
    }

    static void restartAll(RaftCluster c) {
        for (int i = 0; i < c.n(); i++) {
            c.crash(i);
        }
        for (int i = 0; i < c.n(); i++) {
            c.start(i);
            c.connect(i);
        }
    }
}
