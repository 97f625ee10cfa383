package raftlab.election;

import raftlab.labrpc.raft.StartResult;

/**
 * Seam: what AppendEntries carries besides the term rules — the leader's per-peer duty and the
 * follower's handling of entries. Lab 1 sends heartbeats only ({@link HeartbeatsOnly}); lab 2
 * replaces this with log replication. All methods are called with the node's lock held.
 */
public interface Replication {

    /** Called when this node becomes leader of {@code term}. */
    void onBecomeLeader(long term);

    /** The AppendEntries the leader sends {@code peer} now. */
    AppendEntriesArgs nextAppend(int peer, long term, int leaderId);

    /** A reply from {@code peer} to {@code sent}, received while still leader of the same term. */
    void onAppendReply(int peer, AppendEntriesArgs sent, AppendEntriesReply reply);

    /** Follower side: {@code args} comes from the leader of {@code currentTerm}. */
    AppendEntriesReply onAppendEntries(AppendEntriesArgs args, long currentTerm);

    /** Leader side of {@link raftlab.labrpc.raft.Raft#start}. */
    StartResult start(Object command, long term);
}
