package raftlab.election;

/** RequestVote arguments (Figure 2). */
public record RequestVoteArgs(long term, int candidateId, long lastLogIndex, long lastLogTerm) {
}
