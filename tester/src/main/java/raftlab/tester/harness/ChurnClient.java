package raftlab.tester.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import raftlab.raft.StartResult;

/**
 * A client of 6.5840's churn tests, as tester tasks: it keeps offering random commands to every live
 * peer, and records each command it then sees committed at the index its leader gave it. Every
 * recorded value must be in the final log.
 */
public final class ChurnClient {
    private static final long[] BACKOFF_MS = {10, 20, 50, 100, 200};

    private final RaftCluster cluster;
    private final LabRun run;
    private final int id;
    private final Random random;
    private final List<Integer> committed = new ArrayList<>();
    private volatile boolean stopped;

    public ChurnClient(RaftCluster cluster, int id) {
        this.cluster = cluster;
        this.run = cluster.run();
        this.id = id;
        this.random = run.world().randomStream("churn-client-" + id);
        run.schedule(0, this::offer);
    }

    private void offer() {
        if (stopped) {
            return;
        }
        int x = random.nextInt(Integer.MAX_VALUE);
        long index = -1;
        for (int i = 0; i < cluster.n(); i++) {
            StartResult r = cluster.startOn(i, x);
            if (r != null && r.leader()) {
                index = r.index();
            }
        }
        if (index < 0) {
            run.schedule(79 + 17L * id, this::offer);
        } else {
            poll(index, x, 0);
        }
    }

    private void poll(long index, int x, int attempt) {
        if (stopped) {
            return;
        }
        Applied.Count c = cluster.applied().count(index);
        if (c.servers() > 0) {
            if (c.command() instanceof Integer v && v == x) {
                synchronized (committed) {
                    committed.add(x);
                }
            }
            run.schedule(0, this::offer);
        } else if (attempt < BACKOFF_MS.length) {
            run.schedule(BACKOFF_MS[attempt], () -> poll(index, x, attempt + 1));
        } else {
            run.schedule(0, this::offer);
        }
    }

    /** Stops the client and returns the values it saw committed. */
    public List<Integer> stop() {
        stopped = true;
        synchronized (committed) {
            return List.copyOf(committed);
        }
    }
}
