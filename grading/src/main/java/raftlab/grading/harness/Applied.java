package raftlab.grading.harness;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import raftlab.grading.monitor.SafetyViolation;
import raftlab.labrpc.raft.ApplyMsg;

/**
 * What each peer applied, checked as it happens: a committed index never holds two different
 * commands on two peers (State Machine Safety), and each peer applies in order without gaps.
 */
public final class Applied {
    public static final String RULE_SAME =
            "State Machine Safety — no two servers apply different commands at one index (Figure 3)";
    public static final String RULE_ORDER = "each server applies committed entries in index order, once each (Figure 2)";

    /** How many peers applied {@code index}, and the command they agree on. */
    public record Count(int servers, Object command) {
    }

    private final List<Map<Long, Object>> logs;
    private final Map<Long, Object> committed = new HashMap<>();
    private final long[] lastApplied;
    private long maxIndex;

    Applied(int n) {
        this.logs = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            logs.add(new HashMap<>());
        }
        this.lastApplied = new long[n];
    }

    synchronized void reset(int peer) {
        lastApplied[peer] = 0; // a restarted peer re-applies from the start (or its snapshot)
    }

    synchronized void apply(int peer, ApplyMsg msg) {
        if (!(msg instanceof ApplyMsg.Command c)) {
            return;
        }
        long index = c.index();
        if (index != lastApplied[peer] + 1) {
            throw new SafetyViolation(RULE_ORDER,
                    "S" + peer + " applied index " + index + " right after index " + lastApplied[peer],
                    List.of("applying from commitIndex instead of lastApplied+1",
                            "lastApplied not advanced, or advanced before the entry was actually delivered",
                            "two appliers (threads or timers) delivering concurrently"));
        }
        for (int j = 0; j < logs.size(); j++) {
            Object old = logs.get(j).get(index);
            if (old != null && !old.equals(c.command())) {
                throw new SafetyViolation(RULE_SAME,
                        "index " + index + ": S" + peer + " applied " + c.command() + " but S" + j + " applied " + old,
                        List.of("a leader commits an entry from an earlier term by counting replicas (Figure 8)",
                                "a follower truncates or overwrites entries that match the leader's",
                                "commitIndex advanced past what the leader actually replicated"));
            }
        }
        logs.get(peer).put(index, c.command());
        committed.putIfAbsent(index, c.command());
        lastApplied[peer] = index;
        maxIndex = Math.max(maxIndex, index);
    }

    public synchronized Count count(long index) {
        int count = 0;
        Object cmd = null;
        for (Map<Long, Object> log : logs) {
            Object v = log.get(index);
            if (v != null) {
                if (count > 0 && !v.equals(cmd)) {
                    throw new AssertionError("committed values do not match: index " + index + ", " + cmd + ", " + v);
                }
                count++;
                cmd = v;
            }
        }
        return new Count(count, cmd);
    }

    /** The command some peer applied at {@code index}, or null if none has yet. */
    public synchronized Object committedAt(long index) {
        return committed.get(index);
    }

    public synchronized long lastApplied(int peer) {
        return lastApplied[peer];
    }

    public synchronized long maxIndex() {
        return maxIndex;
    }
}
