package raftlab.kvservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static raftlab.kv.KvWrite.append;
import static raftlab.kv.KvWrite.delete;
import static raftlab.kv.KvWrite.put;
import static raftlab.kv.KvWrite.putIfVersion;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import raftlab.kv.BatchResult;
import raftlab.kv.KvCapacity;
import raftlab.kv.KvEntry;
import raftlab.kv.KvLimits;
import raftlab.kv.KvResult;
import raftlab.kv.KvStatus;
import raftlab.kv.KvWrite;
import raftlab.kv.RangeResult;
import raftlab.labrpc.net.Hold;
import raftlab.tester.harness.LabRun;
import raftlab.tester.harness.RaftCluster;
import raftlab.tester.junit.Graded;
import raftlab.tester.kv.KvCluster;
import raftlab.tester.kv.TestClerk;

/**
 * Lab 4's optional part: atomic batches ({@code KvClerk.batch}) — several writes applied as one
 * step, all or nothing. Every test also checks the whole history linearizable against a model in
 * which a batch is one operation; none depends on how a batch is encoded, logged or applied.
 */
class BatchTest {
    static final String PART = "Batches";
    /** The first test's store capacity: room for the largest value and half as much again, so a batch under the batch limit can overflow it. */
    static final long STORE_BYTES = 3L << 19;

    @Graded(lab = 4, part = PART, optional = true, points = 3, description = "A batch applies its writes in order, "
            + "each seeing the ones before it, or none of them: a delete of an absent key or a versioned put at another "
            + "version stops it, and so do an append past the value limit and a write the store has no room for: each names its "
            + "index and changes nothing, also to a retry whose first answer was lost; empty, oversized and malformed batches "
            + "are refused.")
    void batchIsAllOrNothing(LabRun run) {
        KvCluster kv = new KvCluster(run, 3, KvLab.factory(), true, -1, new KvCapacity(KvCapacity.DEFAULT.sessions(), STORE_BYTES));
        kv.begin("Test: a batch applies whole or not at all (Batches)");
        TestClerk ck = kv.makeClerk();

        expect(kv, ck, "a batch of puts, an append and a create-if-absent", KvStatus.OK, -1,
                put("a", "1"), put("b", "2"), append("a", "+"), putIfVersion("c", "3", 0));
        expectKey(kv, ck, "a", "1+", 2);
        expectKey(kv, ck, "b", "2", 1);
        expectKey(kv, ck, "c", "3", 1);

        expect(kv, ck, "a batch whose third write is a versioned put at a stale version", KvStatus.VERSION, 2,
                put("a", "x"), delete("b"), putIfVersion("c", "y", 7), put("d", "z"));
        expectKey(kv, ck, "a", "1+", 2);
        expectKey(kv, ck, "b", "2", 1);
        expectAbsent(kv, ck, "d", "a batch that failed at its third write must not apply its fourth");

        // The answer to a stopped batch is lost, so the clerk sends the batch again: the retry must be told what the
        // first attempt was told, the stopping write's index included.
        int leader = kv.leader();
        assertTrue(leader >= 0, "no leader after two batches");
        Hold lost = kv.holdReplies(ck, leader);
        CompletableFuture<BatchResult> again = ck.batch(List.of(put("r", "1"), append("r", "2"), putIfVersion("c", "z", 9)));
        assertTrue(run.awaitUntil(() -> lost.parked() > 0, 10_000), "the leader S" + leader + " never answered the batch");
        lost.drop();
        BatchResult retried = kv.await(again, "a stopped batch whose first answer was lost");
        assertEquals(KvStatus.VERSION, retried.status(), "the retry of a batch stopped at its versioned put: " + retried);
        assertEquals(2, retried.failed(), "the retry of a batch stopped at its third write must name that write, as the "
                + "first answer did: " + retried);
        expectAbsent(kv, ck, "r", "a stopped batch, retried, must still apply nothing");

        expect(kv, ck, "a batch that deletes an absent key", KvStatus.NO_KEY, 1, put("e", "1"), delete("nope"));
        expectAbsent(kv, ck, "e", "a batch that failed at its second write must not apply its first");

        expect(kv, ck, "a batch whose writes build on each other", KvStatus.OK, -1,
                put("f", "1"), putIfVersion("f", "2", 1), delete("a"), put("a", "new"));
        expectKey(kv, ck, "f", "2", 2);
        expectKey(kv, ck, "a", "new", 1);

        String big = "v".repeat(KvLimits.MAX_VALUE_BYTES);
        expect(kv, ck, "a batch whose append would grow a value past " + KvLimits.MAX_VALUE_BYTES + " bytes",
                KvStatus.INVALID, 1, put("big", big), append("big", "!"));
        expectAbsent(kv, ck, "big", "a batch refused at its append must not apply the put before it");

        String third = "w".repeat((int) (STORE_BYTES / 3));
        expect(kv, ck, "a batch of three values of a third of the store's capacity each", KvStatus.FULL, 2,
                put("h0", third), put("h1", third), put("h2", third));
        expectAbsent(kv, ck, "h0", "a batch refused as FULL at its third write must not apply the first");
        expect(kv, ck, "two values of a third of the store's capacity, once a batch that did not fit left nothing behind",
                KvStatus.OK, -1, put("h0", third), put("h1", third));
        expect(kv, ck, "a batch that deletes a big value and then adds one (each write fits as it comes)", KvStatus.OK, -1,
                delete("h0"), put("h2", third));

        List<KvWrite> tooMany = new ArrayList<>();
        for (int i = 0; i <= KvLimits.MAX_BATCH_OPS; i++) {
            tooMany.add(put("g" + i, "x"));
        }
        for (List<KvWrite> bad : List.of(List.<KvWrite>of(), tooMany, List.of(put("g0", "x"), put("", "x")),
                List.of(put("g0", "x"), new KvWrite(null, "g1", "x", 0)))) {
            BatchResult r = kv.await(ck.batch(bad), "a malformed batch");
            assertEquals(KvStatus.INVALID, r.status(), "a batch of " + bad.size() + " writes ("
                    + KvLimits.checkBatch(bad) + ") must be refused as INVALID, not " + r);
        }
        expectAbsent(kv, ck, "g0", "refused batches must change nothing");
        kv.checkLinearizable();
    }

    @Graded(lab = 4, part = PART, optional = true, points = 4, description = "Clients race batches on a lossy "
            + "network: readers never see part of a batch (three keys always hold the same tag), and transfers made "
            + "of two versioned puts keep the accounts' total.")
    void concurrentBatchesAreAtomic(LabRun run) {
        KvCluster kv = new KvCluster(run, 3, KvLab.factory(), false, -1);
        kv.begin("Test: concurrent batches, lossy network (Batches)");
        expect(kv, kv.makeClerk(), "opening four accounts of 100", KvStatus.OK, -1,
                put("acct0", "100"), put("acct1", "100"), put("acct2", "100"), put("acct3", "100"));
        Clients clients = new Clients(kv);
        for (int c = 0; c < 3; c++) {
            clients.start(c, (ck, random, n) -> tagWriter(ck, name(ck), n));
        }
        for (int c = 3; c < 6; c++) {
            clients.start(c, (ck, random, n) -> transfer(kv, ck, random));
        }
        for (int c = 6; c < 8; c++) {
            clients.start(c, (ck, random, n) -> auditor(ck));
        }
        run.sleep(5000);
        clients.stopAndWait();
        assertTrue(clients.succeeded > 20, "only " + clients.succeeded + " batches applied in 5 s");
        kv.checkLinearizable();
    }

    @Graded(lab = 4, part = PART, optional = true, points = 4, description = "Batches of appends to three keys "
            + "while leaders crash and partitions shift on a lossy network: every batch lands in all three keys or in "
            + "none, exactly once, so the keys end equal and hold each acknowledged batch once.")
    void batchesSurviveCrashesAndPartitions(LabRun run) {
        int n = 5;
        KvCluster kv = new KvCluster(run, n, KvLab.factory(), false, -1);
        kv.begin("Test: batches through leader crashes and partitions (Batches)");
        List<List<String>> acknowledged = new ArrayList<>();
        Clients clients = new Clients(kv);
        for (int c = 0; c < 5; c++) {
            List<String> mine = Collections.synchronizedList(new ArrayList<>());
            acknowledged.add(mine);
            List<String> keys = keysOf(c);
            clients.start(c, (ck, random, k) -> {
                String token = "x " + k + " y";
                return ck.batch(keys.stream().map(key -> append(key, token)).toList()).thenApply(r -> {
                    expectOkOrMaybe(r, "a batch of appends");
                    if (r.ok()) {
                        mine.add(token);
                    }
                    return r.ok();
                });
            });
        }
        for (int round = 0; round < 4; round++) {
            run.sleep(1000);
            int leader = kv.leader();
            if (leader >= 0) {
                kv.shutdownServer(leader);
            }
            List<Integer> side = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (run.random().nextBoolean()) {
                    side.add(i);
                }
            }
            kv.partition(side);
            run.sleep(1000);
            kv.connectAll();
            if (leader >= 0) {
                kv.startServer(leader);
                kv.raft().connect(leader);
            }
        }
        run.sleep(RaftCluster.ELECTION_TIMEOUT_MS);
        clients.stopAndWait();
        TestClerk checker = kv.makeClerk();
        int total = 0;
        for (int c = 0; c < acknowledged.size(); c++) {
            List<String> keys = keysOf(c);
            String first = kv.get(checker, keys.get(0));
            for (String key : keys.subList(1, keys.size())) {
                assertEquals(first, kv.get(checker, key), keys.get(0) + " and " + key + " differ: some batch landed in one "
                        + "and not the other");
            }
            String[] parts = first.split(" y", -1); // "x 3 y" per batch: the last part is what follows the last token
            List<String> applied = List.of(parts).subList(0, parts.length - 1);
            assertEquals(applied.size(), applied.stream().distinct().count(), "a batch was applied twice: "
                    + keys.get(0) + " = '" + KvCluster.abbreviate(first) + "'");
            for (String token : acknowledged.get(c)) {
                assertTrue(first.contains(token), "the acknowledged batch '" + token + "' is missing from " + keys);
            }
            total += acknowledged.get(c).size();
        }
        assertTrue(total > 5, "only " + total + " batches were acknowledged in 8 s");
        kv.checkLinearizable();
    }

    /** The three keys client {@code c} appends to (its own: the history splits per client and checks quickly). */
    private static List<String> keysOf(int c) {
        return List.of("c" + c + "-k0", "c" + c + "-k1", "c" + c + "-k2");
    }
    // ---- the clients of the concurrent tests ----

    /** One step of a client: its {@code n}-th operation; completes with whether a batch applied. */
    interface Step {
        CompletableFuture<Boolean> next(TestClerk ck, Random random, int n);
    }

    /** Clients that each run their step over and over, with a little think time, until stopped. */
    static final class Clients {
        private final KvCluster kv;
        private final List<CompletableFuture<Void>> finished = new ArrayList<>();
        private volatile boolean stopped;
        int succeeded;

        Clients(KvCluster kv) {
            this.kv = kv;
        }

        void start(int index, Step step) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            finished.add(done);
            loop(kv.makeClerk(), step, kv.run().world().randomStream("batch-client-" + index), 0, done);
        }

        private void loop(TestClerk ck, Step step, Random random, int n, CompletableFuture<Void> done) {
            if (stopped) {
                done.complete(null);
                return;
            }
            step.next(ck, random, n).whenComplete((applied, failure) -> {
                if (failure != null) {
                    done.completeExceptionally(failure);
                    return;
                }
                synchronized (this) {
                    succeeded += applied ? 1 : 0;
                }
                kv.run().schedule(5 + random.nextInt(20), () -> loop(ck, step, random, n + 1, done));
            });
        }

        void stopAndWait() {
            stopped = true;
            kv.await(CompletableFuture.allOf(finished.toArray(new CompletableFuture<?>[0])), "the clients' last operations");
        }
    }

    private static String name(TestClerk ck) {
        return "c" + ck.id();
    }

    /** Writes one tag to x, y and z in one batch. */
    private static CompletableFuture<Boolean> tagWriter(TestClerk ck, String client, int n) {
        String tag = client + "-" + n;
        return ck.batch(List.of(put("x", tag), put("y", tag), put("z", tag))).thenApply(r -> {
            expectOkOrMaybe(r, "a batch of puts");
            return r.ok();
        });
    }

    /** Moves 1–10 from one account to another with two versioned puts in one batch. */
    private static CompletableFuture<Boolean> transfer(KvCluster kv, TestClerk ck, Random random) {
        int from = random.nextInt(4);
        int to = (from + 1 + random.nextInt(3)) % 4;
        int amount = 1 + random.nextInt(10);
        return ck.get("acct" + from).thenCompose(a -> ck.get("acct" + to).thenCompose(b -> {
            expectFound(a, "acct" + from);
            expectFound(b, "acct" + to);
            return ck.batch(List.of(
                    putIfVersion("acct" + from, Long.toString(Long.parseLong(a.value()) - amount), a.version()),
                    putIfVersion("acct" + to, Long.toString(Long.parseLong(b.value()) + amount), b.version())));
        })).thenApply(r -> {
            assertTrue(r.ok() || r.status() == KvStatus.VERSION || r.status() == KvStatus.MAYBE,
                    "a transfer between accounts answered " + r);
            return r.ok();
        });
    }

    /** Reads x..z and the accounts in one range read each: a batch is never half there. */
    private static CompletableFuture<Boolean> auditor(TestClerk ck) {
        return ck.range("x", "{", 0).thenCompose(tags -> {
            assertEquals(KvStatus.OK, tags.status(), "a range read of x..z");
            List<String> values = tags.entries().stream().map(KvEntry::value).toList();
            assertTrue(values.isEmpty() || values.size() == 3 && values.stream().distinct().count() == 1,
                    "a range read of x, y and z saw " + values + ": part of a batch of puts");
            return ck.scan("acct", 0);
        }).thenApply(accounts -> {
            long total = accounts.entries().stream().mapToLong(e -> Long.parseLong(e.value())).sum();
            assertEquals(400, total, "the accounts hold " + accounts.entries() + ": a transfer was applied in part");
            return false;
        });
    }

    // ---- checks ----

    private static void expect(KvCluster kv, TestClerk ck, String what, KvStatus status, int failed, KvWrite... writes) {
        BatchResult r = kv.await(ck.batch(List.of(writes)), what);
        assertEquals(status, r.status(), what + ": " + r);
        if (failed >= 0) {
            assertEquals(failed, r.failed(), what + " must name the index of the write that stopped it: " + r);
        }
    }

    private static void expectKey(KvCluster kv, TestClerk ck, String key, String value, long version) {
        KvResult r = kv.await(ck.get(key), "get('" + key + "')");
        assertEquals(new KvResult(KvStatus.OK, value, version), r, "key '" + key + "'");
    }

    private static void expectAbsent(KvCluster kv, TestClerk ck, String key, String why) {
        KvResult r = kv.await(ck.get(key), "get('" + key + "')");
        assertEquals(KvStatus.NO_KEY, r.status(), "key '" + key + "' holds " + r + ": " + why);
    }

    private static void expectFound(KvResult r, String key) {
        assertEquals(KvStatus.OK, r.status(), "get('" + key + "') of an account that always exists");
    }

    private static void expectOkOrMaybe(BatchResult r, String what) {
        assertTrue(r.ok() || r.status() == KvStatus.MAYBE, what + " of valid writes answered " + r);
    }
}
