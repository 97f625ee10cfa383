package raftlab.tester.monitor;

import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.function.IntToLongFunction;
import raftlab.raft.PeerState;
import raftlab.raft.RaftInspection;

/**
 * The rules about how far a server may go, checked through each peer's {@link RaftInspection} (peers
 * without one are skipped), per incarnation:
 * <ul>
 *   <li>commitIndex never decreases (Figure 2);</li>
 *   <li>a server applies only entries it knows are committed: lastApplied ≤ commitIndex (Figure 2);</li>
 *   <li>Leader Append-Only: while it leads a term, a leader never deletes or overwrites its own entries (Figure 3).</li>
 * </ul>
 */
public final class ProgressMonitors implements Monitor {
    public static final String COMMIT_MONOTONIC = "commitIndex never decreases (Figure 2: it increases monotonically)";
    public static final String APPLY_COMMITTED =
            "a server applies only committed entries (Figure 2: if commitIndex > lastApplied, apply log[lastApplied + 1])";
    public static final String LEADER_APPEND_ONLY =
            "Leader Append-Only — a leader never overwrites or deletes entries in its log (Figure 3, §5.3)";

    private final IntFunction<RaftInspection> inspect;
    private final IntFunction<PeerState> state;
    private final IntToLongFunction applied;
    private final IntPredicate mayHaveChanged;
    private final long[] commit;
    /** Per peer: {term led, last index, that entry's term} while it leads; null otherwise. */
    private final long[][] led;

    /** @param mayHaveChanged whether peer i may have changed since the last check (false: skip it) */
    public ProgressMonitors(int n, IntFunction<RaftInspection> inspect, IntFunction<PeerState> state, IntToLongFunction applied,
                            IntPredicate mayHaveChanged) {
        this.inspect = inspect;
        this.state = state;
        this.applied = applied;
        this.mayHaveChanged = mayHaveChanged;
        this.commit = new long[n];
        this.led = new long[n][];
    }

    /** A restarted peer's commit index starts again from what it recovers. */
    public synchronized void forget(int peer) {
        commit[peer] = 0;
        led[peer] = null;
    }

    @Override
    public synchronized void check(long now) {
        for (int p = 0; p < commit.length; p++) {
            int i = p;
            if (!mayHaveChanged.test(i)) {
                continue;
            }
            RaftInspection view = inspect.apply(i);
            if (view == null) {
                continue;
            }
            long appliedThrough = applied.applyAsLong(i); // read first: both only grow, so this can only err toward passing
            long[] v = new long[4];
            PeerState[] s = new PeerState[1];
            view.locked(() -> { // role, term and log from one moment: a leader that stepped down may truncate
                s[0] = state.apply(i);
                v[0] = view.commitIndex();
                v[1] = view.lastLogIndex();
                v[2] = led[i] != null && led[i][1] <= v[1] ? view.logTerm(led[i][1]) : -2;
                v[3] = view.logTerm(v[1]);
            });
            if (s[0] == null) {
                continue; // crashed meanwhile
            }
            commitNeverDecreases(i, v[0], now);
            appliesOnlyCommitted(i, appliedThrough, v[0], now);
            leaderAppendOnly(i, s[0], v[1], v[2], v[3], now);
        }
    }

    private void commitNeverDecreases(int i, long c, long now) {
        if (c < commit[i]) {
            throw new SafetyViolation(COMMIT_MONOTONIC,
                    "S" + i + "'s commit index went from " + commit[i] + " to " + c + " (at " + now + " ms)",
                    List.of("commitIndex assigned from leaderCommit (or min(leaderCommit, last new entry)) even when that is"
                                    + " smaller: a stale or reordered AppendEntries lowers it (only ever raise it)",
                            "commitIndex reset when the term changes or a new leader is seen (it is kept across terms)"));
        }
        commit[i] = c;
    }

    private void appliesOnlyCommitted(int i, long appliedThrough, long c, long now) {
        if (appliedThrough > c) {
            throw new SafetyViolation(APPLY_COMMITTED,
                    "S" + i + " applied through index " + appliedThrough + " but its commit index is " + c + " (at " + now + " ms)",
                    List.of("applying up to the end of the log, or up to leaderCommit, instead of up to commitIndex",
                            "commitIndex not raised before applying (or raised on a copy that the applier does not read)",
                            "lab 5: after installing a snapshot, commitIndex left below the snapshot's index"));
        }
    }

    private void leaderAppendOnly(int i, PeerState s, long last, long termAtLed, long lastTerm, long now) {
        long[] l = led[i];
        if (!s.leader()) {
            led[i] = null;
            return;
        }
        if (l != null && l[0] == s.term()) {
            boolean shrank = last < l[1];
            boolean overwritten = !shrank && termAtLed != l[2] && termAtLed != -1;
            if (shrank || overwritten) {
                throw new SafetyViolation(LEADER_APPEND_ONLY,
                        "S" + i + ", leader of term " + s.term() + ", held entries through " + l[1] + " (term " + l[2] + "), but now "
                                + (shrank ? "its log ends at " + last : "holds term " + termAtLed + " at " + l[1]) + " (at " + now + " ms)",
                        List.of("the leader truncates its own log when a follower rejects (only a follower truncates, and only on a conflict)",
                                "an AppendEntries or InstallSnapshot of the leader's own term handled as if from another leader",
                                "lab 5: compaction or a snapshot install on the leader drops entries above the snapshot"));
            }
        }
        led[i] = new long[] {s.term(), last, lastTerm};
    }
}
