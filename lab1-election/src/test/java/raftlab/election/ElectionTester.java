package raftlab.election;

import raftlab.raft.RaftOptions;
import raftlab.tester.harness.LabRun;
import raftlab.tester.harness.RaftCluster;

/** The lab 1 cluster: the reference tester with lab 1's peers. */
final class ElectionTester {
    private ElectionTester() {
    }

    static RaftCluster cluster(LabRun run, int n, boolean reliable) {
        return new RaftCluster(run, n, ElectionNode.factory(), reliable);
    }

    /** Lab 1's optional part: peers asked to use pre-vote and check-quorum. */
    static RaftCluster stableLeaderCluster(LabRun run, int n, boolean reliable) {
        return new RaftCluster(run, n, ElectionNode.factory(), reliable, RaftOptions.STABLE_LEADER);
    }
}
