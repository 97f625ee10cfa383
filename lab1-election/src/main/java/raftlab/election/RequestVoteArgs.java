package raftlab.election;

/**
 * RequestVote arguments (Figure 2).
 *
 * @param preVote true for a pre-vote (lab 1's optional part, thesis §9.6): {@code term} is the term the
 *                candidate would campaign in, and the answer says whether the voter would grant its
 *                vote there; asking and answering change no one's term or vote
 */
public record RequestVoteArgs(long term, int candidateId, long lastLogIndex, long lastLogTerm, boolean preVote) {
    /** A vote request of Figure 2. */
    public RequestVoteArgs(long term, int candidateId, long lastLogIndex, long lastLogTerm) {
        this(term, candidateId, lastLogIndex, lastLogTerm, false);
    }
}
