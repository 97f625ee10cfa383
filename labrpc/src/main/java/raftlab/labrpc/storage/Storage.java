package raftlab.labrpc.storage;

/**
 * A node's durable storage. Whatever a method stores is durable when it returns: a crash keeps it.
 *
 * <p>This is the append-oriented contract of the design (not a whole-state blob). Lab 1 uses the
 * hard state; the log operations (append entries, truncate a suffix, compact into a snapshot) are
 * added here by the labs that need them, with the same rule: durable on return.
 */
public interface Storage {

    /** The last hard state saved, or {@link HardState#INITIAL} on a fresh node. */
    HardState hardState();

    /** Saves term and vote durably; returns only when a crash would keep them. */
    void saveHardState(HardState state);

    /** Bytes of durable Raft state (the tester's bound on how much a node keeps). */
    long sizeBytes();
}
