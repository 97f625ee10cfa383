// SOLUTION FILE
package raftlab.snapshots;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import raftlab.election.AppendEntriesArgs;
import raftlab.election.AppendEntriesReply;
import raftlab.labrpc.net.ClientEnd;
import raftlab.labrpc.net.LabFuture;
import raftlab.labrpc.net.Service;
import raftlab.raft.PeerEnv;
import raftlab.raft.StartResult;

/**
 * Leadership transfer (Raft thesis §3.10), for the real server's planned restarts: the leader stops
 * taking commands, brings the target up to date, and tells it to campaign at once ({@link TransferRpc}).
 * In no lab, and absent from the student edition: the reference's node has it, so the real server
 * can hand over before a node of its stops.
 */
public class HandingOverNode extends CompactingNode {
    /** A transfer gives up after this long. */
    static final long TRANSFER_TIMEOUT_MS = 2000;
    private final List<TransferRpc> transferPeers = new ArrayList<>();
    /** The transfer under way (null: none), to whom, and whether that peer was told to campaign. */
    private CompletableFuture<Void> transfer;
    private int transferTo = -1;
    private boolean toldToCampaign;

    public HandingOverNode(PeerEnv env) {
        super(env);
        for (ClientEnd end : env.peers()) {
            transferPeers.add(end.stub(TransferRpc.class));
        }
    }

    @Override
    public List<Service<?>> services() {
        List<Service<?>> services = new ArrayList<>(super.services());
        TransferRpc transfers = this::timeoutNow;
        services.add(Service.of(TransferRpc.class, transfers));
        return List.copyOf(services);
    }

    /** Whether {@code peer} votes, so a leadership transfer may go to it. */
    protected boolean isVoter(int peer) {
        return true;
    }

    @Override
    public synchronized CompletableFuture<Void> transferLeadership(int target) {
        CompletableFuture<Void> done = LabFuture.on(runtime);
        int to = !isLeader() ? -1 : target >= 0 ? target : mostCaughtUpFollower();
        String refused = !isLeader() ? "not the leader" : transfer != null ? "a transfer to S" + transferTo + " is under way"
                : to < 0 || to >= peers.size() || to == me || !sendsTo(to) || !isVoter(to) ? "no other voter to hand over to" : null;
        if (refused != null) {
            done.completeExceptionally(new IllegalStateException(refused));
            return done;
        }
        transfer = done;
        transferTo = to;
        toldToCampaign = false;
        runtime.log("lead", "handing leadership over to S" + to);
        runtime.schedule(TRANSFER_TIMEOUT_MS, () -> endTransfer(done, "S" + to + " did not take over within "
                + TRANSFER_TIMEOUT_MS + " ms"));
        handOver();
        if (!toldToCampaign) {
            sendAppendEntries(to); // catch it up now; each answer checks again
        }
        return done;
    }

    private int mostCaughtUpFollower() {
        int best = -1;
        for (int peer = 0; peer < peers.size(); peer++) {
            if (sendsTo(peer) && isVoter(peer) && (best < 0 || progress(peer).match() > progress(best).match())) {
                best = peer;
            }
        }
        return best;
    }

    /** Tells the target to campaign once its log matches ours to the end (it can then win every vote it needs). */
    private void handOver() {
        if (transfer == null || toldToCampaign || !isLeader() || progress(transferTo).match() < log.lastIndex()) {
            return;
        }
        toldToCampaign = true;
        CompletableFuture<Void> t = transfer;
        int to = transferTo;
        TransferRpc.TimeoutNow now = new TransferRpc.TimeoutNow(currentTerm(), me, lastLogIndex(), lastLogTerm());
        transferPeers.get(to).timeoutNow(now).whenComplete((answer, lost) -> {
            if (lost != null || !answer.started()) { // fail fast: the node stops anyway, as it would have without a transfer
                endTransfer(t, "S" + to + (lost != null ? " did not answer" : " did not campaign (term " + answer.term() + ")"));
            }
        });
    }

    private synchronized void endTransfer(CompletableFuture<Void> t, String failure) {
        if (t == null || t != transfer) {
            return;
        }
        transfer = null;
        transferTo = -1;
        if (failure == null) {
            t.complete(null);
        } else {
            runtime.log("lead", "leadership transfer failed: " + failure);
            t.completeExceptionally(new IllegalStateException(failure));
        }
    }

    private synchronized CompletableFuture<TransferRpc.Campaigning> timeoutNow(TransferRpc.TimeoutNow args) {
        boolean caughtUp = lastLogTerm() > args.lastLogTerm()
                || lastLogTerm() == args.lastLogTerm() && lastLogIndex() >= args.lastLogIndex();
        if (!alive() || !acceptLeader(args.term(), args.leaderId()) || !caughtUp) {
            return CompletableFuture.completedFuture(new TransferRpc.Campaigning(currentTerm(), false));
        }
        runtime.log("vote", "S" + args.leaderId() + " hands leadership over: campaigning now");
        campaign(); // no pre-vote: the leader itself asks, so nobody must wait for it to be silent
        return CompletableFuture.completedFuture(new TransferRpc.Campaigning(currentTerm(), true));
    }

    /** While handing over, commands go to the next leader: one taken now might never reach the target. */
    @Override
    public synchronized StartResult start(Object command) {
        return transfer != null ? StartResult.notLeader(currentTerm()) : super.start(command);
    }

    @Override
    protected void appendEntriesAnswered(int peer, AppendEntriesArgs sent, AppendEntriesReply reply) {
        super.appendEntriesAnswered(peer, sent, reply);
        if (peer == transferTo) {
            handOver();
        }
    }

    @Override
    protected boolean observeTerm(long term, int from) {
        boolean newer = super.observeTerm(term, from);
        if (newer) {
            endTransfer(transfer, null); // someone else leads this term, or is about to
        }
        return newer;
    }

    @Override
    protected void stepDown(String why) {
        super.stepDown(why);
        endTransfer(transfer, why);
    }

    @Override
    public synchronized void kill() {
        super.kill();
        endTransfer(transfer, "peer killed");
    }
}
