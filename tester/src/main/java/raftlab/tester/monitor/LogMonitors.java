package raftlab.tester.monitor;

import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;
import java.util.function.LongFunction;
import raftlab.raft.PeerState;
import raftlab.raft.RaftInspection;

/**
 * The log rules of Figure 3 that the apply stream cannot show, checked through each peer's
 * {@link RaftInspection} (peers without one, like lab 1's, are skipped):
 * <ul>
 *   <li>Log Matching: two logs with an entry of the same index and term agree on every entry up to it;</li>
 *   <li>Leader Completeness: a leader's log holds every entry committed before it led;</li>
 *   <li>a leader's matchIndex for a peer never decreases within its term, and never claims more than
 *       the peer holds: while the peer is in the leader's term, its log matches the leader's at
 *       matchIndex;</li>
 *   <li>a follower keeps every entry it acknowledged to the leader of its current term (that leader
 *       only appends, so nothing may remove them: not a stale, reordered AppendEntries).</li>
 * </ul>
 */
public final class LogMonitors implements Monitor {
    public static final String LOG_MATCHING = "Log Matching — same index and term means identical logs up to there (Figure 3, §5.3)";
    public static final String LEADER_COMPLETENESS = "Leader Completeness — a leader holds every committed entry (Figure 3, §5.4)";
    public static final String MATCH_MONOTONIC = "a leader's matchIndex never decreases within its term (Figure 2)";
    public static final String MATCH_TRUTHFUL =
            "a leader's matchIndex for a peer is an index where the peer's log matches its own (Figure 2)";
    public static final String COMMIT_CURRENT_TERM =
            "a leader advances its commit index only to an entry of its own term (§5.4.2, Figure 8)";
    public static final String ACKED_KEPT =
            "a follower keeps the entries it acknowledged to its current leader (§5.3; Leader Append-Only)";

    private final int n;
    private final IntFunction<RaftInspection> inspect;
    private final IntFunction<PeerState> state;
    private final LongFunction<Object> committedAt;
    private final long[] lastSeen; // per peer: fingerprint of (lastIndex, lastTerm)
    /** Per peer: the term it was last seen leading (-1: never), its commit index then, and the matchIndexes seen since. */
    private final long[] ledTerm;
    private final long[] commitWhenElected;
    private final long[][] matchSeen;
    /** Per peer: {term, index, entry term} of the highest entry it acknowledged in that term. */
    private final long[][] acked;

    public LogMonitors(int n, IntFunction<RaftInspection> inspect, IntFunction<PeerState> state,
                       LongFunction<Object> committedAt) {
        this.n = n;
        this.inspect = inspect;
        this.state = state;
        this.committedAt = committedAt;
        this.lastSeen = new long[n];
        this.acked = new long[n][];
        this.ledTerm = new long[n];
        java.util.Arrays.fill(ledTerm, -1);
        this.commitWhenElected = new long[n];
        this.matchSeen = new long[n][n];
    }

    /**
     * Records (from the wire) that {@code peer} answered an AppendEntries of {@code term} with
     * success, holding entries through {@code index}, the last of which has {@code entryTerm}.
     */
    public void acknowledged(int peer, long term, long index, long entryTerm) {
        synchronized (acked) { // not this monitor's lock: network threads call in while holding a peer's lock
            long[] a = acked[peer];
            if (a == null || a[0] != term || a[1] < index) {
                acked[peer] = new long[] {term, index, entryTerm};
            }
        }
    }

    /**
     * Runs the checks on one consistent cut of every peer: each peer's lock is taken in index order
     * (peers never hold two locks, so this cannot deadlock). In simulation the locks cost nothing;
     * in real mode, without them, a log could shrink between two reads of one check.
     */
    @Override
    public synchronized void check(long now) {
        RaftInspection[] views = new RaftInspection[n];
        for (int i = 0; i < n; i++) {
            views[i] = inspect.apply(i);
        }
        lockAll(0, views, () -> checkConsistent(now, views));
    }

    private void lockAll(int i, RaftInspection[] views, Runnable body) {
        if (i == n) {
            body.run();
        } else if (views[i] == null) {
            lockAll(i + 1, views, body);
        } else {
            views[i].locked(() -> lockAll(i + 1, views, body));
        }
    }

    private void checkConsistent(long now, RaftInspection[] views) {
        boolean[] changed = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (views[i] != null) {
                long last = views[i].lastLogIndex();
                long fp = last * 1_000_003L + views[i].logTerm(last);
                changed[i] = fp != lastSeen[i];
                lastSeen[i] = fp;
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (views[i] != null && views[j] != null && (changed[i] || changed[j])) {
                    logMatching(i, views[i], j, views[j], now);
                }
            }
        }
        PeerState[] states = new PeerState[n];
        for (int i = 0; i < n; i++) {
            states[i] = views[i] == null ? null : state.apply(i);
            if (states[i] != null && changed[i]) {
                ackedKept(i, states[i].term(), views[i], now);
            }
        }
        for (int i = 0; i < n; i++) {
            if (states[i] != null && states[i].leader()) {
                if (ledTerm[i] != states[i].term()) { // first seen leading this term
                    ledTerm[i] = states[i].term();
                    commitWhenElected[i] = views[i].commitIndex();
                    java.util.Arrays.fill(matchSeen[i], 0);
                    leaderCompleteness(i, states[i].term(), views[i], now);
                }
                matchIndexMonotonic(i, states[i].term(), views[i], now);
                matchIndexTruthful(i, states[i].term(), views, states, now);
                commitsCurrentTerm(i, states[i].term(), views[i], now);
            }
        }
    }

    private void ackedKept(int i, long term, RaftInspection view, long now) {
        long[] a;
        synchronized (acked) {
            a = acked[i];
        }
        if (a == null || a[0] != term) {
            return; // nothing acknowledged in the current term (or the peer has moved on)
        }
        long last = view.lastLogIndex();
        long t = a[1] <= last ? view.logTerm(a[1]) : -2;
        if (t != a[2] && t != -1) {
            throw new SafetyViolation(ACKED_KEPT,
                    "S" + i + " acknowledged entries through index " + a[1] + " (term " + a[2] + ") in term " + term
                            + ", but now " + (t == -2 ? "its log ends at " + last : "holds term " + t + " there")
                            + " (at " + now + " ms)",
                    List.of("the follower truncates after prevLogIndex on every AppendEntries, so a stale, reordered one"
                                    + " cuts off newer entries (truncate only where a term conflicts)",
                            "lab 3: a restarted follower lost entries it had acknowledged (not synced before replying)"));
        }
    }

    private void commitsCurrentTerm(int i, long term, RaftInspection view, long now) {
        long commit = view.commitIndex();
        long initial = commitWhenElected[i];
        if (commit <= initial) {
            return;
        }
        long t = view.logTerm(commit);
        if (t != term && t != -1) {
            throw new SafetyViolation(COMMIT_CURRENT_TERM,
                    "S" + i + ", leader of term " + term + ", advanced its commit index from " + initial + " to " + commit
                            + ", an entry of term " + t + " (at " + now + " ms)",
                    List.of("entries of earlier terms committed by counting replicas (count only entries of currentTerm)",
                            "a reply to an AppendEntries of an earlier term acted on after re-election (check the request's term)"));
        }
    }

    private void matchIndexTruthful(int leader, long term, RaftInspection[] views, PeerState[] states, long now) {
        RaftInspection l = views[leader];
        for (int p = 0; p < n; p++) {
            if (p == leader || views[p] == null || states[p] == null || states[p].term() != term) {
                continue;
            }
            long m = l.matchIndex(p);
            if (m <= 0) {
                continue;
            }
            long theirs = m <= views[p].lastLogIndex() ? views[p].logTerm(m) : -2;
            long ours = l.logTerm(m);
            if (theirs == -1 || ours == -1) {
                continue; // compacted
            }
            if (theirs != ours) {
                throw new SafetyViolation(MATCH_TRUTHFUL,
                        "S" + leader + ", leader of term " + term + ", has matchIndex[" + p + "] = " + m + " (its entry there is of term "
                                + ours + "), but S" + p + (theirs == -2 ? "'s log ends at " + views[p].lastLogIndex()
                                : " holds term " + theirs + " there") + " (at " + now + " ms)",
                        List.of("a reply to an AppendEntries sent in an earlier term is acted on (check the reply's request term)",
                                "matchIndex taken from nextIndex or from the leader's log instead of from the acknowledged request"));
            }
        }
    }

    /**
     * Checks the entries above both peers' commit indexes: the committed prefix is already checked,
     * entry by entry, as it is applied (state-machine safety), so only the uncommitted tails remain.
     */
    private void logMatching(int i, RaftInspection a, int j, RaftInspection b, long now) {
        long top = Math.min(a.lastLogIndex(), b.lastLogIndex());
        // Below a snapshot's end there are no commands to compare (and the committed prefix is checked on apply).
        long floor = Math.max(Math.min(a.commitIndex(), b.commitIndex()), Math.max(a.logBase(), b.logBase()));
        long k = top;
        while (k > floor) {
            long ta = a.logTerm(k);
            long tb = b.logTerm(k);
            if (ta < 0 || tb < 0) {
                return; // compacted: nothing below is comparable
            }
            if (ta == tb) {
                break;
            }
            k--;
        }
        if (k <= floor) {
            return;
        }
        for (long x = k; x > floor; x--) {
            long ta = a.logTerm(x);
            long tb = b.logTerm(x);
            if (ta < 0 || tb < 0) {
                return;
            }
            if (ta != tb || !Objects.equals(a.logCommand(x), b.logCommand(x))) {
                throw new SafetyViolation(LOG_MATCHING,
                        "S" + i + " and S" + j + " both hold an entry of term " + a.logTerm(k) + " at index " + k
                                + " but differ at index " + x + " (terms " + ta + " vs " + tb + ", commands "
                                + a.logCommand(x) + " vs " + b.logCommand(x) + ") at " + now + " ms",
                        List.of("the follower appends without checking prevLogIndex/prevLogTerm",
                                "the follower truncates or overwrites entries that match the leader's (only a conflict may truncate)",
                                "the leader sends entries that do not follow prevLogIndex (nextIndex and the slice disagree)"));
            }
        }
    }

    private void leaderCompleteness(int i, long term, RaftInspection view, long now) {
        for (long x = 1; x <= Long.MAX_VALUE; x++) {
            Object c = committedAt.apply(x);
            if (c == null) {
                return;
            }
            if (x <= view.logBase()) {
                continue; // compacted into the snapshot
            }
            Object mine = x <= view.lastLogIndex() ? view.logCommand(x) : null;
            if (!c.equals(mine)) {
                throw new SafetyViolation(LEADER_COMPLETENESS,
                        "S" + i + " leads term " + term + " but its log has " + mine + " at index " + x
                                + ", where " + c + " was committed (at " + now + " ms)",
                        List.of("votes granted without the election restriction (candidate's log at least as up to date: §5.4.1)",
                                "up-to-date compared by log length only, ignoring the last entry's term",
                                "an entry committed before it reached a majority (commit index computed wrongly)"));
            }
        }
    }

    private void matchIndexMonotonic(int i, long term, RaftInspection view, long now) {
        long[] seen = matchSeen[i];
        for (int p = 0; p < n; p++) {
            long m = view.matchIndex(p);
            if (m < seen[p]) {
                throw new SafetyViolation(MATCH_MONOTONIC,
                        "S" + i + ", leader of term " + term + ", lowered matchIndex[" + p + "] from " + seen[p] + " to " + m
                                + " (at " + now + " ms)",
                        List.of("matchIndex set from a stale (reordered) reply instead of max(matchIndex, prevLogIndex + len(entries))",
                                "matchIndex computed from the current nextIndex rather than from what the reply acknowledged"));
            }
            seen[p] = Math.max(seen[p], m);
        }
    }
}
