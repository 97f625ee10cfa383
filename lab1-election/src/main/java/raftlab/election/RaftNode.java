package raftlab.election;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import raftlab.labrpc.net.ClientEnd;
import raftlab.labrpc.net.Service;
import raftlab.labrpc.raft.PeerEnv;
import raftlab.labrpc.raft.PeerState;
import raftlab.labrpc.raft.Raft;
import raftlab.labrpc.raft.RaftFactory;
import raftlab.labrpc.raft.RaftInspection;
import raftlab.labrpc.raft.StartResult;
import raftlab.labrpc.runtime.Runtime;
import raftlab.labrpc.storage.HardState;

/**
 * A Raft peer: roles, terms, votes, election timeouts and heartbeats (Figure 2 and §5.2). What the
 * log adds (lab 2) and what durability adds (lab 3) come in through {@link Seams}.
 *
 * <p>Concurrency: one coarse lock (this object's monitor) guards all state. RPCs are asynchronous,
 * so sending while holding the lock never blocks; replies and timers take the lock again.
 */
public final class RaftNode implements Raft, RaftRpc {
    /** At most ten heartbeats per second, as the tester requires. */
    static final long HEARTBEAT_MS = 100;

    private final int me;
    private final List<RaftRpc> peers = new ArrayList<>();
    private final Runtime runtime;
    private final PeerEnv env;
    private final LogView log;
    private final Replication replication;
    private final Durability durability;
    private final Compaction compaction;
    private final List<Service<?>> partServices;
    private final ElectionTimer electionTimer;

    private long currentTerm;
    private int votedFor;
    private Role role = Role.FOLLOWER;
    private int votesGranted;
    private boolean killed;

    public RaftNode(PeerEnv env, Seams seams) {
        this.env = env;
        this.me = env.me();
        this.runtime = env.runtime();
        for (ClientEnd end : env.peers()) {
            peers.add(end.stub(RaftRpc.class));
        }
        Seams.Parts parts = seams.assemble(env, new Control());
        this.log = parts.log();
        this.replication = parts.replication();
        this.durability = parts.durability();
        this.compaction = parts.compaction();
        this.partServices = parts.services();
        HardState saved = durability.load();
        this.currentTerm = saved.term();
        this.votedFor = saved.votedFor();
        this.electionTimer = new ElectionTimer(runtime, this::onElectionTimeout);
        synchronized (this) {
            electionTimer.reset();
        }
    }

    /** The lab 1 peer: elections and heartbeats only. */
    public static RaftFactory factory() {
        return factory(Seams.election());
    }

    /** A peer assembled from a lab's parts. */
    public static RaftFactory factory(Seams seams) {
        return env -> new RaftNode(env, seams);
    }

    // ---- the tester's contract ----

    @Override
    public synchronized StartResult start(Object command) {
        if (role != Role.LEADER || killed) {
            return StartResult.notLeader(currentTerm);
        }
        return replication.start(command, currentTerm);
    }

    @Override
    public synchronized PeerState state() {
        return new PeerState(currentTerm, role == Role.LEADER && !killed);
    }

    @Override
    public synchronized void kill() {
        killed = true;
        electionTimer.stop();
    }

    @Override
    public long persistedBytes() {
        return env.storage().sizeBytes();
    }

    @Override
    public List<Service<?>> services() {
        List<Service<?>> all = new ArrayList<>(List.of(Service.of(RaftRpc.class, this)));
        all.addAll(partServices);
        return all;
    }

    @Override
    public synchronized void snapshot(long index, byte[] data) {
        if (!killed) {
            compaction.snapshot(index, data);
        }
    }

    // ---- RPC handlers ----

    @Override
    public synchronized CompletableFuture<RequestVoteReply> requestVote(RequestVoteArgs args) {
        // BEGIN SOLUTION
        observeTerm(args.term(), args.candidateId());
        boolean grant = args.term() == currentTerm
                && (votedFor == HardState.NO_VOTE || votedFor == args.candidateId())
                && log.candidateUpToDate(args.lastLogIndex(), args.lastLogTerm());
        if (grant) {
            votedFor = args.candidateId();
            persist();
            electionTimer.reset(); // granting a vote counts as hearing from a would-be leader
            runtime.log("vote", "granted vote to S" + args.candidateId() + " in term " + currentTerm);
        }
        return CompletableFuture.completedFuture(new RequestVoteReply(currentTerm, grant));
        // ELSE STUB
        // // TODO lab 1: the RequestVote receiver rules of Figure 2.
        // return CompletableFuture.completedFuture(new RequestVoteReply(currentTerm, false));
        // END SOLUTION
    }

    @Override
    public synchronized CompletableFuture<AppendEntriesReply> appendEntries(AppendEntriesArgs args) {
        if (!acceptLeader(args.term(), args.leaderId())) {
            return CompletableFuture.completedFuture(AppendEntriesReply.of(currentTerm, false));
        }
        return CompletableFuture.completedFuture(replication.onAppendEntries(args, currentTerm));
    }

    /**
     * The term rules for a message from a leader (AppendEntries here, InstallSnapshot in lab 5).
     *
     * @return false if the message is from an older term and must be rejected
     */
    private boolean acceptLeader(long term, int leaderId) {
        // BEGIN SOLUTION
        observeTerm(term, leaderId);
        if (term < currentTerm) {
            return false;
        }
        // The sender leads our term: a candidate of the same term has lost and steps down.
        if (role != Role.FOLLOWER) {
            runtime.log("term", "S" + leaderId + " leads term " + currentTerm + "; back to follower");
        }
        role = Role.FOLLOWER;
        electionTimer.reset();
        return true;
        // ELSE STUB
        // // TODO lab 1: the AppendEntries term rules of Figure 2 (a heartbeat resets the election timer).
        // return false;
        // END SOLUTION
    }

    // ---- elections ----

    private synchronized void onElectionTimeout(long epoch) {
        if (killed || !electionTimer.isCurrent(epoch) || role == Role.LEADER) {
            return;
        }
        // BEGIN SOLUTION
        currentTerm++;
        role = Role.CANDIDATE;
        votedFor = me;
        votesGranted = 1;
        persist();
        electionTimer.reset(); // a split vote ends with a fresh election at the next timeout
        runtime.log("vote", "election timeout: candidate for term " + currentTerm);
        RequestVoteArgs args = new RequestVoteArgs(currentTerm, me, log.lastIndex(), log.lastTerm());
        for (int peer = 0; peer < peers.size(); peer++) {
            if (peer != me) {
                int to = peer;
                peers.get(peer).requestVote(args).whenComplete((reply, failure) -> {
                    if (failure == null) {
                        onVoteReply(to, args.term(), reply);
                    }
                });
            }
        }
        if (role == Role.CANDIDATE && votesGranted > peers.size() / 2) {
            becomeLeader(); // a one-node cluster elects itself
        }
        // ELSE STUB
        // // TODO lab 1: become a candidate and ask every peer for its vote.
        // END SOLUTION
    }

    private synchronized void onVoteReply(int from, long electionTerm, RequestVoteReply reply) {
        // BEGIN SOLUTION
        if (killed || observeTerm(reply.term(), from)) {
            return;
        }
        if (role != Role.CANDIDATE || currentTerm != electionTerm || !reply.voteGranted()) {
            return; // a late reply from an election we are no longer running
        }
        votesGranted++;
        if (votesGranted > peers.size() / 2) {
            becomeLeader();
        }
        // ELSE STUB
        // // TODO lab 1: count granted votes; a majority makes this node leader.
        // END SOLUTION
    }

    private void becomeLeader() {
        // BEGIN SOLUTION
        role = Role.LEADER;
        electionTimer.stop();
        runtime.log("lead", "leader of term " + currentTerm);
        replication.onBecomeLeader(currentTerm);
        heartbeat(currentTerm);
        // ELSE STUB
        // // TODO lab 1: lead, and assert it at once with heartbeats.
        // END SOLUTION
    }

    /** Sends one round of AppendEntries and schedules the next, as long as we lead {@code term}. */
    private synchronized void heartbeat(long term) {
        // BEGIN SOLUTION
        if (killed || role != Role.LEADER || currentTerm != term) {
            return;
        }
        for (int peer = 0; peer < peers.size(); peer++) {
            sendAppend(peer);
        }
        runtime.schedule(HEARTBEAT_MS, () -> heartbeat(term));
        // ELSE STUB
        // // TODO lab 1: send AppendEntries to every peer now and every HEARTBEAT_MS while leading.
        // END SOLUTION
    }

    /** Sends {@code peer} the AppendEntries the replication part prepares for it (leader only). */
    private void sendAppend(int peer) {
        // BEGIN SOLUTION
        if (peer == me || role != Role.LEADER || killed) {
            return;
        }
        AppendEntriesArgs args = replication.nextAppend(peer, currentTerm, me);
        peers.get(peer).appendEntries(args).whenComplete((reply, failure) -> {
            if (failure == null) {
                onAppendReply(peer, args, reply);
            }
        });
        // ELSE STUB
        // // TODO lab 1: send replication.nextAppend(peer, ...) and hand the reply to onAppendReply.
        // END SOLUTION
    }

    private synchronized void onAppendReply(int from, AppendEntriesArgs sent, AppendEntriesReply reply) {
        // BEGIN SOLUTION
        if (killed || observeTerm(reply.term(), from)) {
            return;
        }
        if (role == Role.LEADER && currentTerm == sent.term()) {
            replication.onAppendReply(from, sent, reply);
        }
        // ELSE STUB
        // // TODO lab 1: a reply can carry a higher term too.
        // END SOLUTION
    }

    /**
     * The rule for all servers: a higher term seen in any request or reply makes this node a follower
     * of that term, with no vote cast yet.
     *
     * @return true if {@code term} was higher than ours
     */
    private boolean observeTerm(long term, int from) {
        // BEGIN SOLUTION
        if (term <= currentTerm) {
            return false;
        }
        runtime.log("term", "saw term " + term + " from S" + from + " (was " + currentTerm + " as " + role + ")");
        currentTerm = term;
        votedFor = HardState.NO_VOTE;
        if (role != Role.FOLLOWER) {
            role = Role.FOLLOWER;
            electionTimer.reset();
        }
        persist();
        return true;
        // ELSE STUB
        // return false; // TODO lab 1: the rule for all servers about a higher term
        // END SOLUTION
    }

    private void persist() {
        durability.save(new HardState(currentTerm, votedFor));
    }

    /** A read-only view of the log for the tester's monitors, if this node's parts offer one. */
    @Override
    public RaftInspection inspect() {
        if (!(replication instanceof RaftInspection view)) {
            return null;
        }
        return new LockedInspection(this, view, () -> role == Role.LEADER);
    }

    /** The node as its parts see it. */
    private final class Control implements NodeControl {
        @Override
        public int me() {
            return me;
        }

        @Override
        public int peerCount() {
            return peers.size();
        }

        @Override
        public long currentTerm() {
            return currentTerm;
        }

        @Override
        public boolean isLeader() {
            return role == Role.LEADER && !killed;
        }

        @Override
        public void replicateNow() {
            for (int peer = 0; peer < peers.size(); peer++) {
                sendAppend(peer);
            }
        }

        @Override
        public void replicateTo(int peer) {
            sendAppend(peer);
        }

        @Override
        public Object lock() {
            return RaftNode.this;
        }

        @Override
        public boolean alive() {
            return !killed;
        }

        @Override
        public void later(Runnable task) {
            runtime.execute(() -> {
                synchronized (RaftNode.this) {
                    if (!killed) {
                        task.run();
                    }
                }
            });
        }

        @Override
        public boolean acceptLeader(long term, int leaderId) {
            return RaftNode.this.acceptLeader(term, leaderId);
        }

        @Override
        public boolean observeTerm(long term, int peer) {
            return RaftNode.this.observeTerm(term, peer);
        }
    }
}
