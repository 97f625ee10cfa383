package raftlab.snapshots;

import raftlab.raft.Membership;

/**
 * One chunk of the leader's snapshot (Raft paper, Figure 13): {@code data} (base64) holds bytes
 * {@code offset ..} of the snapshot through {@code lastIncludedIndex}; {@code done} marks the last chunk.
 * {@code membership} is the configuration in effect at {@code lastIncludedIndex} (lab 5's optional
 * part, membership changes: the log that held it is gone), or null.
 */
public record InstallSnapshotArgs(long term, int leaderId, long lastIncludedIndex, long lastIncludedTerm,
                                  long offset, String data, boolean done, Membership membership) {
    /** A chunk without a configuration: Figure 13's fields. */
    public InstallSnapshotArgs(long term, int leaderId, long lastIncludedIndex, long lastIncludedTerm, long offset,
            String data, boolean done) {
        this(term, leaderId, lastIncludedIndex, lastIncludedTerm, offset, data, done, null);
    }
}
