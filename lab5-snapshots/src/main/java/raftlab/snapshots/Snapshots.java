package raftlab.snapshots;

import java.util.List;
import raftlab.election.RaftNode;
import raftlab.election.Seams;
import raftlab.labrpc.net.Service;
import raftlab.labrpc.raft.RaftFactory;
import raftlab.labrpc.storage.Storage;
import raftlab.labrpc.storage.StoredSnapshot;
import raftlab.persistence.Persistence;
import raftlab.replication.LogReplication;
import raftlab.replication.RaftLog;

/**
 * Lab 5's assembly: lab 3's durable Raft whose log can be compacted into a snapshot, with
 * InstallSnapshot for peers that fall behind the snapshot. A restarting peer starts from its
 * snapshot (delivered first on the apply stream) and the log tail after it.
 */
public final class Snapshots {
    private Snapshots() {
    }

    /** The lab 5 peer. */
    public static RaftFactory factory() {
        return RaftNode.factory(seams());
    }

    public static Seams seams() {
        return (env, node) -> {
            Storage storage = env.storage();
            RaftLog log = Persistence.restoreLog(storage);
            SnapshotShipper shipper = new SnapshotShipper(node, storage, env.runtime(), env.peers());
            SnapshotReceiver receiver = new SnapshotReceiver(node, log, storage);
            LogReplication.Wiring w = LogReplication.wire(env, node, log, shipper);
            shipper.reportTo(w.progress());
            receiver.deliverTo(w.applier());
            StoredSnapshot saved = storage.snapshot();
            if (saved != null) {
                synchronized (node.lock()) {
                    w.applier().installSnapshot(saved.index(), saved.term(), saved.data());
                }
            }
            return new Seams.Parts(log, w.replication(), Persistence.durability(storage),
                    new LogCompaction(log, storage, w.applier()), List.of(Service.of(SnapshotRpc.class, receiver)));
        };
    }
}
