// SOLUTION FILE
package raftlab.snapshots;

import java.util.concurrent.CompletableFuture;
import java.util.function.IntPredicate;
import raftlab.election.AppendEntriesArgs;
import raftlab.election.AppendEntriesReply;
import raftlab.labrpc.net.LabFuture;
import raftlab.labrpc.storage.StoredSnapshot;
import raftlab.raft.ApplyMsg;
import raftlab.raft.Membership;
import raftlab.raft.MembershipChange;
import raftlab.raft.PeerEnv;
import raftlab.raft.StartResult;

/**
 * Lab 5's optional part: membership changes, one server at a time (Raft thesis §4). A configuration
 * is a log entry whose command is a {@link Membership}; every peer uses the latest its log holds,
 * committed or not, so majorities, whom a leader replicates to, and who may campaign all follow the
 * log. A leader takes one change at a time, and only once an entry of its own term has committed; a
 * learner is promoted once it has caught up; a leader that removed itself steps down once that
 * commits. The configuration at a snapshot's index travels and stays with the snapshot.
 */
public class ReconfigurableNode extends HandingOverNode {
    /** A promotion waits this long for its learner to catch up before it gives up. */
    static final long CATCH_UP_MS = 10_000;

    private final Configurations configs;
    /** The change this leader appended and waits to see committed (null: none). */
    private Pending pending;
    /** The learner this leader waits to see caught up before it promotes it (null: none). */
    private Promotion promotion;

    private record Pending(long index, long term, Membership membership, CompletableFuture<Membership> done) {
    }

    private record Promotion(int peer, long caughtUpAt, CompletableFuture<Membership> done) {
    }

    public ReconfigurableNode(PeerEnv env) {
        super(env);
        StoredSnapshot saved = env.storage().snapshot();
        Membership fromSnapshot = membershipOf(saved);
        configs = new Configurations(fromSnapshot != null ? fromSnapshot : env.members());
        rescanFrom(logBase() + 1);
    }

    /** Adds the configurations the log holds from {@code from} on. */
    private void rescanFrom(long from) {
        for (long i = Math.max(from, logBase() + 1); i <= log.lastIndex(); i++) {
            if (log.entry(i).command().value() instanceof Membership m) {
                configs.appended(i, m);
            }
        }
    }

    // ---- the configuration in use ----

    @Override
    public synchronized Membership membership() {
        return configs.latest();
    }

    @Override
    protected boolean isMajority(IntPredicate agrees) {
        return configs.latest().isMajority(agrees);
    }

    /**
     * Members of the configuration in use, and, until a removal commits, the peer it removes: so that
     * peer learns of its removal and stops campaigning.
     */
    @Override
    protected boolean sendsTo(int peer) {
        return peer != me && (configs.latest().isMember(peer)
                || configs.latestIndex() > commitIndex && configs.at(configs.latestIndex() - 1).isMember(peer));
    }

    @Override
    protected boolean mayCampaign() {
        return configs.latest().isVoter(me); // a learner, a removed peer, or one that has not joined yet
    }

    @Override
    protected boolean isVoter(int peer) {
        return configs.latest().isVoter(peer);
    }

    // ---- the log's configurations ----

    @Override
    protected AppendEntriesReply acceptEntries(AppendEntriesArgs args) {
        AppendEntriesReply reply = super.acceptEntries(args);
        if (reply.success() && !args.entries().isEmpty()) {
            // What the log holds after prevLogIndex may have changed; what the snapshot covers has not
            // (a late duplicate can start inside it), and its configurations still count.
            long from = Math.max(args.prevLogIndex() + 1, logBase() + 1);
            configs.truncatedFrom(from);
            rescanFrom(from);
        }
        return reply;
    }

    @Override
    protected Membership membershipAt(long index) {
        return configs.at(index);
    }

    @Override
    protected void installed(long index, Membership membership) {
        configs.replacedBy(membership != null ? membership : configs.at(index));
        rescanFrom(index + 1);
    }

    @Override
    public synchronized StartResult start(Object command) {
        if (command instanceof Membership) {
            throw new IllegalArgumentException("a configuration is changed with changeMembership(), not start()");
        }
        return super.start(command);
    }

    // ---- the leader's changes ----

    @Override
    public synchronized CompletableFuture<Membership> changeMembership(MembershipChange change) {
        CompletableFuture<Membership> done = LabFuture.on(runtime);
        Membership next;
        try {
            refuseUnlessReady();
            next = configs.latest().after(change);
        } catch (IllegalStateException | IllegalArgumentException e) {
            done.completeExceptionally(e);
            return done;
        }
        if (change.kind() == MembershipChange.Kind.PROMOTE) {
            promotion = new Promotion(change.peer(), log.lastIndex(), done);
            runtime.schedule(CATCH_UP_MS, () -> promotionTimedOut(done));
            promoteIfCaughtUp();
        } else {
            append(next, done);
        }
        return done;
    }

    private void refuseUnlessReady() {
        if (!isLeader()) {
            throw new IllegalStateException("not the leader");
        }
        if (configs.latestIndex() > commitIndex) {
            throw new IllegalStateException("the change at index " + configs.latestIndex() + " has not committed yet");
        }
        if (promotion != null) {
            throw new IllegalStateException("the promotion of S" + promotion.peer() + " waits for it to catch up");
        }
        if (log.termAt(commitIndex) != currentTerm()) {
            throw new IllegalStateException("no entry of term " + currentTerm() + " has committed yet");
        }
    }

    /** Appends {@code next} as a log entry, in use from now on; {@code done} completes once it commits. */
    private void append(Membership next, CompletableFuture<Membership> done) {
        long index = log.lastIndex() + 1;
        configs.appended(index, next); // before it is sent: a new learner gets it in this round
        StartResult r = super.start(next);
        if (!r.leader() || r.index() != index) {
            configs.truncatedFrom(index);
            done.completeExceptionally(new IllegalStateException("not taking commands now (a leadership transfer?)"));
            return;
        }
        runtime.log("lead", "configuration at index " + index + ": " + next);
        pending = new Pending(index, currentTerm(), next, done);
        settle();
    }

    private void promoteIfCaughtUp() {
        Promotion p = promotion;
        if (p == null || !isLeader() || progress(p.peer()).match() < p.caughtUpAt()) {
            return;
        }
        promotion = null;
        append(configs.latest().after(MembershipChange.promote(p.peer())), p.done());
    }

    private synchronized void promotionTimedOut(CompletableFuture<Membership> done) {
        if (promotion != null && promotion.done() == done) {
            int peer = promotion.peer();
            promotion = null;
            done.completeExceptionally(new IllegalStateException("S" + peer + " did not catch up within " + CATCH_UP_MS + " ms"));
        }
    }

    @Override
    protected void appendEntriesAnswered(int peer, AppendEntriesArgs sent, AppendEntriesReply reply) {
        super.appendEntriesAnswered(peer, sent, reply);
        if (promotion != null && promotion.peer() == peer) {
            promoteIfCaughtUp();
        }
    }

    /** With every commit: a committed change completes, and a leader it removed steps down. */
    @Override
    protected java.util.List<ApplyMsg> nextToApply() {
        settle();
        return super.nextToApply();
    }

    private void settle() {
        Pending p = pending;
        if (p == null || commitIndex < p.index()) {
            return;
        }
        pending = null;
        p.done().complete(p.membership());
        if (isLeader() && !configs.latest().isVoter(me)) {
            stepDown("removed from the configuration, and that has committed");
        }
    }

    /** The changes this peer led can no longer be seen through (they may still commit under another leader). */
    private void abandon(String why) {
        if (pending != null) {
            pending.done().completeExceptionally(new IllegalStateException(why + "; the change may still commit"));
            pending = null;
        }
        if (promotion != null) {
            promotion.done().completeExceptionally(new IllegalStateException(why));
            promotion = null;
        }
    }

    @Override
    protected boolean observeTerm(long term, int from) {
        boolean newer = super.observeTerm(term, from);
        if (newer) {
            abandon("leadership lost to term " + term);
        }
        return newer;
    }

    @Override
    protected void stepDown(String why) {
        Pending p = pending;
        super.stepDown(why);
        if (p == null || !p.done().isDone()) {
            abandon("stepped down: " + why);
        }
    }

    @Override
    public synchronized void kill() {
        super.kill();
        abandon("peer killed");
    }
}
