package raftlab.election;

/**
 * Seam: what the node does when its service says a prefix of the log is now in a snapshot
 * ({@link raftlab.labrpc.raft.Raft#snapshot}). Labs 1–4 keep the whole log; lab 5 discards the
 * prefix. Called with the node's lock held.
 */
public interface Compaction {
    void snapshot(long index, byte[] data);

    Compaction NONE = (index, data) -> {
        throw new UnsupportedOperationException("log compaction arrives in lab 5");
    };
}
