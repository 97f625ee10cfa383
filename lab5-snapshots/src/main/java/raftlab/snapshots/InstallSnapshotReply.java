package raftlab.snapshots;

/**
 * The follower's answer: its term, and how many bytes of that snapshot it now holds (the leader sends
 * the next chunk from there; after the last chunk, the whole size means "installed").
 */
public record InstallSnapshotReply(long term, long received) {
}
