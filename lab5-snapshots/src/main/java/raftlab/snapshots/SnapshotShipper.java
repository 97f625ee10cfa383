package raftlab.snapshots;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import raftlab.election.NodeControl;
import raftlab.labrpc.net.ClientEnd;
import raftlab.labrpc.runtime.Runtime;
import raftlab.labrpc.storage.Storage;
import raftlab.labrpc.storage.StoredSnapshot;
import raftlab.replication.SnapshotSender;

/**
 * The leader's side of InstallSnapshot: the latest snapshot goes to a lagging peer in chunks of at
 * most {@link #CHUNK_BYTES}, one chunk in flight at a time, each sent where the peer says it has
 * got to. A lost chunk is sent again by the next replication attempt (heartbeats come every 100 ms)
 * once {@link #RESEND_MS} have passed.
 */
final class SnapshotShipper implements SnapshotSender {
    /** Largest chunk, in snapshot bytes (a large snapshot never travels as one message). */
    static final int CHUNK_BYTES = 32 * 1024;
    /** A chunk with no answer after this long is sent again. */
    static final long RESEND_MS = 250;

    private final NodeControl node;
    private final Storage storage;
    private final Runtime runtime;
    private final List<SnapshotRpc> peers = new ArrayList<>();
    private final Transfer[] transfers;
    private SnapshotSender.PeerProgress progress;

    /** One peer's transfer: which snapshot, how far the peer has got, and the chunk in flight. */
    private static final class Transfer {
        final StoredSnapshot snapshot;
        final byte[] data;
        long offset;
        long sentAt = Long.MIN_VALUE;
        boolean inFlight;

        Transfer(StoredSnapshot snapshot) {
            this.snapshot = snapshot;
            this.data = snapshot.data();
        }
    }

    SnapshotShipper(NodeControl node, Storage storage, Runtime runtime, List<ClientEnd> ends) {
        this.node = node;
        this.storage = storage;
        this.runtime = runtime;
        for (ClientEnd e : ends) {
            peers.add(e.stub(SnapshotRpc.class));
        }
        this.transfers = new Transfer[ends.size()];
    }

    void reportTo(SnapshotSender.PeerProgress progress) {
        this.progress = progress;
    }

    @Override
    public void send(int peer, long term) {
        // BEGIN SOLUTION
        StoredSnapshot latest = storage.snapshot();
        Transfer t = transfers[peer];
        if (t == null || t.snapshot.index() != latest.index()) {
            t = new Transfer(latest); // a newer snapshot replaces an unfinished transfer
            transfers[peer] = t;
        }
        if (t.inFlight && runtime.now() - t.sentAt < RESEND_MS) {
            return;
        }
        int from = (int) t.offset;
        int to = Math.min(t.data.length, from + CHUNK_BYTES);
        InstallSnapshotArgs args = new InstallSnapshotArgs(term, node.me(), t.snapshot.index(), t.snapshot.term(), from,
                Base64.getEncoder().encodeToString(Arrays.copyOfRange(t.data, from, to)), to == t.data.length);
        t.inFlight = true;
        t.sentAt = runtime.now();
        Transfer sent = t;
        peers.get(peer).installSnapshot(args).whenComplete((reply, failure) -> {
            synchronized (node.lock()) {
                onReply(peer, sent, args, failure == null ? reply : null);
            }
        });
        // ELSE STUB
        // // TODO lab 5A: send the peer the next chunk of the latest snapshot (InstallSnapshot, Figure 13)
        // END SOLUTION
    }

    private void onReply(int peer, Transfer t, InstallSnapshotArgs sent, InstallSnapshotReply reply) {
        // BEGIN SOLUTION
        if (transfers[peer] != t) {
            return; // a reply to an abandoned transfer
        }
        t.inFlight = false;
        if (reply == null || !node.alive() || node.observeTerm(reply.term(), peer)) {
            return; // lost: the next heartbeat sends it again
        }
        if (!node.isLeader() || node.currentTerm() != sent.term()) {
            return;
        }
        if (sent.done() && reply.received() >= t.data.length) {
            transfers[peer] = null;
            progress.installed(peer, sent.lastIncludedIndex(), sent.term());
            return;
        }
        t.offset = Math.min(Math.max(0, reply.received()), t.data.length);
        send(peer, sent.term()); // the next chunk at once
        // ELSE STUB
        // // TODO lab 5A: a newer term deposes us; otherwise send the next chunk, or report the peer caught up
        // END SOLUTION
    }
}
