package raftlab.labrpc.storage;

/**
 * The part of Raft's state that Figure 2 requires to be durable besides the log: the current term
 * and the vote cast in it ({@link #NO_VOTE} if none).
 */
public record HardState(long term, int votedFor) {
    public static final int NO_VOTE = -1;
    public static final HardState INITIAL = new HardState(0, NO_VOTE);

    public HardState {
        if (term < 0) {
            throw new IllegalArgumentException("negative term " + term);
        }
        if (votedFor < NO_VOTE) {
            throw new IllegalArgumentException("invalid votedFor " + votedFor);
        }
    }
}
