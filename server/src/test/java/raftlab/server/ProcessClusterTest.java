package raftlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raftlab.kv.KvCapacity;
import raftlab.kv.KvLimits;
import raftlab.kv.KvWrite;
import raftlab.server.cli.NodeProcesses;
import raftlab.server.client.KvHttpClient;
import raftlab.server.client.KvHttpClient.Reply;

/**
 * The store as it is really run: one JVM per node on loopback, killed with SIGKILL, restarted from
 * its data directory, or restarted with that directory wiped. Every write the cluster acknowledged
 * must still be there afterwards.
 */
class ProcessClusterTest {
    /** Small, so that a few thousand writes make every node snapshot and compact its log. */
    private static final long MAX_RAFT_STATE = 64 << 10;
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private NodeProcesses cluster;
    private KvHttpClient kv;

    @AfterEach
    void stop() {
        if (kv != null) {
            kv.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private void startCluster() {
        startCluster(MAX_RAFT_STATE);
    }

    private void startCluster(long maxRaftState) {
        cluster = new NodeProcesses(tmp.resolve("data"), 3, "127.0.0.1", FreePorts.forCluster(3), maxRaftState);
        cluster.startAll();
        kv = new KvHttpClient(cluster.urls(), 16);
        awaitLeader(-1);
        for (int i = 0; i < 3; i++) { // a leader can be elected before the last node's client API serves
            try (KvHttpClient one = new KvHttpClient(List.of(cluster.urls().get(i)), 1)) {
                Awaitility.await("node " + i + " serves").atMost(PATIENCE).ignoreExceptions()
                        .until(() -> one.send("GET", "/node/status", null).ok());
            }
        }
    }

    @Test
    void writesThroughAnyNodeAndAKilledLeaderLosesNothingAcknowledged() throws Exception {
        startCluster();
        for (int i = 0; i < 3; i++) {
            try (KvHttpClient one = new KvHttpClient(List.of(cluster.urls().get(i)), 1)) {
                assertEquals(200, one.put("through-" + i, "v" + i).status(), "a write sent to node " + i);
            }
        }
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> writers = startWriters(8, acknowledged, running);
        List<List<String>> batched = new ArrayList<>();
        for (int b = 0; b < 2; b++) {
            batched.add(Collections.synchronizedList(new ArrayList<>()));
            writers.add(startBatchWriter(b, batched.get(b), running));
        }
        Awaitility.await().atMost(PATIENCE).until(() -> acknowledged.size() >= 500);

        JsonObject before = status();
        int oldLeader = before.get("leader").getAsInt();
        long oldTerm = before.get("term").getAsLong();
        cluster.kill(oldLeader); // SIGKILL, under load
        int sizeAtKill = acknowledged.size();
        int newLeader = awaitLeader(oldLeader);
        assertNotEquals(oldLeader, newLeader);
        assertTrue(status().get("term").getAsLong() > oldTerm, "a new leader means a new term");
        Awaitility.await("writes resume under the new leader").atMost(PATIENCE)
                .until(() -> acknowledged.size() >= sizeAtKill + 500);
        running.set(false);
        for (Thread t : writers) {
            t.join();
        }
        assertAllPresent(kv, acknowledged, false);
        for (int b = 0; b < batched.size(); b++) {
            assertBatchesWhole(b, batched.get(b));
        }

        cluster.start(oldLeader); // back from its data directory: snapshot plus the log after it
        Awaitility.await("the restarted node catches up").atMost(PATIENCE).until(() -> caughtUp(oldLeader));
        JsonObject restarted = node(oldLeader);
        assertTrue(restarted.get("snapshotIndex").getAsLong() > 0, "it recovered from a snapshot: " + restarted);
        try (KvHttpClient one = new KvHttpClient(List.of(cluster.urls().get(oldLeader)), 1)) {
            assertAllPresent(one, acknowledged, true); // its own replica, not the leader's
        }
    }

    @Test
    void aNodeWithAWipedDataDirectoryCatchesUpByInstallSnapshot() throws Exception {
        startCluster();
        int leader = status().get("leader").getAsInt();
        int wiped = (leader + 1) % 3;
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        for (int i = 0; i < 300; i++) {
            put(kv, "early/" + i, "e" + i, acknowledged);
        }
        cluster.stop(wiped);
        cluster.wipe(wiped);
        for (int i = 0; i < 2000; i++) {
            put(kv, "late/" + i, "x".repeat(64) + i, acknowledged);
        }
        Awaitility.await("the leader compacts its log").atMost(PATIENCE)
                .until(() -> node(status().get("leader").getAsInt()).get("snapshotIndex").getAsLong() > 300);

        cluster.start(wiped);
        Awaitility.await("the wiped node catches up").atMost(PATIENCE).until(() -> caughtUp(wiped));
        JsonObject w = node(wiped);
        assertTrue(w.get("snapshotBytes").getAsLong() > 0, "it holds the leader's snapshot: " + w);
        try (KvHttpClient one = new KvHttpClient(List.of(cluster.urls().get(wiped)), 1)) {
            assertAllPresent(one, acknowledged, true);
        }
    }

    @Test
    void aStoreFullOfTheLargestValuesSurvivesKillingEveryNode() {
        // The default heap and capacity, but snapshots only once the log passes 60 MiB. With the default 4 MiB a store
        // this full encodes a snapshot of 50-60 MiB every few puts: written under the Raft lock (before SnapshotWriter)
        // that cost a slow disk (CI) its leader for 50 s; written off the lock, one more snapshot array is alive while
        // a write is under way, and on CI a node then failed a 1 MiB body at put 59, most likely out of heap
        // (docs/cluster.md, "Memory"). What this test proves, survival and recovery at capacity, stays.
        startCluster(60L << 20);
        String value = "x".repeat(KvLimits.MAX_VALUE_BYTES);
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        int refusedAt = -1;
        for (int i = 0; i < 100 && refusedAt < 0; i++) {
            Reply r = settledPut("big/" + i, value);
            if (r.status() == 429) {
                refusedAt = i;
            } else {
                assertEquals(200, r.status(), "put " + i + " of a 1 MiB value: " + r);
                acknowledged.put("big/" + i, value);
            }
        }
        long capacity = KvCapacity.DEFAULT.storeBytes();
        assertEquals(capacity / (KvLimits.MAX_VALUE_BYTES + 6), refusedAt,
                "the store takes 1 MiB values until its " + capacity + " bytes are full, then answers 429");
        for (int i = 0; i < 3; i++) {
            cluster.kill(i); // SIGKILL, all of them
        }
        cluster.startAll();
        awaitLeader(-1);
        long restarted = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            int node = i;
            // Each node reads back a 64 MiB store (or takes it from the leader in 32 KiB chunks) while the
            // other two do the same on the same cores: on a busy machine that took over 30 s once.
            Awaitility.await("node " + i + " recovers and catches up").atMost(PATIENCE.multipliedBy(3)).until(() -> caughtUp(node));
            System.out.printf("  node %d caught up %.1f s after the restart%n", i, (System.nanoTime() - restarted) / 1e9);
        }
        assertAllPresent(kv, acknowledged, false);
        assertEquals(429, settledPut("big/more", value).status(), "still full after the restart");
        Reply deleted = kv.delete("big/0");
        boolean retried = false;
        for (int attempt = 1; deleted.status() == 503 && attempt < 10; attempt++, retried = true) {
            deleted = kv.delete("big/0");
        }
        assertTrue(deleted.status() == 200 || retried && deleted.status() == 404, "a delete is accepted in a full store: " + deleted);
        assertEquals(200, settledPut("big/more", value).status(), "... and makes room");
    }

    // ---- helpers ----

    /**
     * A put repeated while the answer is 503 (no majority within 5 s: the outcome is unknown, and a
     * node writing a snapshot of tens of MiB can take that long), so the final answer is what the
     * store made of it: 200, or 429 once it is full.
     */
    private Reply settledPut(String key, String value) {
        Reply r = kv.put(key, value);
        for (int attempt = 1; r.status() == 503 && attempt < 10; attempt++) {
            r = kv.put(key, value);
        }
        return r;
    }


    private List<Thread> startWriters(int n, Map<String, String> acknowledged, AtomicBoolean running) {
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < n; w++) {
            int id = w;
            Thread t = new Thread(() -> {
                for (int i = 0; running.get(); i++) {
                    put(kv, "w" + id + "/" + i, "value-" + id + "-" + i, acknowledged);
                }
            }, "writer-" + w);
            t.start();
            writers.add(t);
        }
        return writers;
    }

    /** Batches appending one token to three keys of its own; the tokens of batches answered 200 go to {@code acknowledged}. */
    private Thread startBatchWriter(int id, List<String> acknowledged, AtomicBoolean running) {
        Thread t = new Thread(() -> {
            for (int i = 0; running.get(); i++) {
                String token = "<" + i + ">";
                try {
                    if (kv.batch(batchKeys(id).stream().map(k -> KvWrite.append(k, token)).toList()).ok()) {
                        acknowledged.add(token);
                    }
                } catch (IllegalStateException noNodeAnswered) {
                    // not acknowledged
                }
            }
        }, "batch-writer-" + id);
        t.start();
        return t;
    }

    private static List<String> batchKeys(int id) {
        return List.of("batch" + id + "/x", "batch" + id + "/y", "batch" + id + "/z");
    }

    /**
     * Every batch landed in all three keys or in none, and each acknowledged one is there. (A batch
     * may be there twice: the HTTP client resends a request whose answer it lost to another node,
     * and HTTP carries no session that could tell the two apart.)
     */
    private void assertBatchesWhole(int id, List<String> acknowledged) {
        List<String> keys = batchKeys(id);
        String x = kv.get(keys.get(0), false).field("value");
        for (String key : keys.subList(1, keys.size())) {
            assertEquals(x, kv.get(key, false).field("value"), key + " differs from " + keys.get(0) + ": a batch landed in part");
        }
        assertTrue(acknowledged.size() > 10, "only " + acknowledged.size() + " batches acknowledged");
        for (String token : acknowledged) {
            assertTrue(x.contains(token), "the acknowledged batch " + token + " is missing from " + keys);
        }
    }

    /** A put; only a 200 counts as acknowledged (a timeout or a dead node may or may not have applied it). */
    private static void put(KvHttpClient client, String key, String value, Map<String, String> acknowledged) {
        try {
            if (client.put(key, value).ok()) {
                acknowledged.put(key, value);
            }
        } catch (IllegalStateException noNodeAnswered) {
            // not acknowledged
        }
    }

    private static void assertAllPresent(KvHttpClient client, Map<String, String> acknowledged, boolean stale) {
        for (Map.Entry<String, String> e : acknowledged.entrySet()) {
            Reply r = client.get(e.getKey(), stale);
            assertEquals(e.getValue(), r.field("value"), "acknowledged write of " + e.getKey() + " lost: " + r);
        }
    }

    private int awaitLeader(int notThis) {
        int[] leader = {-1};
        Awaitility.await("a leader other than " + notThis).atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> {
            try {
                kv.findLeader();
                JsonObject s = status();
                if (s.get("leader").isJsonNull() || s.get("leader").getAsInt() == notThis) {
                    return false;
                }
                leader[0] = s.get("leader").getAsInt();
                return true;
            } catch (RuntimeException | AssertionError notYet) {
                return false;
            }
        });
        return leader[0];
    }

    private boolean caughtUp(int i) {
        try {
            JsonObject s = status();
            if (s.get("leader").isJsonNull()) {
                return false;
            }
            long leaderCommit = node(s.get("leader").getAsInt()).get("commitIndex").getAsLong();
            // Asked directly, with the client's patience: a node writing a snapshot of tens of MiB can take
            // longer than the cluster view's 500 ms to answer, and would show as unreachable there.
            try (KvHttpClient one = new KvHttpClient(List.of(cluster.urls().get(i)), 1)) {
                Reply own = one.send("GET", "/node/status", null);
                return own.ok() && own.json().get("appliedIndex").getAsLong() >= leaderCommit;
            }
        } catch (RuntimeException | AssertionError notYet) {
            return false;
        }
    }

    private JsonObject status() {
        Reply r = kv.status();
        assertEquals(200, r.status(), r.toString());
        return r.json();
    }

    private JsonObject node(int i) {
        return status().getAsJsonArray("nodes").get(i).getAsJsonObject();
    }
}
