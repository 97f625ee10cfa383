package raftlab.replication;

import java.util.Arrays;
import java.util.List;
import raftlab.election.AppendEntriesArgs;
import raftlab.election.AppendEntriesReply;
import raftlab.election.LogEntry;
import raftlab.election.NodeControl;
import raftlab.election.Replication;
import raftlab.labrpc.net.Opaque;
import raftlab.labrpc.raft.RaftInspection;
import raftlab.labrpc.raft.StartResult;

/**
 * Log replication (Figure 2, §5.3–5.4): the leader's nextIndex/matchIndex per peer, the follower's
 * consistency check and conflict repair, the fast backup of nextIndex, and the commit rule. Plugged
 * into lab 1's node as its {@link Replication}; every method runs under the node's lock.
 */
final class Replicator implements Replication, RaftInspection, SnapshotSender.PeerProgress {
    /** At most this many entries per AppendEntries, so a lagging peer never gets one giant message. */
    static final int MAX_BATCH = 100;

    private final NodeControl node;
    private final RaftLog log;
    private final Applier applier;
    private final long[] nextIndex;
    private final long[] matchIndex;
    /** An AppendEntries carrying entries is on its way to the peer and unanswered. */
    private final boolean[] inflight;
    /** A flush of the leader's own log is queued ({@link #flushSoon}). */
    private boolean flushQueued;

    private final SnapshotSender snapshots;

    Replicator(NodeControl node, RaftLog log, Applier applier, int peers, SnapshotSender snapshots) {
        this.node = node;
        this.snapshots = snapshots;
        this.log = log;
        this.applier = applier;
        this.nextIndex = new long[peers];
        this.matchIndex = new long[peers];
        this.inflight = new boolean[peers];
    }

    // ---- leader ----

    @Override
    public void onBecomeLeader(long term) {
        // BEGIN SOLUTION
        Arrays.fill(nextIndex, log.lastIndex() + 1);
        Arrays.fill(matchIndex, 0);
        Arrays.fill(inflight, false);
        matchIndex[node.me()] = log.flush(); // the leader counts only what it holds durably
        // ELSE STUB
        // // TODO lab 2: reinitialize nextIndex and matchIndex (Figure 2, volatile state on leaders)
        // END SOLUTION
    }

    @Override
    public StartResult start(Object command, long term) {
        // BEGIN SOLUTION
        long index = log.append(new LogEntry(term, Opaque.of(command)));
        for (int peer = 0; peer < nextIndex.length; peer++) {
            if (!inflight[peer]) {
                node.replicateTo(peer); // do not wait for the next heartbeat
            }
        }
        flushSoon(); // the leader's own copy counts once it is durable
        return new StartResult(index, term, true);
        // ELSE STUB
        // // TODO lab 2: append to the log, replicate at once, and flushSoon() so the leader's copy counts
        // return new StartResult(-1, term, true);
        // END SOLUTION
    }

    /**
     * Writes the leader's own log in parallel with replication (Raft thesis §10.2.1): commands started
     * while a flush is queued share it, so one sync covers a burst of them (group commit). Only then does
     * the leader count itself towards a majority — a commit never rests on a copy a crash could lose.
     */
    private void flushSoon() {
        if (!flushQueued) {
            flushQueued = true;
            node.later(this::flushOwnLog);
        }
    }

    private void flushOwnLog() {
        flushQueued = false;
        long durable = log.flush();
        if (node.isLeader()) {
            matchIndex[node.me()] = Math.max(matchIndex[node.me()], durable);
            advanceCommit(node.currentTerm()); // a one-node cluster commits here
        }
    }

    @Override
    public AppendEntriesArgs nextAppend(int peer, long term, int leaderId) {
        if (nextIndex[peer] <= log.base()) {
            // Lab 5: what this peer needs next is only in the snapshot. Ship it, and meanwhile send a
            // heartbeat at the snapshot's end (if the peer already holds that entry, it simply succeeds).
            snapshots.send(peer, term);
            return new AppendEntriesArgs(term, leaderId, log.base(), log.termAt(log.base()), List.of(), applier.commitIndex());
        }
        // BEGIN SOLUTION
        long prev = Math.max(nextIndex[peer] - 1, log.base());
        List<LogEntry> batch = log.from(prev + 1);
        if (batch.size() > MAX_BATCH) {
            batch = batch.subList(0, MAX_BATCH);
        }
        inflight[peer] = !batch.isEmpty(); // a heartbeat always goes out, and doubles as the retry of a lost batch
        return new AppendEntriesArgs(term, leaderId, prev, log.termAt(prev), batch, applier.commitIndex());
        // ELSE STUB
        // return AppendEntriesArgs.heartbeat(term, leaderId); // TODO lab 2: send what the peer is missing
        // END SOLUTION
    }

    @Override
    public void onAppendReply(int peer, AppendEntriesArgs sent, AppendEntriesReply reply) {
        // BEGIN SOLUTION
        inflight[peer] = false;
        if (reply.success()) {
            long match = sent.prevLogIndex() + sent.entries().size();
            if (match > matchIndex[peer]) { // replies can arrive out of order: never move backwards
                matchIndex[peer] = match;
            }
            nextIndex[peer] = Math.max(nextIndex[peer], match + 1);
            advanceCommit(sent.term());
            if (nextIndex[peer] <= log.lastIndex()) {
                node.replicateTo(peer); // more to send: keep the pipeline going
            }
            return;
        }
        if (nextIndex[peer] != sent.prevLogIndex() + 1) {
            return; // a stale rejection: nextIndex already moved since this was sent
        }
        nextIndex[peer] = backedUpNextIndex(reply);
        node.replicateTo(peer); // retry now rather than on the next heartbeat
        // ELSE STUB
        // // TODO lab 2: on success advance matchIndex/nextIndex and the commit index; on a mismatch back up nextIndex.
        // END SOLUTION
    }

    /**
     * The fast backup: skip the follower's whole conflicting term in one step instead of one index per
     * round trip. If the follower's log is too short ({@code conflictTerm == 0}), resume right after its
     * end; if we hold entries of the conflicting term, resume after our last one; otherwise resume at
     * the first index the follower has of that term.
     */
    private long backedUpNextIndex(AppendEntriesReply reply) {
        // BEGIN SOLUTION
        long next;
        if (reply.conflictTerm() == 0) {
            next = reply.conflictIndex();
        } else {
            long ours = log.lastIndexOfTerm(reply.conflictTerm());
            next = ours > 0 ? ours + 1 : reply.conflictIndex();
        }
        return Math.max(1, Math.min(next, log.lastIndex() + 1));
        // ELSE STUB
        // return 1; // TODO lab 2
        // END SOLUTION
    }

    /**
     * The commit rule (§5.3, §5.4.2): the largest N replicated on a majority whose entry is from the
     * current term. Entries of earlier terms commit only indirectly, with it (Figure 8).
     */
    private void advanceCommit(long term) {
        // BEGIN SOLUTION
        for (long n = log.lastIndex(); n > applier.commitIndex() && log.termAt(n) == term; n--) {
            int replicas = 0;
            for (long m : matchIndex) {
                if (m >= n) {
                    replicas++;
                }
            }
            if (replicas > matchIndex.length / 2) {
                applier.commitTo(n);
                return;
            }
        }
        // ELSE STUB
        // // TODO lab 2: advance the commit index by Figure 2's rule for leaders
        // END SOLUTION
    }

    /** Lab 5: {@code peer} installed the snapshot through {@code index}; replicate from there. */
    @Override
    public void installed(int peer, long index, long term) {
        if (!node.isLeader() || node.currentTerm() != term) {
            return;
        }
        matchIndex[peer] = Math.max(matchIndex[peer], index);
        nextIndex[peer] = Math.max(nextIndex[peer], index + 1);
        if (nextIndex[peer] <= log.lastIndex()) {
            node.replicateTo(peer);
        }
    }

    // ---- follower ----

    @Override
    public AppendEntriesReply onAppendEntries(AppendEntriesArgs args, long currentTerm) {
        // BEGIN SOLUTION
        long prev = args.prevLogIndex();
        if (prev > log.lastIndex()) {
            return new AppendEntriesReply(currentTerm, false, 0, log.lastIndex() + 1);
        }
        if (prev >= log.base() && log.termAt(prev) != args.prevLogTerm()) {
            long conflictTerm = log.termAt(prev);
            return new AppendEntriesReply(currentTerm, false, conflictTerm, log.firstIndexOfTerm(conflictTerm, prev));
        }
        log.merge(prev, args.entries());
        long lastNew = prev + args.entries().size();
        if (args.leaderCommit() > applier.commitIndex()) {
            applier.commitTo(Math.min(args.leaderCommit(), lastNew));
        }
        return AppendEntriesReply.of(currentTerm, true);
        // ELSE STUB
        // // TODO lab 2: Figure 2, AppendEntries receiver rules 2-5 (with the fast-backup hints on a mismatch)
        // return AppendEntriesReply.of(currentTerm, false);
        // END SOLUTION
    }

    // ---- inspection for the tester's monitors ----

    @Override
    public long lastLogIndex() {
        return log.lastIndex();
    }

    @Override
    public long logTerm(long index) {
        return log.termAt(index);
    }

    @Override
    public Object logCommand(long index) {
        return index <= log.base() ? null : log.entry(index).command().value();
    }

    @Override
    public long commitIndex() {
        return applier.commitIndex();
    }

    @Override
    public long logBase() {
        return log.base();
    }

    @Override
    public long matchIndex(int peer) {
        return matchIndex[peer];
    }
}
