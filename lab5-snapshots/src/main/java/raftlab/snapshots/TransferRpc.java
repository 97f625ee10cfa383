// SOLUTION FILE
package raftlab.snapshots;

import java.util.concurrent.CompletableFuture;

/**
 * Leadership transfer's one message (Raft thesis §3.10): the leader, having brought a follower up to
 * date, tells it to campaign at once instead of waiting for its election timeout. Not part of the
 * labs: the reference serves it so the real server can hand leadership over before a planned restart.
 */
public interface TransferRpc {
    /**
     * From the leader of {@code term}, whose log ends at {@code lastLogIndex} of {@code lastLogTerm}: a
     * target whose log is behind that (a late copy, after the leader took commands again) does not
     * campaign, since it would depose a leader it cannot replace.
     */
    record TimeoutNow(long term, int leaderId, long lastLogIndex, long lastLogTerm) {
    }

    /** The follower's term after the request, and whether it started an election for it. */
    record Campaigning(long term, boolean started) {
    }

    CompletableFuture<Campaigning> timeoutNow(TimeoutNow args);
}
