package raftlab.raft;

/**
 * A read-only view of a peer's log and commit state, for the tester's invariant monitors (log
 * matching, leader completeness, matchIndex monotonicity). Like DSLabs' introspection methods, it
 * lets monitors check rules the apply stream cannot show, without reaching into a peer's fields.
 */
public interface RaftInspection {
    /** Index of the last log entry (0 for an empty log). */
    long lastLogIndex();

    /**
     * Term of the entry at {@code index}: 0 for index 0 until a snapshot covers it; -1 for an index a
     * snapshot covers, except the snapshot's last index, whose term survives compaction (lab 5).
     */
    long logTerm(long index);

    /** The command at {@code index}, or null if it was compacted away. */
    Object logCommand(long index);

    long commitIndex();

    /** The index before the first entry held: 0, or the last index a snapshot covers (lab 5). */
    default long logBase() {
        return 0;
    }

    /** The leader's matchIndex for {@code peer}; -1 if this peer is not leader. */
    long matchIndex(int peer);

    /**
     * Runs {@code body} while this peer's state cannot change (in real mode: holding its lock), so a
     * monitor reads one consistent state rather than a log that shrinks between two calls.
     */
    default void locked(Runnable body) {
        body.run();
    }
}
