package raftlab.kvservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import raftlab.kv.KvResult;
import raftlab.kv.KvStatus;
import raftlab.tester.harness.LabRun;
import raftlab.tester.junit.Graded;
import raftlab.tester.kv.KvCluster;
import raftlab.tester.kv.TestClerk;

/**
 * Lab 4 graded suite, part 3: the versioned put (compare-and-set on a key's version) of 6.5840's
 * 2025 key/value labs, on the replicated service.
 */
class VersionedPutTest {

    @Graded(lab = 4, points = 3, description = "A versioned put applies only at the expected version; "
            + "otherwise ErrVersion, or ErrNoKey for an absent key.")
    void reliablePut(LabRun run) {
        KvCluster kv = new KvCluster(run, 3, KvLab.factory(), true, -1);
        kv.begin("Test: versioned put semantics");
        TestClerk ck = kv.makeClerk();
        assertEquals(KvStatus.OK, status(kv, ck.putIfVersion("k", "6.5840", 0)), "creating a key at version 0");
        KvResult r = kv.await(ck.get("k"), "get('k')");
        assertEquals(new KvResult(KvStatus.OK, "6.5840", 1), r, "get after the first put");
        assertEquals(KvStatus.VERSION, status(kv, ck.putIfVersion("k", "6.5840", 0)), "a put with a stale version");
        assertEquals(KvStatus.NO_KEY, status(kv, ck.putIfVersion("y", "6.5840", 1)), "a put at version 1 of an absent key");
        assertEquals(KvStatus.NO_KEY, kv.await(ck.get("y"), "get('y')").status(), "get of an absent key");
        assertEquals(KvStatus.OK, status(kv, ck.putIfVersion("k", "v2", 1)), "a put at the current version");
        assertEquals(new KvResult(KvStatus.OK, "v2", 2), kv.await(ck.get("k"), "get('k')"));
        kv.checkLinearizable();
    }

    @Graded(lab = 4, points = 3, description = "10 clients race versioned puts on one key for a second: "
            + "the final version equals the number of successful puts.")
    void putConcurrentReliable(LabRun run) {
        KvCluster kv = new KvCluster(run, 3, KvLab.factory(), true, -1);
        kv.begin("Test: many clients racing to put values to the same key");
        AtomicInteger oks = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            TestClerk ck = kv.makeClerk();
            CompletableFuture<Void> done = new CompletableFuture<>();
            race(ck, c, 0, oks, stop, done);
            clients.add(done);
        }
        run.sleep(1000);
        stop.set(true);
        kv.await(CompletableFuture.allOf(clients.toArray(new CompletableFuture<?>[0])), "the racing clients");
        KvResult last = kv.await(kv.makeClerk().get("k"), "the final get");
        System.out.printf("  %d successful puts; final version %d%n", oks.get(), last.version());
        assertEquals(oks.get(), last.version(), "the key's version must count exactly the puts that answered OK");
        kv.checkLinearizable();
    }

    /** Put {id, version} at the version last seen; on any answer, read the version and go again. */
    private static void race(TestClerk ck, int id, long version, AtomicInteger oks, AtomicBoolean stop, CompletableFuture<Void> done) {
        if (stop.get()) {
            done.complete(null);
            return;
        }
        ck.putIfVersion("k", "{\"id\":" + id + ",\"version\":" + version + "}", version).whenComplete((r, e) -> {
            if (r.status() == KvStatus.OK) {
                oks.incrementAndGet();
            } else if (r.status() != KvStatus.VERSION && r.status() != KvStatus.NO_KEY) {
                throw new AssertionError("a versioned put on a reliable network answered " + r.status());
            }
            // 1–5 ms apart: simulated time only moves with delays, and a reliable network has none
            ck.get("k").whenComplete((g, e2) -> ck.run().schedule(1 + id % 5,
                    () -> race(ck, id, g.status() == KvStatus.OK ? g.version() : 0, oks, stop, done)));
        });
    }

    @Graded(lab = 4, points = 3, description = "100 versioned puts over a lossy network: each lands exactly once "
            + "(a retry is never applied a second time), and ErrMaybe only when the clerk cannot know.")
    void unreliableNet(LabRun run) {
        KvCluster kv = new KvCluster(run, 3, KvLab.factory(), false, -1);
        kv.begin("Test: one client, versioned puts");
        TestClerk ck = kv.makeClerk();
        int maybes = 0;
        for (int t = 0; t < 100; t++) {
            String value = "{\"try\":" + t + "}";
            KvStatus s = status(kv, ck.putIfVersion("k", value, t));
            assertTrue(s == KvStatus.OK || s == KvStatus.MAYBE, "put at version " + t + " answered " + s);
            if (s == KvStatus.MAYBE) {
                maybes++;
                // it may or may not have applied; if it did, a second attempt must not apply again
                KvStatus again = status(kv, ck.putIfVersion("k", value, t));
                assertTrue(again == KvStatus.VERSION || again == KvStatus.OK || again == KvStatus.MAYBE,
                        "retried put answered " + again);
            }
            KvResult r = kv.await(ck.get("k"), "get('k')");
            assertEquals(new KvResult(KvStatus.OK, value, t + 1), r, "after put " + t);
        }
        System.out.printf("  100 versioned puts, %d answered ErrMaybe%n", maybes);
        kv.checkLinearizable();
    }

    private static KvStatus status(KvCluster kv, CompletableFuture<KvResult> op) {
        return kv.await(op, "a versioned put").status();
    }
}
