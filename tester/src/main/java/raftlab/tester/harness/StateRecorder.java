package raftlab.tester.harness;

import java.util.Arrays;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.function.IntToLongFunction;
import raftlab.labrpc.trace.TraceEvent;
import raftlab.labrpc.trace.TraceSink;
import raftlab.raft.PeerState;
import raftlab.raft.RaftInspection;
import raftlab.tester.monitor.Monitor;

/**
 * Writes a {@code state} line to the trace whenever a peer's observable state changes: term and
 * leadership (the contract), and — when the peer offers a {@link RaftInspection} — its log's end,
 * commit index and snapshot base; and what it applied. The timeline viewer and the log columns draw
 * roles, terms and commit/apply markers from these lines. It runs as the first monitor, so the
 * state that breaks a rule is in the trace before the rule's monitor fails the test (a violation on
 * the apply stream itself is thrown as it happens, before the recorder's next look).
 */
final class StateRecorder implements Monitor {
    /** term, leader, last, lastTerm, commit, base, applied; -1 where a peer offers no view. */
    private static final int FIELDS = 7;

    private final TraceSink trace;
    private final IntFunction<PeerState> state;
    private final IntFunction<RaftInspection> inspect;
    private final IntToLongFunction applied;
    private final IntPredicate mayHaveChanged;
    private final long[][] last;

    /** @param mayHaveChanged whether peer i may have changed since the last check (false: skip it) */
    StateRecorder(TraceSink trace, int n, IntFunction<PeerState> state, IntFunction<RaftInspection> inspect,
                  IntToLongFunction applied, IntPredicate mayHaveChanged) {
        this.trace = trace;
        this.state = state;
        this.inspect = inspect;
        this.applied = applied;
        this.mayHaveChanged = mayHaveChanged;
        this.last = new long[n][];
    }

    /** A restarted peer's first state is written even if it equals the one before its crash. */
    synchronized void forget(int peer) {
        last[peer] = null;
    }

    @Override
    public synchronized void check(long now) {
        for (int i = 0; i < last.length; i++) {
            if (last[i] != null && !mayHaveChanged.test(i)) {
                continue;
            }
            long[] v = read(i);
            if (v == null) {
                continue; // crashed: the trace has its crash line
            }
            if (!Arrays.equals(v, last[i])) {
                last[i] = v;
                write(i, v);
            }
        }
    }

    /** Peer i's fields, read at one moment (under its lock when it has a view); null if it is down. */
    private long[] read(int i) {
        long[] v = new long[FIELDS];
        Arrays.fill(v, -1);
        v[6] = applied.applyAsLong(i);
        RaftInspection view = inspect.apply(i);
        Runnable sample = () -> {
            PeerState s = state.apply(i);
            if (s == null) {
                v[0] = -2;
                return;
            }
            v[0] = s.term();
            v[1] = s.leader() ? 1 : 0;
            if (view != null) {
                v[2] = view.lastLogIndex();
                v[3] = view.logTerm(v[2]);
                v[4] = view.commitIndex();
                v[5] = view.logBase();
            }
        };
        if (view != null) {
            view.locked(sample);
        } else {
            sample.run();
        }
        return v[0] == -2 ? null : v;
    }

    private void write(int i, long[] v) {
        TraceEvent e = trace.event("state").put("node", "S" + i).put("term", v[0]).put("leader", v[1] == 1);
        if (v[2] >= 0) {
            e.put("last", v[2]).put("lastTerm", v[3]).put("commit", v[4]).put("base", v[5]);
        }
        e.put("applied", v[6]).emit();
    }
}
