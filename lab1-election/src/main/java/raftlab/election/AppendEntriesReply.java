package raftlab.election;

/**
 * AppendEntries results (Figure 2), plus the hints lab 2 uses to back up {@code nextIndex} quickly
 * after a mismatch: the term of the conflicting entry and the first index of that term, or the
 * follower's log length when it is too short ({@code conflictTerm = 0}).
 */
public record AppendEntriesReply(long term, boolean success, long conflictTerm, long conflictIndex) {
    public static AppendEntriesReply of(long term, boolean success) {
        return new AppendEntriesReply(term, success, 0, 0);
    }
}
