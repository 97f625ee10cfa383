package raftlab.snapshots;

import static org.junit.jupiter.api.Assertions.assertTrue;

import raftlab.tester.harness.LabRun;
import raftlab.tester.harness.RaftCluster;
import raftlab.tester.junit.Graded;

/** Lab 5 graded suite, part A (ours): a megabyte of state shipped in chunks. */
class LargeSnapshotTest {

    @Graded(lab = 5, part = "A", points = 5, description = "A follower whose disk was wiped gets over 1 MB of "
            + "snapshot in chunks over a lossy network; no message carries more than 128 KB.")
    void largeSnapshotInChunksToWipedFollower(LabRun run) {
        int n = 3;
        RaftCluster c = SnapshotTest.cluster(run, n, true);
        c.begin("Test (5A): a 1 MB snapshot installed in chunks on a wiped follower");
        String pad = "x".repeat(10_000);
        c.one("warm-up", n, true);
        int leader = c.checkOneLeader();
        int victim = (leader + 1) % n;
        c.wipe(victim);
        for (int i = 0; i < 110; i++) {
            c.one(i + ":" + pad, n - 1, true); // 110 × 10 KB: over a megabyte of state, snapshotted every 10
        }
        long snapshot = c.snapshotSize();
        assertTrue(snapshot >= 1_000_000, "the tester's snapshot is only " + snapshot + " bytes");
        c.reliable(false);
        c.start(victim);
        c.connect(victim);
        c.one("after", n, true); // the wiped follower must have installed the snapshot and caught up
        long largest = c.largestMessage();
        System.out.printf("  snapshot %d bytes; largest message %d bytes%n", snapshot, largest);
        assertTrue(largest <= 128 * 1024, "a message of " + largest
                + " bytes crossed the network: send the snapshot in chunks (Figure 13's offset and done)");
    }
}
