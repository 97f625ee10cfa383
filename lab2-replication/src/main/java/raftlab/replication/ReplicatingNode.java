package raftlab.replication;

import raftlab.election.ElectionNode;
import raftlab.raft.PeerEnv;
import raftlab.raft.RaftFactory;
import raftlab.raft.RaftInspection;
// BEGIN SOLUTION
import java.util.ArrayList;
import java.util.List;
import raftlab.election.AppendEntriesArgs;
import raftlab.election.AppendEntriesReply;
import raftlab.election.LogEntry;
import raftlab.election.RequestVoteArgs;
import raftlab.labrpc.net.Codec;
import raftlab.labrpc.net.Opaque;
import raftlab.labrpc.net.RpcTransport;
import raftlab.labrpc.storage.HardState;
import raftlab.raft.ApplyMsg;
import raftlab.raft.StartResult;
// END SOLUTION
// BEGIN SOLUTION lab4
import java.util.concurrent.CompletableFuture;
import raftlab.labrpc.net.LabFuture;
// END SOLUTION

/**
 * Lab 2: your lab 1 peer with a replicated log (Figure 2, §5.3–5.4): the leader appends the
 * commands it is given and replicates them, followers repair their logs to match the leader's, a
 * command commits once a majority holds it, and every peer applies committed commands in order
 * through {@code env.apply()}.
 *
 * <p>How it builds on lab 1 is yours: override the steps of your {@code ElectionNode}, and change
 * that class where it needs a step it does not have yet.
 */
public class ReplicatingNode extends ElectionNode {
    // BEGIN SOLUTION
    /** At most this many entries per AppendEntries, so a lagging peer never gets one giant message ... */
    static final int MAX_BATCH = 100;
    /** ... and at most this many bytes of them: half a message, so the rest of it always fits. */
    static final int MAX_BATCH_BYTES = RpcTransport.MAX_MESSAGE_BYTES / 2;

    protected final Log log;
    /** The leader's view of each follower; rebuilt whenever this peer wins an election. */
    private Progress[] progress;
    protected long commitIndex;
    protected long lastApplied;
    /** An apply task is scheduled or running (one at a time keeps deliveries in order, even in real mode). */
    private boolean applying;
    // END SOLUTION
    // BEGIN SOLUTION lab4
    /** ReadIndex requests of the term this peer leads, waiting for a majority to prove it still leads. */
    private ReadRounds reads;
    // END SOLUTION

    public ReplicatingNode(PeerEnv env) {
        // BEGIN SOLUTION
        this(env, HardState.INITIAL, new MemoryLog());
    }

    /** A peer that starts from a saved term, vote and log (lab 3's restart). */
    protected ReplicatingNode(PeerEnv env, HardState saved, Log log) {
        super(env, saved);
        this.log = log;
        // ELSE STUB
        // super(env);
        // END SOLUTION
    }

    /** How the tester makes a lab 2 peer. */
    public static RaftFactory factory() {
        // BEGIN SOLUTION
        return env -> new ReplicatingNode(env).started();
        // ELSE STUB
        // return ReplicatingNode::new;
        // END SOLUTION
    }

    // BEGIN SOLUTION
    // ---- leader ----

    @Override
    public synchronized StartResult start(Object command) {
        if (!isLeader()) {
            return StartResult.notLeader(currentTerm());
        }
        log.append(List.of(new LogEntry(currentTerm(), Opaque.of(command))));
        for (int peer = 0; peer < peers.size(); peer++) {
            if (sendsTo(peer) && !progress[peer].inflight()) {
                sendAppendEntries(peer); // now, not at the next heartbeat
            }
        }
        advanceCommit(); // a one-peer cluster commits here
        return new StartResult(log.lastIndex(), currentTerm(), true);
    }

    @Override
    protected void becomeLeader() {
        progress = new Progress[peers.size()];
        for (int peer = 0; peer < progress.length; peer++) {
            progress[peer] = new Progress(log.lastIndex() + 1);
        }
        super.becomeLeader();
    }
    // END SOLUTION

    // BEGIN SOLUTION lab4
    // ---- ReadIndex (thesis §6.4) ----

    @Override
    public synchronized CompletableFuture<Long> readIndex() {
        CompletableFuture<Long> answer = LabFuture.on(runtime);
        if (!isLeader()) {
            answer.completeExceptionally(new IllegalStateException("not the leader"));
        } else if (log.termAt(commitIndex) != currentTerm()) {
            // Until an entry of our term commits, entries an earlier leader committed may lie beyond our commit index.
            answer.completeExceptionally(new IllegalStateException("no entry of term " + currentTerm() + " committed yet"));
        } else {
            if (reads == null || reads.term() != currentTerm()) {
                reads = new ReadRounds(currentTerm(), peers.size(), me, this::isMajority);
            }
            if (reads.add(commitIndex, runtime.now(), answer)) {
                broadcastAppendEntries();
            }
            reads.settle(); // a one-peer cluster is its own majority
        }
        return answer;
    }

    /** Every AppendEntries sent while reads wait carries the newest round; an answer in our term proves that round. */
    @Override
    protected CompletableFuture<AppendEntriesReply> sendAppendEntries(int peer) {
        if (peer == me || !isLeader() || reads == null || reads.term() != currentTerm() || !reads.isWaiting()) {
            return super.sendAppendEntries(peer);
        }
        long round = reads.sending();
        long term = currentTerm();
        CompletableFuture<AppendEntriesReply> reply = super.sendAppendEntries(peer);
        reply.thenAccept(r -> readRoundAnswered(peer, term, round, r));
        return reply;
    }

    private synchronized void readRoundAnswered(int peer, long term, long round, AppendEntriesReply reply) {
        if (isLeader() && currentTerm() == term && reply.term() == term && reads != null && reads.term() == term
                && reads.answered(peer, round)) {
            broadcastAppendEntries(); // reads that came during the round wait for the next: start it now
        }
    }

    private void broadcastAppendEntries() {
        for (int peer = 0; peer < peers.size(); peer++) {
            if (sendsTo(peer)) {
                sendAppendEntries(peer);
            }
        }
    }

    /** A leader that steps down (check-quorum) cannot prove its leadership for the reads waiting on it. */
    @Override
    protected void stepDown(String why) {
        super.stepDown(why);
        if (reads != null) {
            reads.failAll("stepped down: " + why);
        }
    }

    /** A leader that learns of a newer term can no longer prove anything for the reads of its own. */
    @Override
    protected boolean observeTerm(long term, int from) {
        boolean newer = super.observeTerm(term, from);
        if (newer && reads != null) {
            reads.failAll("leadership lost to term " + term);
            reads = null;
        }
        return newer;
    }

    @Override
    public synchronized void kill() {
        super.kill();
        if (reads != null) {
            reads.failAll("peer killed");
        }
    }
    // END SOLUTION

    // BEGIN SOLUTION

    /** The leader's view of {@code peer} (this peer must lead). */
    protected final Progress progress(int peer) {
        return progress[peer];
    }

    /** The longest prefix of {@code batch} within {@link #MAX_BATCH_BYTES} encoded, but never less than one entry. */
    private static List<LogEntry> withinBytes(List<LogEntry> batch) {
        if (batch.size() < 2) {
            return batch;
        }
        long bytes = 0;
        for (int i = 0; i < batch.size(); i++) {
            bytes += Codec.byteLength(Codec.encode(batch.get(i)));
            if (bytes > MAX_BATCH_BYTES) {
                return batch.subList(0, Math.max(1, i));
            }
        }
        return batch;
    }

    @Override
    protected AppendEntriesArgs appendEntriesFor(int peer) {
        Progress p = progress[peer];
        long prev = p.next() - 1;
        List<LogEntry> batch = withinBytes(log.slice(p.next(), MAX_BATCH));
        p.sent(!batch.isEmpty()); // a heartbeat always goes out, and doubles as the retry of a lost batch
        return new AppendEntriesArgs(currentTerm(), me, prev, log.termAt(prev), batch, commitIndex);
    }

    @Override
    protected void appendEntriesAnswered(int peer, AppendEntriesArgs sent, AppendEntriesReply reply) {
        Progress p = progress[peer];
        if (reply.success()) {
            if (p.acknowledged(sent.prevLogIndex() + sent.entries().size())) {
                advanceCommit();
                if (p.next() <= log.lastIndex()) {
                    sendAppendEntries(peer); // more to send: keep the pipeline going (a duplicate reply starts no second one)
                }
            }
        } else if (p.backUp(sent.prevLogIndex(), backedUpNext(reply))) {
            sendAppendEntries(peer); // retry now rather than at the next heartbeat
        }
    }

    /**
     * The fast backup: skip the follower's whole conflicting term in one round trip. A follower whose
     * log is too short says where it ends; otherwise resume after our last entry of its conflicting
     * term, or, if we have none, at its first entry of that term.
     */
    private long backedUpNext(AppendEntriesReply reply) {
        long next = reply.conflictIndex();
        if (reply.conflictTerm() != 0) {
            long ours = log.lastIndexOfTerm(reply.conflictTerm());
            if (ours > 0) {
                next = ours + 1;
            }
        }
        return Math.max(1, Math.min(next, log.lastIndex() + 1));
    }

    /**
     * The commit rule (§5.3, §5.4.2): the largest N held by a majority whose entry is of the current
     * term. Entries of earlier terms commit only with it (Figure 8).
     */
    protected final void advanceCommit() {
        for (long n = log.lastIndex(); n > commitIndex && log.termAt(n) == currentTerm(); n--) {
            long index = n;
            if (isMajority(peer -> (peer == me ? ownMatch() : progress[peer].match()) >= index)) {
                commitTo(n);
                return;
            }
        }
    }

    /** How far the leader's own log counts towards a majority: all of it, while the log is in memory. */
    protected long ownMatch() {
        return log.lastIndex();
    }

    // ---- follower ----

    @Override
    protected AppendEntriesReply acceptEntries(AppendEntriesArgs args) {
        long prev = args.prevLogIndex();
        if (prev > log.lastIndex()) {
            return new AppendEntriesReply(currentTerm(), false, 0, log.lastIndex() + 1);
        }
        long ourTerm = log.termAt(prev);
        if (ourTerm != args.prevLogTerm()) {
            return new AppendEntriesReply(currentTerm(), false, ourTerm, log.firstIndexOfTerm(ourTerm, prev));
        }
        merge(prev, args.entries());
        long lastNew = prev + args.entries().size(); // what this message proves we share with the leader
        if (args.leaderCommit() > commitIndex) {
            commitTo(Math.min(args.leaderCommit(), lastNew));
        }
        return new AppendEntriesReply(currentTerm(), true);
    }

    /**
     * Figure 2's receiver rules 3 and 4: an entry that conflicts with ours (same index, other term)
     * removes ours and all after it; entries we already hold stay, so a stale, shorter AppendEntries
     * never truncates the log.
     */
    private void merge(long prev, List<LogEntry> incoming) {
        for (int i = 0; i < incoming.size(); i++) {
            long index = prev + 1 + i;
            if (index <= log.lastIndex()) {
                if (log.termAt(index) == incoming.get(i).term()) {
                    continue;
                }
                log.truncateFrom(index);
            }
            log.append(incoming.subList(i, incoming.size()));
            return;
        }
    }

    @Override
    protected boolean candidateLogUpToDate(RequestVoteArgs args) {
        long ourTerm = log.lastTerm();
        return args.lastLogTerm() > ourTerm || args.lastLogTerm() == ourTerm && args.lastLogIndex() >= log.lastIndex();
    }

    @Override
    protected long lastLogIndex() {
        return log.lastIndex();
    }

    @Override
    protected long lastLogTerm() {
        return log.lastTerm();
    }

    // ---- applying ----

    /** Everything through {@code index} is committed: hand it to the service, in order, soon. */
    protected final void commitTo(long index) {
        if (index <= commitIndex) {
            return;
        }
        commitIndex = index;
        scheduleApply();
    }

    protected final void scheduleApply() {
        if (!applying) {
            applying = true;
            runtime.execute(this::applyCommitted);
        }
    }

    /**
     * Delivers what {@link #nextToApply} collects, outside the lock: the service may call back into
     * Raft ({@code start}, lab 5's {@code snapshot}) from its apply handler without deadlock.
     */
    private void applyCommitted() {
        boolean delivered = false;
        try {
            while (true) {
                List<ApplyMsg> batch;
                synchronized (this) {
                    batch = alive() ? nextToApply() : List.of();
                    if (batch.isEmpty()) {
                        applying = false;
                        delivered = true;
                        return;
                    }
                }
                for (ApplyMsg msg : batch) {
                    if (!alive()) {
                        break; // killed meanwhile: nothing more reaches the service (the contract of kill())
                    }
                    env.apply().accept(msg);
                }
            }
        } finally {
            if (!delivered) { // the service threw: a later commit schedules a fresh task (the failure is reported)
                synchronized (this) {
                    applying = false;
                }
            }
        }
    }

    /** With the lock held: the committed commands not yet handed out, in order; advances lastApplied. */
    protected List<ApplyMsg> nextToApply() {
        List<ApplyMsg> batch = new ArrayList<>();
        for (long i = lastApplied + 1; i <= commitIndex; i++) {
            batch.add(new ApplyMsg.Command(i, log.entry(i).command().value()));
        }
        lastApplied = Math.max(lastApplied, commitIndex);
        return batch;
    }

    // END SOLUTION

    // ---- the tester's view ----

    // BEGIN SOLUTION
    @Override
    public RaftInspection inspect() {
        return new LogInspection(this);
    }

    /** The leader's match index for {@code peer} (its own log's durable end for itself), or -1 on a non-leader. */
    long matchIndex(int peer) {
        return isLeader() ? (peer == me ? ownMatch() : progress[peer].match()) : -1;
    }
    // ELSE STUB
    // /** The tester's read-only view of your log: its monitors check Figure 3's properties through it. */
    // @Override
    // public RaftInspection inspect() {
    //     throw new UnsupportedOperationException("TODO lab 2: the tester's view of your log (see RaftInspection)");
    // }
    // END SOLUTION
}
