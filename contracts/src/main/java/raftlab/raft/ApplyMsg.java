package raftlab.raft;

/**
 * What Raft hands its service through the ordered apply stream. Commands are applied in log order
 * with no gaps or repeats; snapshots (from lab 5) replace the state up to their index.
 */
public sealed interface ApplyMsg {

    /** The command committed at {@code index}. */
    record Command(long index, Object command) implements ApplyMsg {
    }

    /** A snapshot covering everything through {@code index}, whose last entry had {@code term}. */
    record Snapshot(long index, long term, byte[] data) implements ApplyMsg {
    }
}
