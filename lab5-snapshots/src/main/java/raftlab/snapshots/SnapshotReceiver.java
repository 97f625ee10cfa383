package raftlab.snapshots;

import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import raftlab.election.NodeControl;
import raftlab.labrpc.storage.Storage;
import raftlab.replication.Applier;
import raftlab.replication.RaftLog;

/**
 * The follower's side of InstallSnapshot (Figure 13): gathers the chunks of one snapshot in order,
 * and on the last one installs it — unless the follower already has everything it covers. Installing
 * keeps a log tail that follows the snapshot's last entry, saves snapshot and log durably, and hands
 * the snapshot to the service through the ordered apply stream.
 */
final class SnapshotReceiver implements SnapshotRpc {
    private final NodeControl node;
    private final RaftLog log;
    private final Storage storage;
    private Applier applier;
    private Incoming incoming;

    /** The snapshot being received: which one, and the bytes so far. */
    private static final class Incoming {
        final long index;
        final long term;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Incoming(long index, long term) {
            this.index = index;
            this.term = term;
        }
    }

    SnapshotReceiver(NodeControl node, RaftLog log, Storage storage) {
        this.node = node;
        this.log = log;
        this.storage = storage;
    }

    void deliverTo(Applier applier) {
        this.applier = applier;
    }

    @Override
    public CompletableFuture<InstallSnapshotReply> installSnapshot(InstallSnapshotArgs args) {
        synchronized (node.lock()) {
            if (!node.alive() || !node.acceptLeader(args.term(), args.leaderId())) {
                return CompletableFuture.completedFuture(new InstallSnapshotReply(node.currentTerm(), 0));
            }
            return CompletableFuture.completedFuture(new InstallSnapshotReply(node.currentTerm(), receive(args)));
        }
    }

    /** Takes one chunk; returns how many bytes of this snapshot we hold. */
    private long receive(InstallSnapshotArgs args) {
        // BEGIN SOLUTION
        if (args.offset() == 0 || incoming == null || incoming.index != args.lastIncludedIndex()
                || incoming.term != args.lastIncludedTerm()) {
            if (args.offset() != 0) {
                return 0; // a chunk of a snapshot we have not started: ask for it from the beginning
            }
            incoming = new Incoming(args.lastIncludedIndex(), args.lastIncludedTerm());
        }
        if (args.offset() != incoming.bytes.size()) {
            return incoming.bytes.size(); // a duplicate or a gap: tell the leader where we are
        }
        byte[] chunk = Base64.getDecoder().decode(args.data());
        incoming.bytes.write(chunk, 0, chunk.length);
        if (!args.done()) {
            return incoming.bytes.size();
        }
        byte[] data = incoming.bytes.toByteArray();
        incoming = null;
        install(args.lastIncludedIndex(), args.lastIncludedTerm(), data);
        return data.length;
        // ELSE STUB
        // // TODO lab 5A: gather the chunks in order; install the snapshot when the last one arrives
        // return 0;
        // END SOLUTION
    }

    private void install(long index, long term, byte[] data) {
        // BEGIN SOLUTION
        if (index <= applier.commitIndex()) {
            return; // our log (or an earlier snapshot) already covers it: never roll the service back
        }
        boolean keptTail = log.compactThrough(index, term);
        if (!keptTail && storage.lastLogIndex() > storage.logBase()) {
            storage.truncateLog(storage.logBase() + 1); // nothing we hold after the snapshot can be trusted
        }
        storage.saveSnapshot(index, term, data);
        storage.sync();
        applier.installSnapshot(index, term, data);
        // ELSE STUB
        // // TODO lab 5A: Figure 13, steps 6–8 — keep a matching tail, save durably, hand the snapshot to the service
        // END SOLUTION
    }
}
