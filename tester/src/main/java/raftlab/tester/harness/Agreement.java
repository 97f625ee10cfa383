package raftlab.tester.harness;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import raftlab.raft.PeerState;
import raftlab.raft.StartResult;

/**
 * The 6.5840 agreement helpers ({@code one}, {@code nCommitted}, {@code wait}) with their timeouts,
 * behind {@link RaftCluster}'s methods of the same names.
 */
final class Agreement {
    private final Peers cluster;
    private final LabRun run;
    private final Applied applied;

    Agreement(Peers cluster, LabRun run, Applied applied) {
        this.cluster = cluster;
        this.run = run;
        this.applied = applied;
    }

    /** How many peers have applied a command at {@code index}, and that command. */
    Applied.Count nCommitted(long index) {
        run.check();
        return applied.count(index);
    }

    /**
     * Submits {@code cmd} to whichever connected peer leads and waits for at least {@code expected}
     * peers to apply it at one index: up to 2 s per attempt and 10 s in all. Returns the index.
     */
    long one(Object cmd, int expected, boolean retry) {
        long t0 = run.now();
        int starts = 0;
        while (run.now() - t0 < 10_000) {
            long index = -1;
            for (int k = 0; k < cluster.n(); k++) {
                starts = (starts + 1) % cluster.n();
                if (cluster.isConnected(starts)) {
                    var r = cluster.startOn(starts, cmd);
                    if (r != null && r.leader()) {
                        index = r.index();
                        break;
                    }
                }
            }
            if (index != -1) {
                long t1 = run.now();
                while (run.now() - t1 < 2_000) {
                    Applied.Count c = nCommitted(index);
                    if (c.servers() > 0 && c.servers() >= expected && cmd.equals(c.command())) {
                        return index;
                    }
                    run.sleep(20);
                }
                if (!retry) {
                    throw new AssertionError("one(" + cmd + ") failed to reach agreement at index " + index
                            + "\n" + cluster.describe());
                }
            } else {
                run.sleep(50);
            }
        }
        throw new AssertionError("one(" + cmd + ") failed to reach agreement in 10 s\n" + cluster.describe());
    }

    /** Starts {@code cmd} on peer i if it is up; null if it is crashed. */
    /**
     * Several {@code one()}s at once: offers every command to the leader in the same instant, then
     * waits until each is applied by at least {@code expected} peers, offering again (to whoever leads
     * then) any command not applied within 2 s. Fails after 10 s per command on average.
     */
    void oneAll(List<?> cmds, int expected) {
        long deadline = run.now() + 10_000L * cmds.size();
        Map<Object, Long> pending = new LinkedHashMap<>();
        for (Object cmd : cmds) {
            pending.put(cmd, -1L);
        }
        long offeredAt = -1;
        while (!pending.isEmpty()) {
            if (run.now() > deadline) {
                throw new AssertionError("oneAll: " + pending.keySet() + " failed to reach agreement\n" + cluster.describe());
            }
            if (offeredAt < 0 || run.now() - offeredAt >= 2_000) {
                for (Map.Entry<Object, Long> e : pending.entrySet()) {
                    e.setValue(offer(e.getKey()));
                }
                offeredAt = run.now();
            }
            pending.entrySet().removeIf(e -> e.getValue() > 0 && committedAs(e.getValue(), e.getKey(), expected));
            if (!pending.isEmpty()) {
                run.sleep(20);
            }
        }
    }

    private long offer(Object cmd) {
        for (int i = 0; i < cluster.n(); i++) {
            if (cluster.isConnected(i)) {
                StartResult r = cluster.startOn(i, cmd);
                if (r != null && r.leader()) {
                    return r.index();
                }
            }
        }
        return -1;
    }

    private boolean committedAs(long index, Object cmd, int expected) {
        Applied.Count c = nCommitted(index);
        return c.servers() >= expected && cmd.equals(c.command());
    }

    /**
     * Waits (30 polls, backing off from 10 ms to 1.28 s) for {@code expected} peers to apply
     * {@code index}. Returns the command, or null if some peer moved past {@code startTerm} first
     * ({@code startTerm = -1} disables that).
     */
    Object waitCommitted(long index, int expected, long startTerm) {
        long pause = 10;
        for (int iter = 0; iter < 30; iter++) {
            if (nCommitted(index).servers() >= expected) {
                break;
            }
            run.sleep(pause);
            if (pause < 1000) {
                pause *= 2;
            }
            if (startTerm > -1) {
                for (int i = 0; i < cluster.n(); i++) {
                    PeerState s = cluster.stateOrNull(i);
                    if (s != null && s.term() > startTerm) {
                        return null;
                    }
                }
            }
        }
        Applied.Count c = nCommitted(index);
        if (c.servers() < expected) {
            throw new AssertionError("only " + c.servers() + " decided for index " + index + "; wanted " + expected);
        }
        return c.command();
    }
}
