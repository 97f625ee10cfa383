package raftlab.snapshots;

/**
 * The follower's answer: its term, and how many bytes of that snapshot it now holds (the leader sends
 * the next chunk from there). The whole size, or more, means the follower has everything the snapshot
 * covers: it installed it, or held those entries committed already.
 */
public record InstallSnapshotReply(long term, long received) {
}
