// SOLUTION FILE lab4
package raftlab.replication;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * A leader's ReadIndex requests waiting for proof that it still leads (thesis §6.4), in one term.
 * A read registered now is proven by a majority of answers to AppendEntries sent after it, so rounds
 * number the sends: a read waits for the round after the last one sent, every AppendEntries carries
 * the newest round, and a peer's answer in the term acknowledges the round its request carried. One
 * round serves every read that registered before it was sent, however many there are.
 */
final class ReadRounds {
    /**
     * A leader cut off in a minority never learns it was deposed, and its reads would wait for ever:
     * after this long they fail, so they cannot pile up.
     */
    static final long PATIENCE_MS = 5000;

    private record Read(long index, long round, long since, CompletableFuture<Long> answer) {}

    private final long term;
    private final int me;
    /** Whether the peers a predicate holds for are a majority: the node's own rule. */
    private final Predicate<IntPredicate> isMajority;
    /** The highest round each peer answered in this term. */
    private final long[] acked;
    private final ArrayDeque<Read> waiting = new ArrayDeque<>();
    /** The newest round an AppendEntries carried. */
    private long sent;
    /** The round reads registered since then wait for. */
    private long wanted;

    ReadRounds(long term, int peers, int me, Predicate<IntPredicate> isMajority) {
        this.term = term;
        this.me = me;
        this.acked = new long[peers];
        this.isMajority = isMajority;
    }

    /**
     * Registers a read of {@code index} at time {@code now} (failing those that waited longer than
     * {@link #PATIENCE_MS}); returns true if no round is under way, so one must start now.
     */
    boolean add(long index, long now, CompletableFuture<Long> answer) {
        while (!waiting.isEmpty() && now - waiting.peek().since() > PATIENCE_MS) {
            waiting.poll().answer().completeExceptionally(new IllegalStateException(
                    "no majority answered in " + PATIENCE_MS + " ms: this leader may have been deposed"));
        }
        boolean idle = confirmed() >= sent;
        wanted = sent + 1;
        waiting.add(new Read(index, wanted, now, answer));
        return idle;
    }

    /** The term whose leadership these reads wait to see proven. */
    long term() {
        return term;
    }

    boolean isWaiting() {
        return !waiting.isEmpty();
    }

    /** An AppendEntries is about to be sent: the round it carries. */
    long sending() {
        sent = wanted;
        return sent;
    }

    /** {@code peer} answered, in this term, an AppendEntries that carried {@code round}: see {@link #settle}. */
    boolean answered(int peer, long round) {
        acked[peer] = Math.max(acked[peer], round);
        return settle();
    }

    /** Completes the reads a majority has proven; returns whether reads still wait for a round not yet sent. */
    boolean settle() {
        long proven = confirmed();
        while (!waiting.isEmpty() && waiting.peek().round() <= proven) {
            Read r = waiting.poll();
            r.answer().complete(r.index());
        }
        return !waiting.isEmpty() && wanted > sent;
    }

    /** The highest round a majority (this leader included: it vouches for itself in every round) has answered. */
    private long confirmed() {
        if (isMajority.test(peer -> peer == me)) {
            return Long.MAX_VALUE; // a one-peer cluster is its own majority
        }
        long best = 0;
        for (long round : acked) {
            if (round > best && isMajority.test(peer -> peer == me || acked[peer] >= round)) {
                best = round;
            }
        }
        return best;
    }

    /** Fails every waiting read (leadership lost, the peer killed); completed as tasks by the futures' runtime. */
    void failAll(String why) {
        List<Read> failed = new ArrayList<>(waiting);
        waiting.clear();
        failed.forEach(r -> r.answer().completeExceptionally(new IllegalStateException(why)));
    }
}
