package raftlab.tester.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.function.IntToLongFunction;
import java.util.function.LongSupplier;
import raftlab.labrpc.net.Network;
import raftlab.labrpc.runtime.NodeRuntime;
import raftlab.raft.PeerState;
import raftlab.raft.RaftInspection;
import raftlab.tester.monitor.ServerNames;
import raftlab.tester.monitor.VoteWire;

/**
 * Explains why no leader emerged or nothing committed, from what crossed the wire: each peer's
 * campaigns (whom it asked, who granted, who denied and why, who never answered), when it last
 * accepted a leader and last sent anything at all, whether anything is still scheduled on it, and a
 * leader's progress with each follower. Printed with the cluster's state when {@code checkOneLeader}
 * or {@code one} gives up, so a livelock reads differently from a node that went silent.
 */
final class LivenessDiagnosis {
    /** A peer silent this long (and with nothing scheduled) is reported as stuck. */
    static final long SILENT_MS = 2 * RaftCluster.ELECTION_TIMEOUT_MS;

    private record Heard(int leader, long term, long at) {
    }

    private final int n;
    private final LongSupplier now;
    private final IntFunction<RaftInspection> inspect;
    private final IntFunction<NodeRuntime> runtime;
    private final Campaigns campaigns;
    private final LeaderProgress progress;
    private final Heard[] heard;
    private final long[] lastSent;

    LivenessDiagnosis(Network net, int n, LongSupplier now, IntFunction<RaftInspection> inspect, IntFunction<NodeRuntime> runtime) {
        this.n = n;
        this.now = now;
        this.inspect = inspect;
        this.runtime = runtime;
        this.campaigns = new Campaigns(n, inspect);
        this.progress = new LeaderProgress(n);
        this.heard = new Heard[n];
        this.lastSent = new long[n];
        java.util.Arrays.fill(lastSent, -1);
        // A diagnosis must never fail a run: whatever it cannot read, it leaves out.
        net.observeSends((caller, server, method, reachable, args) -> quietly(() -> sent(caller, server, method, args)));
        net.observe((caller, server, method, args, reply) -> quietly(() -> handled(server, method, args, reply)));
    }

    private static void quietly(Runnable observe) {
        try {
            observe.run();
        } catch (RuntimeException e) {
            // a half-built or student-shaped message: this observation is skipped
        }
    }

    private void sent(String caller, String server, String method, java.util.function.Supplier<Object> args) {
        int from = ServerNames.index(caller, n);
        int to = ServerNames.index(server, n);
        if (from < 0) {
            return;
        }
        synchronized (this) {
            lastSent[from] = now.getAsLong();
        }
        if (to >= 0 && method.endsWith(".requestVote")) {
            campaigns.asked(from, to, args.get());
        } else if (to >= 0 && method.endsWith(".appendEntries")) {
            progress.sent(from, to, now.getAsLong()); // not decoded: entries can be large, and every send passes here
        }
    }

    private void handled(String server, String method, Object args, Object reply) {
        int to = ServerNames.index(server, n);
        if (to < 0) {
            return;
        }
        if (method.endsWith(".requestVote")) {
            campaigns.answered(to, args, reply);
        } else if (method.endsWith(".appendEntries")) {
            progress.answered(to, args, reply, now.getAsLong());
            if (Boolean.TRUE.equals(VoteWire.component(reply, "success"))
                    && VoteWire.component(args, "leaderId") instanceof Integer leader
                    && VoteWire.component(args, "term") instanceof Long term) {
                synchronized (this) {
                    heard[to] = new Heard(leader, term, now.getAsLong());
                }
            }
        }
    }

    /** The role a peer plays, as far as the contract and the wire show: leader, candidate or follower. */
    synchronized String role(int i, PeerState s) {
        if (s.leader()) {
            return "LEADER";
        }
        Heard h = heard[i];
        boolean campaigning = campaigns.latestTerm(i) == s.term() && (h == null || h.term() < s.term());
        return campaigning ? "candidate" : "follower";
    }

    /**
     * Every peer's view, for failure messages: role, term, connectivity, last applied, and the lines of
     * {@link #describe(int, PeerState)}; then the hints for the classic patterns.
     */
    String cluster(IntFunction<PeerState> states, IntPredicate connected, IntToLongFunction appliedThrough) {
        StringBuilder b = new StringBuilder("  cluster at " + now.getAsLong() + " ms:");
        for (int i = 0; i < n; i++) {
            PeerState s = states.apply(i);
            b.append("\n    S").append(i).append(": ");
            if (s == null) {
                b.append("crashed");
            } else {
                b.append(role(i, s)).append(" in term ").append(s.term());
            }
            b.append(connected.test(i) ? ", connected" : ", disconnected");
            b.append(", applied through ").append(appliedThrough.applyAsLong(i));
            b.append(describe(i, s));
        }
        b.append(hints(states));
        return b.toString();
    }

    /**
     * Indented lines about peer i: its log, campaigns, last leader heard, silence, and (if it leads) its
     * followers. The peer's own state is read first: peers send (and so call in here) holding their
     * locks, so this class never waits for a peer's lock while holding its own.
     */
    String describe(int i, PeerState s) {
        RaftInspection view = s == null ? null : inspect.apply(i);
        long[] log = null;
        long[] match = new long[n];
        if (view != null) {
            long[] l = new long[4];
            view.locked(() -> {
                l[0] = view.lastLogIndex();
                l[1] = view.logTerm(l[0]);
                l[2] = view.commitIndex();
                l[3] = view.logBase();
                for (int f = 0; f < n; f++) {
                    match[f] = view.matchIndex(f);
                }
            });
            log = l;
        }
        NodeRuntime rt = s == null ? null : runtime.apply(i);
        int pending = rt == null ? -1 : rt.pendingTasks();
        return describe(i, s, log, match, pending);
    }

    private synchronized String describe(int i, PeerState s, long[] log, long[] match, int pending) {
        StringBuilder b = new StringBuilder();
        long t = now.getAsLong();
        if (log != null) {
            b.append("\n        log ends at ").append(log[0]).append(" (term ").append(log[1]).append("), commit index ")
                    .append(log[2]).append(log[3] > 0 ? ", snapshot through " + log[3] : "");
        }
        b.append(campaigns.describe(i));
        Heard h = heard[i];
        b.append("\n        ").append(h == null ? "never accepted AppendEntries from a leader"
                : "last accepted AppendEntries from S" + h.leader() + " (term " + h.term() + ") " + (t - h.at()) + " ms ago");
        if (s != null) {
            b.append("; ").append(lastSent[i] < 0 ? "has sent no RPC" : "last sent an RPC " + (t - lastSent[i]) + " ms ago");
            if (pending == 0) {
                b.append("; nothing is scheduled on it (no timer will ever fire)");
            }
        }
        if (s != null && s.leader() && log != null) {
            b.append(progress.describe(i, s.term(), match, t));
        }
        return b.toString();
    }

    /** Hints for the classic patterns, or "". Peers' states are read before this class's lock is taken. */
    String hints(IntFunction<PeerState> states) {
        PeerState[] s = new PeerState[n];
        int[] pending = new int[n];
        List<String> hints = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            s[i] = states.apply(i);
            NodeRuntime rt = s[i] == null ? null : runtime.apply(i);
            pending[i] = rt == null ? -1 : rt.pendingTasks();
            if (s[i] != null && s[i].leader()) {
                String stuck = commitStuck(i, s[i].term());
                if (stuck != null) {
                    hints.add(stuck);
                }
            }
        }
        return hints(s, pending, hints);
    }

    /**
     * A leader whose followers' matchIndexes give a majority an entry of its term beyond its commit
     * index, counting the leader's own log: the commit rule is not being applied.
     */
    private String commitStuck(int leader, long term) {
        RaftInspection view = inspect.apply(leader);
        if (view == null) {
            return null;
        }
        long[] r = new long[3];
        view.locked(() -> {
            long[] match = new long[n];
            for (int f = 0; f < n; f++) {
                match[f] = f == leader ? view.lastLogIndex() : view.matchIndex(f);
            }
            java.util.Arrays.sort(match);
            r[0] = match[(n - 1) / 2]; // held by a majority: this many entries are at or above it
            r[1] = view.commitIndex();
            r[2] = r[0] > r[1] ? view.logTerm(r[0]) : -1;
        });
        return r[0] > r[1] && r[2] == term
                ? "S" + leader + " leads term " + term + " and a majority (with its own log) holds index " + r[0]
                        + " of its term, but its commit index is " + r[1] + ": is commitIndex advanced when a matchIndex"
                        + " moves, and does the leader count its own entry (once it is durable, from lab 3)?"
                : null;
    }

    private synchronized String hints(PeerState[] states, int[] pending, List<String> hints) {
        String split = campaigns.splitVoteHint();
        if (split != null) {
            hints.add(split);
        }
        long t = now.getAsLong();
        List<Integer> up = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (states[i] != null) {
                up.add(i);
            }
        }
        if (!up.isEmpty() && up.stream().allMatch(i -> campaigns.count(i) == 0)
                && up.stream().noneMatch(i -> states[i].leader())) {
            hints.add("no peer ever asked for a vote: is the election timer started when a peer is created, and does"
                    + " its expiry start an election?");
        }
        for (int i : up) {
            boolean silent = lastSent[i] < 0 ? t > SILENT_MS : t - lastSent[i] > SILENT_MS;
            if (silent && pending[i] == 0) {
                hints.add("S" + i + " is up but silent and has nothing scheduled: its election timer is not re-armed after it"
                        + " fires (or was cancelled and never restarted), or an exception ended the task that re-arms it");
            }
        }
        String behind = campaigns.logBehindHint();
        if (behind != null) {
            hints.add(behind);
        }
        hints.addAll(progress.hints());
        StringBuilder b = new StringBuilder();
        for (String hint : hints) {
            b.append("\n    hint: ").append(hint);
        }
        return b.toString();
    }
}
