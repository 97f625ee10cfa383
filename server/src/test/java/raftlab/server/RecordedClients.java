package raftlab.server;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import raftlab.server.client.KvHttpClient;
import raftlab.tester.linearizability.CheckResult;
import raftlab.tester.linearizability.Checker;
import raftlab.tester.linearizability.History;
import raftlab.tester.linearizability.KvModel;
import raftlab.tester.linearizability.KvModel.Input;
import raftlab.tester.linearizability.KvModel.Output;
import raftlab.tester.linearizability.Operation;
import raftlab.tester.linearizability.Verdict;

/**
 * Clients that put, append and read a few keys through whichever nodes are listed now, recording
 * every operation for the linearizability checker: a write without an answer is recorded as pending
 * (it may yet take effect), a read without one not at all.
 */
public final class RecordedClients implements AutoCloseable {
    private static final int KEYS = 4;

    private final List<Operation> history = Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> threads = new ArrayList<>();
    private final long t0 = System.nanoTime();
    private volatile boolean running = true;

    public RecordedClients(int clients, Supplier<List<String>> urls, long seed) {
        for (int c = 0; c < clients; c++) {
            int id = c;
            Thread t = new Thread(() -> run(id, urls, new Random(seed * 100 + id)), "recorded-client-" + c);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void run(int id, Supplier<List<String>> urls, Random random) {
        int n = 0;
        List<String> known = null;
        KvHttpClient kv = null;
        while (running) {
            n++;
            if (!urls.get().equals(known)) { // a node added or removed: a client that knows the cluster now
                if (kv != null) {
                    kv.close();
                }
                known = urls.get();
                kv = new KvHttpClient(known, 1);
            }
            {
                String key = "m" + random.nextInt(KEYS);
                int dice = random.nextInt(10);
                long call = System.nanoTime() - t0;
                try {
                    if (dice < 4) {
                        KvHttpClient.Reply r = kv.get(key, false);
                        Output out = r.status() == 200 ? new Output(r.field("value"), r.json().get("version").getAsLong(), "OK")
                                : r.status() == 404 ? new Output(null, null, "ErrNoKey") : null;
                        if (out != null) {
                            history.add(new Operation(id, call, System.nanoTime() - t0, new Input("get", key, null, null), out));
                        }
                    } else {
                        String v = "[" + id + "." + n + "]";
                        boolean put = dice < 6;
                        KvHttpClient.Reply r = put ? kv.put(key, v) : kv.append(key, v);
                        Input in = new Input(put ? "put" : "append", key, v, null);
                        if (r.status() == 200) {
                            history.add(new Operation(id, call, System.nanoTime() - t0, in, new Output(null, null, "OK")));
                        } else if (!starting(r)) { // a 503 after a timeout: it may yet take effect
                            history.add(new Operation(id, call, Operation.PENDING, in, null));
                            pause();
                        } else {
                            pause();
                        }
                    }
                } catch (KvHttpClient.NoAnswer e) {
                    // a read: no effect; a write: recorded below only if it may have left
                    if (dice >= 4 && e.maybeDelivered) {
                        history.add(new Operation(id, call, Operation.PENDING,
                                new Input(dice < 6 ? "put" : "append", key, "[" + id + "." + n + "]", null), null));
                    }
                    pause();
                }
            }
        }
        if (kv != null) {
            kv.close();
        }
    }

    /** A node that is not serving yet refused the request before any clerk saw it: it had no effect. */
    private static boolean starting(KvHttpClient.Reply r) {
        return r.status() == 503 && "the node is starting".equals(r.field("error"));
    }

    private void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Acknowledged writes so far. */
    public long acknowledgedWrites() {
        synchronized (history) {
            return history.stream().filter(o -> !o.pending() && !((Input) o.input()).op().equals("get")).count();
        }
    }

    /** Stops the clients and returns what they did. */
    public List<Operation> stop() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join(30_000);
        }
        return List.copyOf(history);
    }

    /**
     * Checks {@code history} with the linearizability checker and fails unless it is linearizable; a
     * history that is not is saved as {@code target/NAME-history.json} for {@code ./raftlab check-history}.
     */
    public static void assertLinearizable(List<Operation> history, String name) throws java.io.IOException {
        CheckResult check = Checker.check(new KvModel(), history, Duration.ofSeconds(60));
        long pending = history.stream().filter(Operation::pending).count();
        String said = history.size() + " operations, " + pending + " pending, " + check.verdict() + " in " + check.millis() + " ms";
        System.out.println("  history: " + said);
        if (check.verdict() != Verdict.LINEARIZABLE) {
            History.write(Path.of("target", name + "-history.json"), "kv", history);
        }
        Assertions.assertEquals(Verdict.LINEARIZABLE, check.verdict(), said);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
