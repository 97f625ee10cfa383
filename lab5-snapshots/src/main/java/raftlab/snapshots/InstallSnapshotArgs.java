package raftlab.snapshots;

/**
 * One chunk of the leader's snapshot (Raft paper, Figure 13): {@code data} (base64) holds bytes
 * {@code offset ..} of the snapshot through {@code lastIncludedIndex}; {@code done} marks the last chunk.
 */
public record InstallSnapshotArgs(long term, int leaderId, long lastIncludedIndex, long lastIncludedTerm,
                                  long offset, String data, boolean done) {
}
