package raftlab.election;

/** RequestVote results (Figure 2): the voter's current term, and whether it granted its vote. */
public record RequestVoteReply(long term, boolean voteGranted) {
}
