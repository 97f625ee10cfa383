package raftlab.grading.monitor;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.LongFunction;
import raftlab.labrpc.raft.PeerState;
import raftlab.labrpc.raft.RaftInspection;

/**
 * The log rules of Figure 3 that the apply stream cannot show, checked through each peer's
 * {@link RaftInspection} (peers without one, like lab 1's, are skipped):
 * <ul>
 *   <li>Log Matching: two logs with an entry of the same index and term agree on every entry up to it;</li>
 *   <li>Leader Completeness: a leader's log holds every entry committed before it led;</li>
 *   <li>a leader's matchIndex for a peer never decreases within its term.</li>
 * </ul>
 */
public final class LogMonitors implements Monitor {
    public static final String LOG_MATCHING = "Log Matching — same index and term means identical logs up to there (Figure 3, §5.3)";
    public static final String LEADER_COMPLETENESS = "Leader Completeness — a leader holds every committed entry (Figure 3, §5.4)";
    public static final String MATCH_MONOTONIC = "a leader's matchIndex never decreases within its term (Figure 2)";

    private final int n;
    private final IntFunction<RaftInspection> inspect;
    private final IntFunction<PeerState> state;
    private final LongFunction<Object> committedAt;
    private final long[] lastSeen; // per peer: fingerprint of (lastIndex, lastTerm)
    private final Set<String> leadersChecked = new HashSet<>();
    private final Map<String, long[]> matchSeen = new HashMap<>();

    public LogMonitors(int n, IntFunction<RaftInspection> inspect, IntFunction<PeerState> state,
                       LongFunction<Object> committedAt) {
        this.n = n;
        this.inspect = inspect;
        this.state = state;
        this.committedAt = committedAt;
        this.lastSeen = new long[n];
    }

    @Override
    public synchronized void check(long now) {
        RaftInspection[] views = new RaftInspection[n];
        boolean[] changed = new boolean[n];
        for (int i = 0; i < n; i++) {
            views[i] = inspect.apply(i);
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
        for (int i = 0; i < n; i++) {
            PeerState s = views[i] == null ? null : state.apply(i);
            if (s != null && s.leader()) {
                leaderCompleteness(i, s.term(), views[i], now);
                matchIndexMonotonic(i, s.term(), views[i], now);
            }
        }
    }

    /**
     * Checks the entries above both peers' commit indexes: the committed prefix is already checked,
     * entry by entry, as it is applied (state-machine safety), so only the uncommitted tails remain.
     */
    private void logMatching(int i, RaftInspection a, int j, RaftInspection b, long now) {
        long top = Math.min(a.lastLogIndex(), b.lastLogIndex());
        long floor = Math.min(a.commitIndex(), b.commitIndex());
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
        if (!leadersChecked.add(i + "/" + term)) {
            return; // checked when it became leader
        }
        for (long x = 1; x <= Long.MAX_VALUE; x++) {
            Object c = committedAt.apply(x);
            if (c == null) {
                return;
            }
            if (view.logTerm(x) < 0) {
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
        long[] seen = matchSeen.computeIfAbsent(i + "/" + term, k -> new long[n]);
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
