package raftlab.replication;

import static raftlab.tester.harness.RaftCluster.ELECTION_TIMEOUT_MS;

import java.util.ArrayList;
import java.util.List;
import raftlab.raft.StartResult;
import raftlab.tester.harness.LabRun;
import raftlab.tester.harness.RaftCluster;
import raftlab.tester.junit.Graded;

/**
 * Lab 2 graded suite, part 3: replication on a lossy, reordering network — 6.5840's
 * UnreliableAgree and Figure8Unreliable (3C there). They crash nobody, so they test lab 2's code,
 * not persistence.
 */
class UnreliableReplicationTest {

    @Graded(lab = 2, points = 5, description = "245 agreements, four at a time, on a lossy network.")
    void unreliableAgree(LabRun run) {
        int n = 5;
        RaftCluster c = new RaftCluster(run, n, ReplicatingNode.factory(), false);
        c.begin("Test (2): unreliable agreement");
        for (int iters = 1; iters < 50; iters++) {
            List<Integer> batch = new ArrayList<>();
            for (int j = 0; j < 4; j++) {
                batch.add(100 * iters + j);
            }
            c.oneAll(batch, 1);
            c.one(iters, 1, true);
        }
        c.reliable(true);
        c.one(100, n, true);
    }

    @Graded(lab = 2, points = 5, description = "Figure 8 on a lossy network with long reordering: 1,000 rounds of cutting off the leader.")
    void figure8Unreliable(LabRun run) {
        int n = 5;
        RaftCluster c = new RaftCluster(run, n, ReplicatingNode.factory(), false);
        c.begin("Test (2): Figure 8 (unreliable)");
        c.one(run.random().nextInt(10_000), 1, true);
        int nup = n;
        for (int iters = 0; iters < 1000; iters++) {
            if (iters == 200) {
                c.longReordering(true);
            }
            int leader = -1;
            for (int i = 0; i < n; i++) {
                StartResult r = c.startOn(i, run.random().nextInt(10_000));
                if (r != null && r.leader() && c.isConnected(i)) {
                    leader = i;
                }
            }
            run.sleep(run.random().nextInt(1000) < 100
                    ? run.random().nextInt((int) (ELECTION_TIMEOUT_MS / 2)) : run.random().nextInt(13));
            if (leader != -1 && run.random().nextInt(1000) < ELECTION_TIMEOUT_MS / 2) {
                c.disconnect(leader);
                nup--;
            }
            if (nup < 3) {
                int s = run.random().nextInt(n);
                if (!c.isConnected(s)) {
                    c.connect(s);
                    nup++;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (!c.isConnected(i)) {
                c.connect(i);
            }
        }
        c.one(run.random().nextInt(10_000), n, true);
    }

}
