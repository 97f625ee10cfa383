package raftlab.persistence;

import raftlab.election.Durability;
import raftlab.election.RaftNode;
import raftlab.election.Seams;
import raftlab.labrpc.raft.RaftFactory;
import raftlab.labrpc.storage.Storage;
import raftlab.labrpc.storage.StoredSnapshot;
import raftlab.replication.LogReplication;
import raftlab.replication.RaftLog;

/**
 * Lab 3's assembly: lab 2's replicated Raft with its log and hard state on durable storage. A
 * restarting peer finds its term, vote and log where its last incarnation left them.
 */
public final class Persistence {
    private Persistence() {
    }

    /** The lab 3 peer. */
    public static RaftFactory factory() {
        return RaftNode.factory(seams());
    }

    public static Seams seams() {
        return (env, node) -> LogReplication.assemble(env, node, restoreLog(env.storage()), durability(env.storage()));
    }

    /**
     * The log as storage kept it, written through to storage from now on. With a snapshot (lab 5)
     * the log starts after it.
     */
    public static RaftLog restoreLog(Storage storage) {
        StoredSnapshot snapshot = storage.snapshot();
        return new RaftLog(new DurableLogSink(storage), storage.logBase(), snapshot == null ? 0 : snapshot.term(),
                DurableLogSink.restore(storage));
    }

    /** Term and vote on {@code storage}. */
    public static Durability durability(Storage storage) {
        return new StorageDurability(storage);
    }
}
