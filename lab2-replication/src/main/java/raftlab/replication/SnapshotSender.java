package raftlab.replication;

/**
 * Seam (lab 5): ships the leader's snapshot to a peer whose next entry the leader no longer holds.
 * Before lab 5 the log is never compacted, so this never happens ({@link #NONE}).
 */
public interface SnapshotSender {
    /**
     * Called with the node's lock held, on every replication attempt while {@code peer} needs the
     * snapshot (a heartbeat is the retry of a lost chunk).
     */
    void send(int peer, long term);

    /** How the sender reports that a peer now holds the snapshot through {@code index}. */
    interface PeerProgress {
        /** With the node's lock held: {@code peer} installed the snapshot through {@code index}, sent in {@code term}. */
        void installed(int peer, long index, long term);
    }

    SnapshotSender NONE = (peer, term) -> {
        throw new IllegalStateException("peer " + peer + " needs a snapshot, but the log is never compacted before lab 5");
    };
}
