package raftlab.election;

import raftlab.grading.harness.LabRun;
import raftlab.grading.harness.RaftCluster;
import raftlab.grading.monitor.VoteOncePerTerm;

/** The lab 1 cluster: the reference tester plus a wire monitor that sees every granted vote. */
final class ElectionTester {
    private ElectionTester() {
    }

    static RaftCluster cluster(LabRun run, int n, boolean reliable) {
        RaftCluster cluster = new RaftCluster(run, n, RaftNode.factory(), reliable);
        watchVotes(run);
        return cluster;
    }

    /** Feeds every granted RequestVote into the one-vote-per-term monitor. */
    static void watchVotes(LabRun run) {
        VoteOncePerTerm votes = new VoteOncePerTerm();
        run.network().observe((caller, server, method, args, reply) -> {
            if (reply instanceof RequestVoteReply r && r.voteGranted() && args instanceof RequestVoteArgs a) {
                votes.granted(Integer.parseInt(server.substring(1)), a.candidateId(), r.term(), run.now());
            }
        });
        run.addMonitor(votes.asMonitor());
    }
}
