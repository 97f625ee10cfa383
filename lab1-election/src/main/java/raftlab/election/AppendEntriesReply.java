package raftlab.election;

/**
 * AppendEntries results (Figure 2). If your leader needs more from a follower's answer (to back up
 * quickly after a mismatch, say), this record is yours to extend.
 */
public record AppendEntriesReply(
        long term,
        boolean success
        // BEGIN SOLUTION lab2
        // The fast backup's hints after a mismatch: the term of the follower's conflicting entry and
        // the first index it holds of that term, or (conflictTerm 0) the index just past its log.
        , long conflictTerm, long conflictIndex
        // END SOLUTION
) {
    // BEGIN SOLUTION lab2
    public AppendEntriesReply(long term, boolean success) {
        this(term, success, 0, 0);
    }
    // END SOLUTION
}
