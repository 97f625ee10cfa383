package raftlab.persistence;

import raftlab.election.RaftNode;
import raftlab.election.Seams;
import raftlab.labrpc.raft.RaftFactory;
import raftlab.labrpc.storage.Storage;
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
        return (env, node) -> {
            Storage storage = env.storage();
            RaftLog log = new RaftLog(new DurableLogSink(storage), 0, 0, DurableLogSink.restore(storage));
            return LogReplication.assemble(env, node, log, new StorageDurability(storage));
        };
    }
}
