package raftlab.election;

import raftlab.labrpc.raft.StartResult;

/** Lab 1's {@link Replication}: empty heartbeats, nothing to replicate. */
public final class HeartbeatsOnly implements Replication {
    @Override
    public void onBecomeLeader(long term) {
    }

    @Override
    public AppendEntriesArgs nextAppend(int peer, long term, int leaderId) {
        return AppendEntriesArgs.heartbeat(term, leaderId);
    }

    @Override
    public void onAppendReply(int peer, AppendEntriesArgs sent, AppendEntriesReply reply) {
    }

    @Override
    public AppendEntriesReply onAppendEntries(AppendEntriesArgs args, long currentTerm) {
        return AppendEntriesReply.of(currentTerm, true);
    }

    @Override
    public StartResult start(Object command, long term) {
        return new StartResult(-1, term, true); // lab 1 has no log: nothing is appended
    }
}
