package raftlab.raft;

/** The answer to {@link Raft#start}: where the command would go, in which term, and by whom. */
public record StartResult(long index, long term, boolean leader) {
    public static StartResult notLeader(long term) {
        return new StartResult(-1, term, false);
    }
}
