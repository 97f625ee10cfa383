package raftlab.snapshots;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import raftlab.election.RaftRpc;
import raftlab.labrpc.net.Service;
import raftlab.persistence.DurableNode;
import raftlab.raft.PeerEnv;
import raftlab.raft.RaftFactory;
// BEGIN SOLUTION
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import raftlab.election.AppendEntriesArgs;
import raftlab.election.AppendEntriesReply;
import raftlab.labrpc.net.ClientEnd;
import raftlab.labrpc.net.Codec;
import raftlab.labrpc.storage.StoredSnapshot;
import raftlab.persistence.DurableLog;
import raftlab.raft.ApplyMsg;
import raftlab.raft.Membership;
import raftlab.raft.RaftInspection;
import raftlab.replication.LogInspection;
// END SOLUTION

/**
 * Lab 5, part A: your lab 3 peer with log compaction (§7, Figure 13). When the service hands Raft a
 * snapshot of its state ({@link #snapshot}), the log before it goes; a follower that needs entries
 * the leader no longer holds gets the snapshot instead, in chunks ({@link SnapshotRpc}); a
 * restarting peer starts from its snapshot and the log after it.
 *
 * <p>What compaction changes in your log, your replication and your apply loop is yours to design.
 */
public class CompactingNode extends DurableNode implements SnapshotRpc {
    // BEGIN SOLUTION
    /** Largest chunk of snapshot per InstallSnapshot: a large snapshot never travels as one message. */
    static final int CHUNK_BYTES = 32 * 1024;
    /** A chunk with no answer after this long is sent again (by the next heartbeat). */
    static final long RESEND_MS = 250;

    /** The log with its compacted prefix: the same object lab 3 writes through to storage. */
    private final CompactedLog compacted;
    private final List<SnapshotRpc> snapshotPeers = new ArrayList<>();
    /** The leader's snapshot transfer to each peer that needs one. */
    private final Transfer[] transfers;
    /** The snapshot this follower is receiving, chunk by chunk. */
    private Incoming incoming;
    /** A snapshot the service must get before any command after it. */
    private ApplyMsg.Snapshot pendingSnapshot;


    /**
     * One peer's transfer: which snapshot (kept until it is done, even if the leader snapshots again
     * meanwhile: restarting at every new snapshot would never finish under load), how far the peer has
     * got, and the chunk in flight.
     */
    private static final class Transfer {
        final long index;
        final long term;
        final byte[] data; // one copy for the whole transfer, not one per chunk
        final Membership membership;
        long offset;
        long sentAt;
        boolean inFlight;

        Transfer(StoredSnapshot snapshot) {
            this.index = snapshot.index();
            this.term = snapshot.term();
            this.data = snapshot.data();
            this.membership = membershipOf(snapshot);
        }
    }

    /**
     * The snapshot being received: which one, from the leader of which term (two leaders' encodings of
     * the same state need not be the same bytes, so chunks of both must never be joined), and the bytes so far.
     */
    private static final class Incoming {
        final long index;
        final long term;
        final long leaderTerm;
        Membership membership;
        private final List<byte[]> chunks = new ArrayList<>();
        private long received;

        Incoming(long index, long term, long leaderTerm) {
            this.index = index;
            this.term = term;
            this.leaderTerm = leaderTerm;
        }

        long received() {
            return received;
        }

        void add(byte[] chunk) {
            chunks.add(chunk);
            received += chunk.length;
        }

        /** The chunks joined into one array of exactly the snapshot's size (a growing stream would peak at three). */
        byte[] joined() {
            ByteBuffer all = ByteBuffer.allocate(Math.toIntExact(received));
            chunks.forEach(all::put);
            return all.array();
        }
    }
    // END SOLUTION

    public CompactingNode(PeerEnv env) {
        // BEGIN SOLUTION
        this(env, restore(env));
    }

    private CompactingNode(PeerEnv env, CompactedLog log) {
        super(env, log);
        this.compacted = log;
        for (ClientEnd end : env.peers()) {
            snapshotPeers.add(end.stub(SnapshotRpc.class));
        }
        this.transfers = new Transfer[env.peers().size()];
        StoredSnapshot saved = storage.snapshot();
        if (saved != null) { // the service starts from the snapshot: it is delivered first
            pendingSnapshot = new ApplyMsg.Snapshot(saved.index(), saved.term(), saved.data());
            commitIndex = saved.index();
        }
        // ELSE STUB
        // super(env);
        // END SOLUTION
    }

    /** How the tester makes a lab 5 peer. */
    public static RaftFactory factory() {
        // BEGIN SOLUTION
        return env -> new ReconfigurableNode(env).started(); // with the optional membership part, and leadership transfer
        // ELSE STUB
        // return CompactingNode::new;
        // END SOLUTION
    }

    @Override
    public List<Service<?>> services() {
        return List.of(Service.of(RaftRpc.class, this), Service.of(SnapshotRpc.class, this));
    }

    // BEGIN SOLUTION
    @Override
    public synchronized CompletableFuture<InstallSnapshotReply> installSnapshot(InstallSnapshotArgs args) {
        if (!alive() || !acceptLeader(args.term(), args.leaderId())) {
            return CompletableFuture.completedFuture(new InstallSnapshotReply(currentTerm(), 0));
        }
        return CompletableFuture.completedFuture(new InstallSnapshotReply(currentTerm(), receive(args)));
    }

    // ELSE STUB
    // @Override
    // public CompletableFuture<InstallSnapshotReply> installSnapshot(InstallSnapshotArgs args) {
    //     // TODO lab 5A: Figure 13, InstallSnapshot RPC, receiver implementation
    //     return CompletableFuture.completedFuture(new InstallSnapshotReply(0, 0));
    // }
    // END SOLUTION

    // BEGIN SOLUTION
    /** The log as storage kept it: the entries after the snapshot, if there is one. */
    private static CompactedLog restore(PeerEnv env) {
        StoredSnapshot saved = env.storage().snapshot();
        return new CompactedLog(env.storage().logBase(), saved == null ? 0 : saved.term(), DurableLog.restore(env.storage()));
    }

    @Override
    protected CompactingNode started() {
        synchronized (this) {
            if (pendingSnapshot != null) {
                scheduleApply();
            }
        }
        super.started();
        return this;
    }

    // ---- the service's snapshots ----

    @Override
    public synchronized void snapshot(long index, byte[] data) {
        if (!alive() || index <= compacted.base()) {
            return; // we already hold a snapshot at least this recent
        }
        if (index > lastApplied) {
            throw new IllegalArgumentException("snapshot through " + index + " but only " + lastApplied
                    + " entries were applied: a service can only snapshot what it has seen");
        }
        long term = log.termAt(index);
        Membership m = membershipAt(index);
        compacted.compactThrough(index, term);
        storage.saveSnapshot(index, term, data, m == null ? null : Codec.encode(m)); // drops the stored records it covers
        sync();
    }

    /** The configuration a snapshot {@code storage} kept holds, or null. */
    static Membership membershipOf(StoredSnapshot snapshot) {
        return snapshot == null || snapshot.meta() == null ? null : Codec.decode(snapshot.meta(), Membership.class);
    }

    /** The configuration in effect at {@code index}, which a snapshot through it keeps (null: none to keep). */
    protected Membership membershipAt(long index) {
        return null;
    }

    /** A snapshot through {@code index} was installed from the leader, with the configuration it held (or null). */
    protected void installed(long index, Membership membership) {
    }

    /** The last index the snapshot covers (0 without one): the log holds the entries after it. */
    protected final long logBase() {
        return compacted.base();
    }


    @Override
    protected List<ApplyMsg> nextToApply() {
        if (pendingSnapshot == null) {
            return super.nextToApply();
        }
        List<ApplyMsg> batch = new ArrayList<>(List.of(pendingSnapshot));
        lastApplied = Math.max(lastApplied, pendingSnapshot.index());
        pendingSnapshot = null;
        batch.addAll(super.nextToApply());
        return batch;
    }

    // ---- leader: a peer that needs what only the snapshot holds ----

    @Override
    protected AppendEntriesArgs appendEntriesFor(int peer) {
        if (progress(peer).next() > compacted.base()) {
            return super.appendEntriesFor(peer);
        }
        sendSnapshotChunk(peer);
        progress(peer).sent(true); // the snapshot is on its way: new commands need not nudge this peer
        // Meanwhile a heartbeat at the snapshot's end: a peer that already holds that entry accepts it.
        return new AppendEntriesArgs(currentTerm(), me, compacted.base(), log.termAt(compacted.base()), List.of(), commitIndex);
    }

    @Override
    protected void becomeLeader() {
        Arrays.fill(transfers, null); // a transfer of an earlier term is nobody's business now
        super.becomeLeader();
    }

    private void sendSnapshotChunk(int peer) {
        Transfer t = transfers[peer];
        if (t == null) {
            t = new Transfer(storage.snapshot());
            transfers[peer] = t;
        } else if (t.inFlight && runtime.now() - t.sentAt < RESEND_MS) {
            return;
        }
        int from = (int) t.offset;
        int to = Math.min(t.data.length, from + CHUNK_BYTES);
        InstallSnapshotArgs args = new InstallSnapshotArgs(currentTerm(), me, t.index, t.term, from,
                Base64.getEncoder().encodeToString(Arrays.copyOfRange(t.data, from, to)), to == t.data.length,
                from == 0 ? t.membership : null);
        t.inFlight = true;
        t.sentAt = runtime.now();
        Transfer sent = t;
        snapshotPeers.get(peer).installSnapshot(args).whenComplete((reply, lost) -> {
            if (lost == null) {
                onSnapshotReply(peer, sent, args, reply);
            }
        });
    }

    private synchronized void onSnapshotReply(int peer, Transfer t, InstallSnapshotArgs sent, InstallSnapshotReply reply) {
        if (!alive() || observeTerm(reply.term(), peer) || !isLeader() || currentTerm() != sent.term()
                || transfers[peer] != t || sent.offset() != t.offset) {
            return; // stale: another term, an abandoned transfer, or a duplicate of an answered chunk
        }
        t.inFlight = false;
        if (reply.received() >= t.data.length) { // installed, or covered already
            transfers[peer] = null;
            progress(peer).acknowledged(t.index);
            if (progress(peer).next() <= log.lastIndex()) {
                sendAppendEntries(peer);
            }
            return;
        }
        if (progress(peer).match() >= t.index) {
            transfers[peer] = null; // the peer caught up by AppendEntries meanwhile
            return;
        }
        t.offset = Math.min(Math.max(0, reply.received()), t.data.length);
        sendSnapshotChunk(peer); // the next chunk at once
    }

    // ---- follower ----

    /** Takes one chunk; returns how many bytes of this snapshot we hold. */
    private long receive(InstallSnapshotArgs args) {
        if (args.lastIncludedIndex() <= commitIndex) {
            incoming = null;
            return Long.MAX_VALUE; // covered: its entries are committed here already (perhaps we installed it, and our answer was lost)
        }
        boolean same = incoming != null && incoming.index == args.lastIncludedIndex()
                && incoming.term == args.lastIncludedTerm() && incoming.leaderTerm == args.term();
        if (args.offset() == 0 && !same) {
            incoming = new Incoming(args.lastIncludedIndex(), args.lastIncludedTerm(), args.term());
            incoming.membership = args.membership(); // the first chunk carries it
        } else if (!same) {
            return 0; // a chunk of a snapshot we have not started: ask for it from the beginning
        }
        if (args.offset() != incoming.received()) {
            return incoming.received(); // a duplicate or a gap: tell the leader where we are
        }
        incoming.add(Base64.getDecoder().decode(args.data()));
        if (!args.done()) {
            return incoming.received();
        }
        byte[] data = incoming.joined();
        Membership membership = incoming.membership;
        incoming = null;
        install(args.lastIncludedIndex(), args.lastIncludedTerm(), data, membership);
        return data.length;
    }

    /** Figure 13, steps 6–8: keep a log tail that follows the snapshot, save both durably, then hand it to the service. */
    private void install(long index, long term, byte[] data, Membership membership) {
        if (!compacted.compactThrough(index, term) && storage.lastLogIndex() > storage.logBase()) {
            storage.truncateLog(storage.logBase() + 1); // nothing we hold after the snapshot can be trusted
        }
        storage.saveSnapshot(index, term, data, membership == null ? null : Codec.encode(membership));
        sync();
        pendingSnapshot = new ApplyMsg.Snapshot(index, term, data);
        installed(index, membership);
        commitTo(index); // above our commit index: receive() answered "covered" otherwise
    }

    /** An AppendEntries that starts inside our snapshot: what the snapshot covers is committed, so skip it. */
    @Override
    protected AppendEntriesReply acceptEntries(AppendEntriesArgs args) {
        long base = compacted.base();
        if (args.prevLogIndex() >= base) {
            return super.acceptEntries(args);
        }
        int covered = (int) (base - args.prevLogIndex());
        if (covered >= args.entries().size()) {
            return new AppendEntriesReply(currentTerm(), true);
        }
        return super.acceptEntries(new AppendEntriesArgs(args.term(), args.leaderId(), base, log.termAt(base),
                args.entries().subList(covered, args.entries().size()), args.leaderCommit()));
    }

    // ---- the tester's view ----

    @Override
    public RaftInspection inspect() {
        return new LogInspection(this) {
            @Override
            public long logBase() {
                synchronized (CompactingNode.this) {
                    return compacted.base();
                }
            }

            @Override
            public Object logCommand(long index) {
                synchronized (CompactingNode.this) {
                    return index <= compacted.base() ? null : super.logCommand(index);
                }
            }
        };
    }
    // END SOLUTION
}
