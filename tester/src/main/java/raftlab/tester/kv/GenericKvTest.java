package raftlab.tester.kv;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import raftlab.kv.KvFactory;
import raftlab.kv.KvStatus;
import raftlab.tester.harness.LabRun;
import raftlab.tester.harness.Mode;
import raftlab.tester.harness.RaftCluster;

/**
 * 6.5840's {@code GenericTest}: clients hammer the service while the tester partitions the servers,
 * drops messages and restarts everything, three times over; then every client's appends must be in
 * its key exactly once and in order, and the whole history must be linearizable.
 *
 * @param clients      concurrent clerks per iteration
 * @param servers      replicas
 * @param reliable     false: the network drops, delays and reorders messages
 * @param crash        restart every server at the end of each iteration
 * @param partitions   re-partition the servers every 1–1.2 s while clients run
 * @param maxRaftState snapshot threshold handed to the servers (-1: never; lab 5)
 * @param randomKeys   clients share keys and mix puts, appends, versioned puts and deletes
 *                     (checked only for linearizability); otherwise each owns one key
 */
public record GenericKvTest(int clients, int servers, boolean reliable, boolean crash, boolean partitions,
                            long maxRaftState, boolean randomKeys) {
    static final int ITERATIONS = 3;
    static final long CLIENT_MS = 5000;
    /** A client pauses 10–39 ms between operations (about 6.5840's rate per client). */
    static final int THINK_MS_MIN = 10;
    static final int THINK_MS_SPREAD = 30;

    public static GenericKvTest of(int clients, int servers) {
        return new GenericKvTest(clients, servers, true, false, false, -1, false);
    }

    public GenericKvTest unreliable() {
        return new GenericKvTest(clients, servers, false, crash, partitions, maxRaftState, randomKeys);
    }

    public GenericKvTest crashing() {
        return new GenericKvTest(clients, servers, reliable, true, partitions, maxRaftState, randomKeys);
    }

    public GenericKvTest partitioning() {
        return new GenericKvTest(clients, servers, reliable, crash, true, maxRaftState, randomKeys);
    }

    public GenericKvTest sharedKeys() {
        return new GenericKvTest(clients, servers, reliable, crash, partitions, maxRaftState, true);
    }

    public GenericKvTest maxRaftState(long bytes) {
        return new GenericKvTest(clients, servers, reliable, crash, partitions, bytes, randomKeys);
    }

    /** Runs the test; returns the cluster for any extra checks. */
    public KvCluster run(LabRun run, KvFactory lab, String title) {
        KvCluster kv = new KvCluster(run, servers, lab, reliable, maxRaftState);
        kv.begin(title + " (" + clients + " clients, " + servers + " servers"
                + (crash ? ", restarts" : "") + (partitions ? ", partitions" : "") + (randomKeys ? ", random keys" : "") + ")");
        for (int it = 0; it < ITERATIONS; it++) {
            iteration(kv, it);
        }
        kv.checkLinearizable();
        return kv;
    }

    private void iteration(KvCluster kv, int it) {
        LabRun run = kv.run();
        run.trace().event("iteration").put("n", it).emit();
        List<Client> cs = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            cs.add(new Client(kv, kv.makeClerk(), c, randomKeys ? clients : 0,
                    run.world().randomStream("kv-client-" + it + "-" + c)));
        }
        Partitioner partitioner = null;
        if (partitions) {
            run.sleep(1000);
            partitioner = new Partitioner(kv);
        }
        run.sleep(CLIENT_MS);
        cs.forEach(Client::stop);
        if (partitioner != null) {
            partitioner.stop();
            kv.connectAll();
            run.sleep(RaftCluster.ELECTION_TIMEOUT_MS);
        }
        if (crash) {
            kv.shutdownAll();
            run.sleep(RaftCluster.ELECTION_TIMEOUT_MS);
            kv.startAll();
        }
        TestClerk checker = kv.makeClerk();
        for (Client c : cs) {
            kv.await(c.finished, "client " + c.index + "'s last operation");
            if (!randomKeys) {
                checkAppends(c, kv.get(checker, c.key));
            }
        }
        if (maxRaftState < 0 && kv.raft().snapshotSize() > 0) {
            throw new AssertionError("a snapshot of " + kv.raft().snapshotSize() + " bytes was taken, but maxraftstate is -1 (never)");
        }
        if (maxRaftState > 0 && kv.logSize() > 8 * maxRaftState) {
            throw new AssertionError("durable Raft state is " + kv.logSize() + " bytes; with maxraftstate "
                    + maxRaftState + " it must stay under " + 8 * maxRaftState + " (is the service snapshotting?)");
        }
    }

    /** 6.5840's checkClntAppends: each of the client's appends is in its key once, in order. */
    static void checkAppends(Client c, String value) {
        checkAppends(c.index, c.appends, c.key, value);
    }

    /**
     * Elements {@link #element}{@code (client, 0 .. count-1)} are each in {@code value} (the value of
     * {@code key}) exactly once and in order.
     */
    public static void checkAppends(int client, int count, String key, String value) {
        int last = -1;
        for (int j = 0; j < count; j++) {
            String wanted = element(client, j);
            int off = value.indexOf(wanted);
            if (off < 0) {
                throw new AssertionError("client " + client + "'s append " + j + " ('" + wanted + "') is missing from key '"
                        + key + "' = '" + KvCluster.abbreviate(value) + "' — an acknowledged write was lost");
            }
            if (value.lastIndexOf(wanted) != off) {
                throw new AssertionError("client " + client + "'s append " + j + " ('" + wanted
                        + "') appears twice in key '" + key + "' — a retried write was applied twice");
            }
            if (off <= last) {
                throw new AssertionError("client " + client + "'s append " + j + " is out of order in key '" + key + "'");
            }
            last = off;
        }
    }

    /** The element client {@code client} appends {@code j}-th: {@code "x <client> <j> y"}. */
    public static String element(int client, int j) {
        return "x " + client + " " + j + " y";
    }

    /**
     * 6.5840's speed test: after one get, {@code ops} sequential appends by one clerk, all present, at
     * most 33.3 ms of virtual time each on average — a commit must not wait for the next heartbeat. In
     * real mode the time per append is reported, not graded.
     */
    public static void speed(KvCluster kv, int ops) {
        TestClerk ck = kv.makeClerk();
        kv.get(ck, "x"); // wait until there is a leader
        long start = kv.run().now();
        StringBuilder want = new StringBuilder();
        for (int i = 0; i < ops; i++) {
            kv.append(ck, "x", element(0, i));
            want.append(element(0, i));
        }
        long elapsed = kv.run().now() - start;
        kv.check(ck, "x", want.toString());
        double perOp = elapsed / (double) ops;
        boolean sim = kv.run().mode() == Mode.SIM;
        System.out.printf("  %d appends in %d ms of %s time: %.1f ms per operation%n", ops, elapsed,
                sim ? "virtual" : "real", perOp);
        if (!sim) {
            // Budgets are graded in virtual time only: the grading machine's load must not cost points.
            kv.run().note(String.format("%.1f ms per append in real time; the 33.3 ms budget is graded in simulation", perOp));
            return;
        }
        if (perOp > 33.3) {
            throw new AssertionError(String.format("operations took %.1f ms each on average (limit 33.3 ms); "
                    + "does the leader wait for a heartbeat before replicating a new entry?", perOp));
        }
    }

    /** One workload client, as clerk callbacks: each operation starts when the previous one ended. */
    static final class Client {
        private final KvCluster kv;
        private final TestClerk ck;
        final int index;
        final String key;
        private final int sharedKeys;
        private final Random random;
        final CompletableFuture<Void> finished = new CompletableFuture<>();
        private volatile boolean stopped;
        private String expected = "";
        private final long[] lastVersion;
        int appends;

        Client(KvCluster kv, TestClerk ck, int index, int sharedKeys, Random random) {
            this.kv = kv;
            this.ck = ck;
            this.index = index;
            this.key = Integer.toString(index);
            this.sharedKeys = sharedKeys;
            this.random = random;
            this.lastVersion = new long[Math.max(1, sharedKeys)];
            if (sharedKeys > 0) {
                next();
            } else {
                ck.put(key, "").whenComplete((r, e) -> next());
            }
        }

        void stop() {
            stopped = true;
        }

        private void next() {
            if (stopped) {
                finished.complete(null);
                return;
            }
            CompletableFuture<?> op = sharedKeys > 0 ? randomOp() : ownKeyOp();
            // Think time between operations: in simulation a reliable network has no latency, so without
            // it clients would issue unboundedly many operations per virtual millisecond.
            op.whenComplete((r, e) -> kv.run().schedule(THINK_MS_MIN + random.nextInt(THINK_MS_SPREAD), this::next));
        }

        private CompletableFuture<?> ownKeyOp() {
            if (random.nextBoolean()) {
                String nv = element(index, appends);
                return ck.append(key, nv).thenAccept(r -> {
                    expect(r.status() == KvStatus.OK, "append('" + key + "') answered " + r.status());
                    expected += nv;
                    appends++;
                });
            }
            return ck.get(key).thenAccept(r -> {
                String v = r.status() == KvStatus.OK ? r.value() : "";
                expect(v.equals(expected), "get('" + key + "') by its only writer returned '"
                        + KvCluster.abbreviate(v) + "', expected '" + KvCluster.abbreviate(expected) + "'");
            });
        }

        private CompletableFuture<?> randomOp() {
            int k = random.nextInt(sharedKeys);
            String rk = "k" + k;
            String v = "c" + index + "-" + random.nextInt(1_000_000);
            int roll = random.nextInt(100);
            if (roll < 10) {
                return ck.put(rk, v);
            } else if (roll < 40) {
                return ck.append(rk, " " + v);
            } else if (roll < 50) {
                return ck.putIfVersion(rk, v, lastVersion[k]);
            } else if (roll < 55) {
                return ck.delete(rk);
            }
            return ck.get(rk).thenAccept(r -> lastVersion[k] = r.status() == KvStatus.OK ? r.version() : 0);
        }

        private static void expect(boolean ok, String message) {
            if (!ok) {
                throw new AssertionError(message);
            }
        }
    }

    /** Every 1–1.2 s, puts each server on a random side. */
    static final class Partitioner {
        private final KvCluster kv;
        private volatile boolean stopped;

        Partitioner(KvCluster kv) {
            this.kv = kv;
            kv.run().schedule(0, this::shuffle);
        }

        private void shuffle() {
            if (stopped) {
                return;
            }
            List<Integer> sideA = new ArrayList<>();
            for (int i = 0; i < kv.n(); i++) {
                if (kv.run().random().nextBoolean()) {
                    sideA.add(i);
                }
            }
            kv.partition(sideA);
            kv.run().schedule(1000 + kv.run().random().nextInt(200), this::shuffle);
        }

        void stop() {
            stopped = true;
        }
    }

}
