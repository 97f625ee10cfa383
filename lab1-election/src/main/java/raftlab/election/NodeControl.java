package raftlab.election;

/**
 * What a later lab's parts may ask of the node they are plugged into. Every method must be called
 * with the node's lock held ({@link #lock()}); the seams' own methods are already called that way.
 */
public interface NodeControl {
    int me();

    /** Number of peers, this node included. */
    int peerCount();

    long currentTerm();

    boolean isLeader();

    /** Leader only: send AppendEntries to every other peer now, so a new command replicates at once. */
    void replicateNow();

    /** Leader only: send AppendEntries to one peer now (e.g. right after it rejected one). */
    void replicateTo(int peer);

    /** The node's lock. A part that runs a task of its own (the applier) takes it to touch Raft state. */
    Object lock();

    /** False once the node was killed. */
    boolean alive();

    /** Runs {@code task} soon on the node's runtime, holding its lock, unless the node was killed by then. */
    void later(Runnable task);

    /**
     * A message from the leader of {@code term} (lab 5's InstallSnapshot): the same term rules as an
     * AppendEntries — a newer term is adopted, and a leader of our term makes this node a follower
     * and resets its election timer. Returns false if the message is stale (its term is older).
     */
    boolean acceptLeader(long term, int leaderId);

    /** A reply carrying {@code term} from {@code peer}: if it is newer, this node adopts it and follows. Returns true then. */
    boolean observeTerm(long term, int peer);
}
