package raftlab.tester.harness;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import raftlab.raft.ApplyMsg;
import raftlab.tester.monitor.SafetyViolation;

/**
 * What each peer applied, checked as it happens: a committed index never holds two different
 * commands on two peers (State Machine Safety), and each peer applies in order without gaps.
 */
public final class Applied {
    public static final String RULE_SAME =
            "State Machine Safety — no two servers apply different commands at one index (Figure 3)";
    public static final String RULE_ORDER = "each server applies committed entries in index order, once each (Figure 2)";
    public static final String RULE_SNAPSHOT_ORDER =
            "a snapshot on the apply stream moves the service forward, never back (Figure 13)";
    public static final String RULE_SNAPSHOT_RESTART =
            "a restarted server resumes from its durable snapshot, never from an older state (§7)";

    /** How many peers applied {@code index}, and the command they agree on. */
    public record Count(int servers, Object command) {
    }

    private final List<Map<Long, Object>> logs;
    private final Map<Long, Object> committed = new HashMap<>();
    private final long[] lastApplied;
    /** Per peer: the snapshot index its storage held when it last restarted (0: none). */
    private final long[] restartedFrom;
    /** Decodes the commands a tester-made snapshot holds (index 1 first), or null if snapshots are the service's own. */
    private volatile Function<byte[], List<Object>> snapshotContents;
    private long maxIndex;

    Applied(int n) {
        this.logs = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            logs.add(new HashMap<>());
        }
        this.lastApplied = new long[n];
        this.restartedFrom = new long[n];
    }

    /** Snapshots are the tester's own (lab 5's Raft tests): check their contents too. */
    void snapshotContents(Function<byte[], List<Object>> decoder) {
        this.snapshotContents = decoder;
    }

    /** A restarted peer re-applies from the start, or from the snapshot its storage holds ({@code snapshotIndex}). */
    synchronized void reset(int peer, long snapshotIndex) {
        lastApplied[peer] = 0;
        restartedFrom[peer] = snapshotIndex;
    }

    synchronized void apply(int peer, ApplyMsg msg) {
        if (msg instanceof ApplyMsg.Snapshot s) {
            snapshot(peer, s);
            return;
        }
        ApplyMsg.Command c = (ApplyMsg.Command) msg;
        long index = c.index();
        if (lastApplied[peer] == 0 && restartedFrom[peer] > 0 && index <= restartedFrom[peer]) {
            throw restartViolation(peer, "applied command " + index);
        }
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

    private void snapshot(int peer, ApplyMsg.Snapshot s) {
        if (lastApplied[peer] == 0 && s.index() < restartedFrom[peer]) {
            throw restartViolation(peer, "was handed a snapshot through " + s.index());
        }
        if (s.index() <= lastApplied[peer]) {
            throw new SafetyViolation(RULE_SNAPSHOT_ORDER,
                    "S" + peer + " was handed a snapshot through index " + s.index() + " after applying through "
                            + lastApplied[peer] + ": its service would go back in time",
                    List.of("a follower installs a snapshot older than what it has applied (compare with commitIndex/lastApplied)",
                            "a snapshot delivered outside the ordered apply stream, racing with commands"));
        }
        Function<byte[], List<Object>> decode = snapshotContents;
        if (decode != null) {
            List<Object> commands = decode.apply(s.data());
            if (commands.size() != s.index()) {
                throw new AssertionError("S" + peer + "'s snapshot through " + s.index() + " holds " + commands.size()
                        + " commands: the snapshot's index and data disagree");
            }
            for (int k = 0; k < commands.size(); k++) {
                long index = k + 1;
                Object old = committed.get(index);
                if (old != null && !old.equals(commands.get(k))) {
                    throw new SafetyViolation(RULE_SAME, "index " + index + ": S" + peer + "'s snapshot holds " + commands.get(k)
                            + " but " + old + " was applied there", List.of("a snapshot taken at the wrong index (off by one)",
                            "the log offset after compaction is wrong, so entries shift by one"));
                }
                logs.get(peer).put(index, commands.get(k));
                committed.putIfAbsent(index, commands.get(k));
            }
        }
        lastApplied[peer] = s.index();
        maxIndex = Math.max(maxIndex, s.index());
    }

    private SafetyViolation restartViolation(int peer, String what) {
        return new SafetyViolation(RULE_SNAPSHOT_RESTART,
                "S" + peer + " restarted with a snapshot through " + restartedFrom[peer] + " in its storage, but first "
                        + what, List.of("on restart, the snapshot in storage is not delivered to the service first",
                        "the restored log ignores the snapshot's base (indexes start from 1 again)"));
    }

    /** The commands peer {@code peer} applied (or received in a snapshot) at 1..{@code through}. */
    synchronized List<Object> commandsThrough(int peer, long through) {
        List<Object> out = new java.util.ArrayList<>();
        for (long i = 1; i <= through; i++) {
            out.add(logs.get(peer).get(i));
        }
        return out;
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
