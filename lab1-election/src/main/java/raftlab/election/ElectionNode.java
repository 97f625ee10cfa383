package raftlab.election;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import raftlab.labrpc.net.ClientEnd;
import raftlab.labrpc.net.Service;
import raftlab.labrpc.runtime.Runtime;
import raftlab.raft.PeerEnv;
import raftlab.raft.PeerState;
import raftlab.raft.Raft;
import raftlab.raft.RaftFactory;
import raftlab.raft.StartResult;
// BEGIN SOLUTION
import java.util.Arrays;
import java.util.function.IntPredicate;
import raftlab.labrpc.runtime.Cancellable;
import raftlab.labrpc.storage.HardState;
// END SOLUTION

/**
 * Lab 1: a Raft peer that elects leaders and keeps its leadership with heartbeats (Figure 2, §5.2).
 * The tester drives it only through {@link Raft}; its peers call it through {@link RaftRpc}.
 *
 * <p>Later labs build on this class (lab 2's node extends it), so shape it the way you want to grow
 * it. Everything below the given fields is yours: the state of Figure 2, the timers, the handlers.
 */
public class ElectionNode implements Raft, RaftRpc {
    protected final PeerEnv env;
    /** This peer's index in {@link #peers}. */
    protected final int me;
    /** Time, timers, this node's seeded randomness, and its debug log (never the wall clock or threads). */
    protected final Runtime runtime;
    /** One RPC stub per peer of the cluster, this node's own included (at index {@link #me}). */
    protected final List<RaftRpc> peers = new ArrayList<>();

    // BEGIN SOLUTION
    /** Election timeouts are drawn from [MIN, MAX): well above the heartbeat interval and a round trip. */
    static final long ELECTION_TIMEOUT_MIN_MS = 300;
    static final long ELECTION_TIMEOUT_MAX_MS = 600;
    /** At most ten heartbeats per second, as the tester requires. */
    static final long HEARTBEAT_MS = 100;
    /**
     * Check-quorum: a leader steps down when fewer than a majority answered it within this long — the
     * longest a follower waits before it campaigns, so the leader goes no sooner than they would.
     */
    static final long QUORUM_WINDOW_MS = ELECTION_TIMEOUT_MAX_MS;
    private static final long NEVER = Long.MIN_VALUE / 2;

    /** The three roles of Figure 2. */
    private enum Role {
        FOLLOWER, CANDIDATE, LEADER
    }

    private long currentTerm;
    private int votedFor;
    private Role role = Role.FOLLOWER;
    /** Who granted this peer its vote in the election it runs (itself included). */
    private final boolean[] votes;
    /** Read without the lock by the apply task, between deliveries. */
    private volatile boolean killed;
    /** Each arming of the election timer gets a new epoch; a firing of an older one is stale (real mode). */
    private long timerEpoch;
    private Cancellable electionTimer = Cancellable.NONE;

    // Lab 1's optional part: pre-vote and check-quorum (thesis §9.6), when env.options() asks for them.
    /** Who granted a pre-vote in the round of the current timer epoch (a round ends when the timer is re-armed). */
    private final boolean[] preVotes;
    /** When this peer last accepted a message from the leader of its term: a pre-vote within the lease is refused. */
    private long leaderHeardAt = NEVER;
    /** Leader: when each peer last answered it in its term (check-quorum). */
    private final long[] answeredAt;
    // END SOLUTION

    public ElectionNode(PeerEnv env) {
        // BEGIN SOLUTION
        this(env, HardState.INITIAL);
    }

    /** A peer that starts from {@code saved} (a restarting peer's term and vote, once they are durable). */
    protected ElectionNode(PeerEnv env, HardState saved) {
        // END SOLUTION
        this.env = env;
        this.me = env.me();
        this.runtime = env.runtime();
        for (ClientEnd end : env.peers()) {
            peers.add(end.stub(RaftRpc.class));
        }
        // BEGIN SOLUTION
        this.currentTerm = saved.term();
        this.votedFor = saved.votedFor();
        this.answeredAt = new long[peers.size()];
        this.votes = new boolean[peers.size()];
        this.preVotes = new boolean[peers.size()];
        // END SOLUTION
    }

    /** How the tester makes a lab 1 peer. */
    public static RaftFactory factory() {
        // BEGIN SOLUTION
        return env -> new ElectionNode(env).started();
        // ELSE STUB
        // return ElectionNode::new;
        // END SOLUTION
    }

    // BEGIN SOLUTION
    /**
     * Arms the first election timeout. Kept out of the constructor so that a subclass has finished
     * constructing (restoring its state, say) before any timer can fire.
     */
    protected ElectionNode started() {
        synchronized (this) {
            resetElectionTimer();
        }
        return this;
    }
    // END SOLUTION

    // ---- the tester's contract ----

    // BEGIN SOLUTION
    @Override
    public synchronized StartResult start(Object command) {
        if (!isLeader()) {
            return StartResult.notLeader(currentTerm);
        }
        return new StartResult(-1, currentTerm, true); // lab 1 keeps no log: nothing is appended
    }

    @Override
    public synchronized PeerState state() {
        return new PeerState(currentTerm, isLeader());
    }

    @Override
    public synchronized void kill() {
        killed = true;
        electionTimer.cancel();
    }
    // ELSE STUB
    // @Override
    // public StartResult start(Object command) {
    //     return StartResult.notLeader(0); // TODO lab 1: a leader answers (-1, its term, true); lab 2 appends
    // }
    //
    // @Override
    // public PeerState state() {
    //     return new PeerState(0, false); // TODO lab 1
    // }
    //
    // @Override
    // public void kill() {
    //     // TODO lab 1: a killed peer stops its timers and ignores what still arrives
    // }
    // END SOLUTION

    @Override
    public long persistedBytes() {
        return env.storage().sizeBytes();
    }

    @Override
    public List<Service<?>> services() {
        return List.of(Service.of(RaftRpc.class, this));
    }

    // ---- RPC handlers ----

    // BEGIN SOLUTION
    @Override
    public synchronized CompletableFuture<RequestVoteReply> requestVote(RequestVoteArgs args) {
        if (args.preVote()) { // a question, not an election: nothing here changes
            return CompletableFuture.completedFuture(new RequestVoteReply(currentTerm, !killed && wouldVote(args)));
        }
        if (!killed) {
            observeTerm(args.term(), args.candidateId());
            boolean free = votedFor == HardState.NO_VOTE || votedFor == args.candidateId();
            if (args.term() == currentTerm && free && candidateLogUpToDate(args)) {
                setHardState(currentTerm, args.candidateId());
                resetElectionTimer(); // granting a vote counts as hearing from a would-be leader
                runtime.log("vote", "granted vote to S" + args.candidateId() + " in term " + currentTerm);
                return CompletableFuture.completedFuture(new RequestVoteReply(currentTerm, true));
            }
        }
        return CompletableFuture.completedFuture(new RequestVoteReply(currentTerm, false));
    }

    @Override
    public synchronized CompletableFuture<AppendEntriesReply> appendEntries(AppendEntriesArgs args) {
        if (killed || !acceptLeader(args.term(), args.leaderId())) {
            return CompletableFuture.completedFuture(new AppendEntriesReply(currentTerm, false));
        }
        return CompletableFuture.completedFuture(acceptEntries(args));
    }
    // ELSE STUB
    // @Override
    // public CompletableFuture<RequestVoteReply> requestVote(RequestVoteArgs args) {
    //     // TODO lab 1: Figure 2, RequestVote RPC, receiver implementation
    //     return CompletableFuture.completedFuture(new RequestVoteReply(0, false));
    // }
    //
    // @Override
    // public CompletableFuture<AppendEntriesReply> appendEntries(AppendEntriesArgs args) {
    //     // TODO lab 1: Figure 2, AppendEntries RPC, receiver implementation (lab 1 sends only heartbeats)
    //     return CompletableFuture.completedFuture(new AppendEntriesReply(0, false));
    // }
    // END SOLUTION

    // BEGIN SOLUTION
    /**
     * The term rules for a message from a leader (AppendEntries; lab 5's InstallSnapshot too): a newer
     * term is adopted; a leader of our term makes a candidate give up and restarts the election timer.
     *
     * @return false if the message is from an older term and must be refused
     */
    protected boolean acceptLeader(long term, int leaderId) {
        observeTerm(term, leaderId);
        if (term < currentTerm) {
            return false;
        }
        if (role != Role.FOLLOWER) {
            runtime.log("term", "S" + leaderId + " leads term " + currentTerm + "; back to follower");
            role = Role.FOLLOWER;
        }
        leaderHeardAt = runtime.now();
        resetElectionTimer();
        return true;
    }

    /**
     * Pre-vote: whether this peer would grant {@code args.candidateId()} its vote in {@code args.term()}.
     * Not while it hears from a leader (so a peer that lost touch cannot depose a healthy one), and
     * only for a term above its own and a log at least as up to date.
     */
    private boolean wouldVote(RequestVoteArgs args) {
        boolean hearsALeader = role == Role.LEADER || runtime.now() - leaderHeardAt < ELECTION_TIMEOUT_MIN_MS;
        return !hearsALeader && args.term() > currentTerm && candidateLogUpToDate(args);
    }

    /** An AppendEntries from the leader of our term, after the term rules: lab 1 has no log, so it fits. */
    protected AppendEntriesReply acceptEntries(AppendEntriesArgs args) {
        return new AppendEntriesReply(currentTerm, true);
    }

    /** Whether a candidate's log is at least as up to date as ours (§5.4.1): lab 1 has no log. */
    protected boolean candidateLogUpToDate(RequestVoteArgs args) {
        return true;
    }

    /** The index of this peer's last log entry (0 without a log). */
    protected long lastLogIndex() {
        return 0;
    }

    /** The term of this peer's last log entry (0 without a log). */
    protected long lastLogTerm() {
        return 0;
    }

    // ---- elections ----

    protected final void resetElectionTimer() {
        electionTimer.cancel();
        long epoch = ++timerEpoch;
        long timeout = ELECTION_TIMEOUT_MIN_MS + runtime.random().nextInt((int) (ELECTION_TIMEOUT_MAX_MS - ELECTION_TIMEOUT_MIN_MS));
        electionTimer = runtime.schedule(timeout, () -> onElectionTimeout(epoch));
    }

    private synchronized void onElectionTimeout(long epoch) {
        if (killed || epoch != timerEpoch || role == Role.LEADER) {
            return;
        }
        if (!mayCampaign()) {
            resetElectionTimer();
            return;
        }
        if (env.options().preVote()) {
            askForPreVotes();
        } else {
            campaign();
        }
    }

    /**
     * Pre-vote (thesis §9.6): asks whether a majority would vote for this peer in the next term, without
     * raising its own. Only if they would does it campaign; a peer cut off from a majority never raises
     * its term, so when it comes back it does not depose the leader.
     */
    private void askForPreVotes() {
        resetElectionTimer(); // no majority: ask again at the next timeout
        long round = timerEpoch;
        Arrays.fill(preVotes, false);
        preVotes[me] = true;
        RequestVoteArgs args = new RequestVoteArgs(currentTerm + 1, me, lastLogIndex(), lastLogTerm(), true);
        runtime.log("vote", "election timeout: asking for pre-votes for term " + args.term());
        for (int peer = 0; peer < peers.size(); peer++) {
            if (sendsTo(peer)) {
                int from = peer;
                peers.get(peer).requestVote(args).whenComplete((reply, lost) -> {
                    if (lost == null) {
                        onPreVoteReply(from, round, args, reply);
                    }
                });
            }
        }
        if (isMajority(p -> preVotes[p])) {
            campaign(); // a one-node cluster
        }
    }

    private synchronized void onPreVoteReply(int from, long round, RequestVoteArgs args, RequestVoteReply reply) {
        if (killed || observeTerm(reply.term(), from)) {
            return;
        }
        // A round ends when the timer is re-armed: a new timeout, a vote granted, a leader heard.
        if (round != timerEpoch || role == Role.LEADER || currentTerm + 1 != args.term()
                || !reply.voteGranted()) {
            return;
        }
        preVotes[from] = true;
        if (isMajority(p -> preVotes[p])) {
            campaign();
        }
    }

    /** Starts an election now: a new term, a vote for itself, RequestVote to every peer. */
    protected final void campaign() {
        setHardState(currentTerm + 1, me);
        role = Role.CANDIDATE;
        Arrays.fill(votes, false);
        votes[me] = true;
        resetElectionTimer(); // a split vote ends with a fresh election at the next timeout
        runtime.log("vote", "election timeout: candidate for term " + currentTerm);
        RequestVoteArgs args = new RequestVoteArgs(currentTerm, me, lastLogIndex(), lastLogTerm());
        for (int peer = 0; peer < peers.size(); peer++) {
            if (sendsTo(peer)) {
                int from = peer;
                peers.get(peer).requestVote(args).whenComplete((reply, lost) -> {
                    if (lost == null) {
                        onVoteReply(from, args.term(), reply);
                    }
                });
            }
        }
        if (isMajority(p -> votes[p])) {
            becomeLeader(); // a one-node cluster elects itself
        }
    }

    private synchronized void onVoteReply(int from, long electionTerm, RequestVoteReply reply) {
        if (killed || observeTerm(reply.term(), from)) {
            return;
        }
        if (role != Role.CANDIDATE || currentTerm != electionTerm || !reply.voteGranted()) {
            return; // a late reply from an election we are no longer running
        }
        votes[from] = true;
        if (isMajority(p -> votes[p])) {
            becomeLeader();
        }
    }

    /** Takes the lead of the current term and asserts it at once with heartbeats. */
    protected void becomeLeader() {
        role = Role.LEADER;
        electionTimer.cancel();
        Arrays.fill(answeredAt, runtime.now()); // their votes are word from them
        runtime.log("lead", "leader of term " + currentTerm);
        heartbeat(currentTerm);
    }

    /** Sends AppendEntries to every peer now and every {@link #HEARTBEAT_MS} while leading {@code term}. */
    private synchronized void heartbeat(long term) {
        if (!isLeader() || currentTerm != term) {
            return;
        }
        if (env.options().checkQuorum() && !heardFromAMajority()) {
            stepDown("no majority answered in " + QUORUM_WINDOW_MS + " ms (check-quorum)");
            return;
        }
        for (int peer = 0; peer < peers.size(); peer++) {
            if (sendsTo(peer)) {
                sendAppendEntries(peer);
            }
        }
        runtime.schedule(HEARTBEAT_MS, () -> heartbeat(term));
    }

    /**
     * Leader only: sends {@code peer} the AppendEntries {@link #appendEntriesFor} makes for it now.
     * Returns its reply, which completes after this peer has handled it (or exceptionally: not sent, lost).
     */
    protected CompletableFuture<AppendEntriesReply> sendAppendEntries(int peer) {
        if (peer == me || !isLeader()) {
            return CompletableFuture.failedFuture(new IllegalStateException("not the leader"));
        }
        AppendEntriesArgs args = appendEntriesFor(peer);
        return peers.get(peer).appendEntries(args).whenComplete((reply, lost) -> {
            if (lost == null) {
                onAppendEntriesReply(peer, args, reply);
            }
        });
    }

    /** What the leader sends {@code peer} now: in lab 1, an empty heartbeat. */
    protected AppendEntriesArgs appendEntriesFor(int peer) {
        return new AppendEntriesArgs(currentTerm, me, 0, 0, List.of(), 0);
    }

    private synchronized void onAppendEntriesReply(int from, AppendEntriesArgs sent, AppendEntriesReply reply) {
        if (killed || observeTerm(reply.term(), from)) {
            return;
        }
        if (isLeader() && currentTerm == sent.term()) {
            answered(from);
            appendEntriesAnswered(from, sent, reply);
        }
    }

    /** Leader: {@code peer} answered a request of this term (check-quorum counts it as in touch). */
    private void answered(int peer) {
        answeredAt[peer] = runtime.now();
    }

    private boolean heardFromAMajority() {
        long now = runtime.now();
        return isMajority(peer -> peer == me || now - answeredAt[peer] < QUORUM_WINDOW_MS);
    }

    /** Whether the peers for which {@code agrees} holds (this one included, if it agrees) are a majority of the cluster. */
    protected boolean isMajority(IntPredicate agrees) {
        int yes = 0;
        for (int peer = 0; peer < peers.size(); peer++) {
            if (agrees.test(peer)) {
                yes++;
            }
        }
        return yes > peers.size() / 2;
    }

    /** Whether this peer sends its RequestVotes and AppendEntries to {@code peer}: every other peer of the cluster. */
    protected boolean sendsTo(int peer) {
        return peer != me;
    }

    /** Whether this peer may campaign when its election timer fires. */
    protected boolean mayCampaign() {
        return true;
    }

    /**
     * Leader: gives up leading without a newer term (check-quorum found no majority in touch). It
     * campaigns again, after pre-votes, once its election timer fires.
     */
    protected void stepDown(String why) {
        runtime.log("term", "stepping down in term " + currentTerm + ": " + why);
        role = Role.FOLLOWER;
        resetElectionTimer();
    }

    /** A reply to {@code sent}, while still leading its term: lab 1 has nothing to do with it. */
    protected void appendEntriesAnswered(int peer, AppendEntriesArgs sent, AppendEntriesReply reply) {
    }

    /**
     * The rule for all servers: a higher term in any request or reply makes this peer a follower of
     * that term, with no vote cast in it yet.
     *
     * @return true if {@code term} was higher than ours
     */
    protected boolean observeTerm(long term, int from) {
        if (term <= currentTerm) {
            return false;
        }
        runtime.log("term", "saw term " + term + " from S" + from + " (was " + currentTerm + " as " + role + ")");
        setHardState(term, HardState.NO_VOTE);
        if (role != Role.FOLLOWER) {
            role = Role.FOLLOWER;
            resetElectionTimer(); // a deposed leader must campaign again if nobody else leads
        }
        return true;
    }

    /** Every change to Figure 2's persistent term and vote goes through here. */
    protected void setHardState(long term, int vote) {
        currentTerm = term;
        votedFor = vote;
    }

    protected final long currentTerm() {
        return currentTerm;
    }

    protected final boolean isLeader() {
        return role == Role.LEADER && !killed;
    }

    protected final boolean alive() {
        return !killed;
    }
    // END SOLUTION
}
