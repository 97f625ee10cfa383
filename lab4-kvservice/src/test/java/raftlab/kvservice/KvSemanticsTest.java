package raftlab.kvservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import raftlab.kv.KvCapacity;
import raftlab.kv.KvEntry;
import raftlab.kv.KvLimits;
import raftlab.kv.KvResult;
import raftlab.kv.KvStats;
import raftlab.kv.KvStatus;
import raftlab.kv.RangeResult;
import raftlab.labrpc.net.Hold;
import raftlab.tester.harness.LabRun;
import raftlab.tester.junit.Graded;
import raftlab.tester.kv.KvCluster;
import raftlab.tester.kv.TestClerk;

/**
 * Lab 4 graded suite, part 4 (ours): exactly-once across a leader change, range reads, the memory
 * the duplicate table costs, and malformed requests.
 */
class KvSemanticsTest {

    @Graded(lab = 4, points = 5, description = "A write whose reply is lost is re-sent to a new leader in a later term: "
            + "it is applied once, and the clerk does not wait forever on the old leader.")
    void exactlyOnceAcrossLeaders(LabRun run) {
        KvCluster kv = new KvCluster(run, 5, KvLab.factory(), true, -1);
        kv.begin("Test: a write retried at a new leader is applied once");
        TestClerk ck = kv.makeClerk();
        kv.put(ck, "x", "");
        int old = kv.leader();
        assertTrue(old >= 0, "no leader after a successful put");
        Hold lost = kv.holdReplies(ck, old);
        CompletableFuture<KvResult> append = ck.append("x", "once");
        assertTrue(run.awaitUntil(() -> lost.parked() > 0, 10_000), "the leader S" + old + " never answered the append");
        // The old leader applied the append and answered; the answer is lost. Cut the old leader off.
        List<Integer> rest = new ArrayList<>(kv.all());
        rest.remove(Integer.valueOf(old));
        kv.partition(rest);
        kv.connectClerk(ck, rest);
        KvResult r = kv.await(append, "the append, once its reply from S" + old + " was lost "
                + "(does the clerk time out an attempt that never answers?)");
        assertEquals(KvStatus.OK, r.status());
        int now = kv.leader();
        assertTrue(now != old, "a new leader must have answered");
        kv.check(ck, "x", "once");
        kv.connectAll();
        kv.connectClerk(ck, kv.all());
        lost.release();
        kv.check(ck, "x", "once");
        kv.checkLinearizable();
    }

    @Graded(lab = 4, points = 3, description = "An old copy of a write that arrives after its client moved on (retried "
            + "it elsewhere and wrote again) applies nothing: duplicate detection covers every earlier write, not only "
            + "the latest.")
    void lateCopyOfAnOldWriteAppliesNothing(LabRun run) {
        KvCluster kv = new KvCluster(run, 3, KvLab.factory(), true, -1);
        kv.begin("Test: a late copy of an old write applies nothing");
        TestClerk ck = kv.makeClerk();
        kv.put(ck, "x", "a");
        int leader = kv.leader();
        assertTrue(leader >= 0, "no leader after a successful put");
        Hold late = kv.holdRequests(ck, leader, 1); // the clerk's next request to the leader is parked on the way
        KvResult appended = kv.await(ck.append("x", "b"), "the append, whose first copy to S" + leader + " is parked "
                + "(does the clerk time out an attempt that never answers?)");
        assertEquals(KvStatus.OK, appended.status());
        assertEquals(1, late.parked(), "the append's first copy to S" + leader + " should be parked");
        kv.put(ck, "x", "c"); // the client has moved on: a newer write
        late.release(); // ... and now the old copy of the append reaches the leader
        run.sleep(1000);
        assertEquals("c", kv.get(ck, "x"), "the late copy of the append 'b' was applied after the client's newer put 'c':"
                + " a retried write must be recognised even when it is not the client's latest");
        kv.checkLinearizable();
    }

    @Graded(lab = 4, points = 3, description = "Servers that may remember only two client sessions: a client whose "
            + "write applied but whose reply was lost, and who is forgotten while cut off, retries it: it never applies "
            + "twice, whether the lost write was the client's first or a later one.")
    void forgottenClientsRetryAppliesNothing(LabRun run) {
        int capacity = 2;
        KvCluster kv = new KvCluster(run, 3, KvLab.factory(), true, -1, new KvCapacity(capacity, KvCapacity.DEFAULT.storeBytes()));
        kv.begin("Test: a forgotten client's retried write applies once");
        TestClerk setup = kv.makeClerk();
        kv.put(setup, "first", "");
        kv.put(setup, "later", "");
        TestClerk fresh = kv.makeClerk(); // its lost write is its first
        retryAfterBeingForgotten(kv, fresh, "first", capacity);
        TestClerk seasoned = kv.makeClerk(); // its lost write comes after one it saw answered
        kv.put(seasoned, "own", "1");
        retryAfterBeingForgotten(kv, seasoned, "later", capacity);
        kv.checkLinearizable();
    }

    /**
     * {@code ck} appends to {@code key}; the leader's answer is lost; while {@code ck} is cut off, more
     * clients than the servers must remember write; then {@code ck} reaches the servers again and retries.
     */
    private static void retryAfterBeingForgotten(KvCluster kv, TestClerk ck, String key, int capacity) {
        LabRun run = kv.run();
        int leader = kv.leader();
        assertTrue(leader >= 0, "no leader after a successful put");
        Hold lost = kv.holdReplies(ck, leader);
        CompletableFuture<KvResult> append = ck.append(key, "x");
        assertTrue(run.awaitUntil(() -> lost.parked() > 0, 10_000), "the leader S" + leader + " never answered the clerk");
        kv.connectClerk(ck, List.of());
        for (int c = 0; c <= capacity; c++) {
            TestClerk other = kv.makeClerk();
            kv.put(other, "other" + c, "v");
            kv.append(other, "other" + c, "w");
        }
        kv.connectClerk(ck, kv.all());
        lost.drop();
        KvResult r = kv.await(append, "the append of a clerk that was cut off while " + (capacity + 1)
                + " other clients wrote (does the clerk retry after its attempts fail?)");
        assertTrue(r.status() == KvStatus.OK || r.status() == KvStatus.MAYBE,
                "the retried append answered " + r.status() + ": OK, or ErrMaybe if the service forgot the client");
        assertEquals("x", kv.get(ck, key), "a retried write applied twice: the client's session was forgotten while "
                + (capacity + 1) + " other clients wrote, and its retry was taken for a new write");
    }

    @Graded(lab = 4, points = 3, description = "Range and prefix reads are linearizable with concurrent writes, "
            + "on a lossy network: each returns one consistent cut, in key order, within its limit.")
    void rangeReadsLinearizable(LabRun run) {
        KvCluster kv = new KvCluster(run, 3, KvLab.factory(), false, -1);
        kv.begin("Test: range reads with concurrent writers");
        AtomicBoolean stop = new AtomicBoolean();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            CompletableFuture<Void> d = new CompletableFuture<>();
            writer(kv.makeClerk(), run.world().randomStream("writer-" + c), stop, d);
            done.add(d);
        }
        AtomicInteger reads = new AtomicInteger();
        CompletableFuture<Void> rd = new CompletableFuture<>();
        reader(kv.makeClerk(), run.world().randomStream("reader"), stop, rd, reads);
        done.add(rd);
        run.sleep(3000);
        // The check needs enough reads to mean something. Wait for them instead of counting them against
        // the clock: in real mode a loaded machine may finish fewer in 3 s, which is not a bug. Only reads
        // that stall altogether fail the test.
        boolean enough = run.awaitUntil(() -> reads.get() >= MIN_RANGE_READS, READ_STALL_MS);
        stop.set(true);
        kv.await(CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0])), "the clients");
        System.out.printf("  %d range reads among %d operations%n", reads.get(), kv.history().size());
        assertTrue(enough, "only " + reads.get() + " range reads completed in " + (3000 + READ_STALL_MS) / 1000
                + " s with writers running (does a range read wait on something a write never releases?)");
        kv.checkLinearizable();
    }

    private static final String[] KEYS = {"a/1", "a/2", "a/3", "b/1", "b/2"};
    private static final int MIN_RANGE_READS = 20;
    private static final long READ_STALL_MS = 30_000;

    private static void writer(TestClerk ck, Random rnd, AtomicBoolean stop, CompletableFuture<Void> done) {
        if (stop.get()) {
            done.complete(null);
            return;
        }
        String key = KEYS[rnd.nextInt(KEYS.length)];
        String v = Integer.toString(rnd.nextInt(1000));
        CompletableFuture<KvResult> op = switch (rnd.nextInt(4)) {
            case 0 -> ck.put(key, v);
            case 1 -> ck.append(key, v);
            case 2 -> ck.delete(key);
            default -> ck.putIfVersion(key, v, rnd.nextInt(3));
        };
        op.whenComplete((r, e) -> writer(ck, rnd, stop, done));
    }

    private static void reader(TestClerk ck, Random rnd, AtomicBoolean stop, CompletableFuture<Void> done, AtomicInteger reads) {
        if (stop.get()) {
            done.complete(null);
            return;
        }
        int limit = rnd.nextInt(4); // 0 = no limit
        boolean prefix = rnd.nextBoolean();
        String start = prefix ? "a/" : KEYS[rnd.nextInt(KEYS.length)];
        String end = prefix ? KvLimits.prefixEnd("a/") : null;
        ck.range(start, end, limit).whenComplete((r, e) -> {
            checkShape(r, start, end, limit);
            reads.incrementAndGet();
            reader(ck, rnd, stop, done, reads);
        });
    }

    /** What a range answer must look like whatever the state: sorted, inside the range, within the limit. */
    private static void checkShape(RangeResult r, String start, String end, int limit) {
        assertEquals(KvStatus.OK, r.status(), "range read status");
        String prev = null;
        for (KvEntry e : r.entries()) {
            assertTrue(e.key().compareTo(start) >= 0 && (end == null || e.key().compareTo(end) < 0),
                    "key '" + e.key() + "' outside [" + start + ", " + end + ")");
            assertTrue(prev == null || prev.compareTo(e.key()) < 0, "keys out of order: " + r.entries());
            prev = e.key();
        }
        assertTrue(limit == 0 || r.entries().size() <= limit, "limit " + limit + " but got " + r.entries().size());
        // These values are small: only the limit can leave keys out, so 'more' means the limit cut the answer.
        assertTrue(!r.more() || r.entries().size() == limit, "'more' set, but no key was left out (the limit did not cut"
                + " the answer and its few bytes are far below MAX_RANGE_BYTES): 'more' means a key of the range follows: " + r);
    }

    @Graded(lab = 4, points = 2, description = "A range answer carries at most KvLimits.MAX_RANGE_BYTES of keys and values: "
            + "over 10 values of 1,000,000 bytes it stops before the key that would pass 4 MiB, says 'more', and reading on "
            + "from just after its last key returns the rest.")
    void rangeRepliesAreBoundedInBytes(LabRun run) {
        KvCluster kv = new KvCluster(run, 3, KvLab.factory(), true, -1);
        kv.begin("Test: range answers bounded in bytes");
        TestClerk ck = kv.makeClerk();
        int n = 10;
        for (int i = 0; i < n; i++) {
            String value = Character.toString('a' + i).repeat(1_000_000);
            assertEquals(KvStatus.OK, kv.await(ck.put("big/" + i, value), "put('big/" + i + "')").status());
        }
        int perAnswer = KvLimits.MAX_RANGE_BYTES / (1_000_000 + "big/0".length()); // 4: a fifth would pass 4 MiB
        List<String> seen = new ArrayList<>();
        String start = "big/";
        while (true) {
            RangeResult r = kv.await(ck.range(start, KvLimits.prefixEnd("big/"), 0), "range('" + start + "')");
            assertEquals(KvStatus.OK, r.status(), "range status");
            long bytes = r.entries().stream().mapToLong(e -> KvLimits.utf8Length(e.key()) + KvLimits.utf8Length(e.value())).sum();
            assertTrue(bytes <= KvLimits.MAX_RANGE_BYTES, "a range answer of " + r.entries().size() + " keys holds " + bytes
                    + " bytes of keys and values, over KvLimits.MAX_RANGE_BYTES (" + KvLimits.MAX_RANGE_BYTES + "): stop before "
                    + "the key that would take it past");
            int left = n - seen.size();
            assertEquals(Math.min(perAnswer, left), r.entries().size(), "keys in an answer starting at '" + start + "' ("
                    + left + " left, " + perAnswer + " fit in MAX_RANGE_BYTES): stop only when the next key would not fit");
            assertEquals(left > perAnswer, r.more(), "'more' must say whether the byte limit left keys out");
            r.entries().forEach(e -> seen.add(e.key()));
            if (!r.more()) {
                break;
            }
            start = r.entries().get(r.entries().size() - 1).key() + "\u0000";
        }
        assertEquals(IntStream.range(0, n).mapToObj(i -> "big/" + i).toList(), seen, "every key once, in order, across the answers");
        RangeResult two = kv.await(ck.range("big/", null, 2), "range with limit 2");
        assertEquals(2, two.entries().size(), "the key limit still applies under the byte limit");
        assertTrue(two.more());
        kv.checkLinearizable();
    }

    @Graded(lab = 4, points = 3, description = "The duplicate table costs little per client (measured in encoded bytes), "
            + "and read-only clients cost nothing.")
    void dedupMemoryBounded(LabRun run) {
        KvCluster kv = new KvCluster(run, 3, KvLab.factory(), true, -1);
        kv.begin("Test: duplicate-detection memory per client");
        int writers = 200;
        List<CompletableFuture<?>> ops = new ArrayList<>();
        for (int c = 0; c < writers; c++) {
            TestClerk ck = kv.makeClerk();
            String key = "k" + c;
            ops.add(ck.put(key, "x".repeat(100)).thenCompose(r -> ck.append(key, "y")).thenCompose(r -> ck.get(key)));
        }
        for (int c = 0; c < writers; c++) {
            ops.add(kv.makeClerk().get("k" + c));
        }
        kv.await(CompletableFuture.allOf(ops.toArray(new CompletableFuture<?>[0])), 60_000, "the clients' operations");
        TestClerk last = kv.makeClerk();
        kv.put(last, "done", "1");
        assertTrue(run.awaitUntil(() -> applied(kv, writers + 1), 10_000),
                "not every server applied the clients' writes within 10 s");
        for (int i = 0; i < kv.n(); i++) {
            KvStats s = kv.stats(i);
            double perClient = s.sessionBytes() / (double) Math.max(1, s.sessions());
            System.out.printf("  S%d: %d keys, %d sessions, %d bytes (%.1f bytes per writing client)%n",
                    i, s.keys(), s.sessions(), s.sessionBytes(), perClient);
            assertTrue(s.sessions() > 0, "S" + i + " remembers no client session: is there a duplicate table?");
            assertTrue(s.sessions() <= writers + 1, "S" + i + " remembers " + s.sessions() + " sessions for "
                    + (writers + 1) + " writing clients: read-only clients must not cost a session");
            assertTrue(perClient <= 128, String.format("S%d's duplicate table takes %.0f bytes per client (limit 128): "
                    + "keep only the latest sequence number and a small answer per client", i, perClient));
        }
    }

    /** Every server holds at least {@code keys} keys. */
    private static boolean applied(KvCluster kv, int keys) {
        for (int i = 0; i < kv.n(); i++) {
            KvStats s = kv.stats(i);
            if (s == null || s.keys() < keys) {
                return false;
            }
        }
        return true;
    }

    @Graded(lab = 4, points = 3, description = "Malformed requests (empty or oversized key, oversized value, bad range) "
            + "are refused with ErrInvalid and never reach the log; an append that would grow a value past 1 MiB is "
            + "refused and changes nothing.")
    void badRequestsChangeNothing(LabRun run) {
        KvCluster kv = new KvCluster(run, 3, KvLab.factory(), true, -1);
        kv.begin("Test: malformed requests change nothing");
        TestClerk ck = kv.makeClerk();
        kv.put(ck, "k", "v");
        run.sleep(500);
        long logBefore = kv.raft().applied().maxIndex();
        String bigValue = "v".repeat(KvLimits.MAX_VALUE_BYTES + 1);
        String bigKey = "k".repeat(KvLimits.MAX_KEY_BYTES + 1);
        List<CompletableFuture<KvStatus>> bad = List.of(
                ck.put("", "v").thenApply(KvResult::status),
                ck.put(bigKey, "v").thenApply(KvResult::status),
                ck.put("k", bigValue).thenApply(KvResult::status),
                ck.append("k", bigValue).thenApply(KvResult::status),
                ck.get("").thenApply(KvResult::status),
                ck.putIfVersion("k", bigValue, 1).thenApply(KvResult::status),
                ck.range("b", "a", 0).thenApply(RangeResult::status),
                ck.range("a", null, KvLimits.MAX_RANGE_LIMIT + 1).thenApply(RangeResult::status));
        for (int i = 0; i < bad.size(); i++) {
            assertEquals(KvStatus.INVALID, kv.await(bad.get(i), "malformed request " + i), "malformed request " + i);
        }
        run.sleep(500);
        assertEquals(logBefore, kv.raft().applied().maxIndex(), "malformed requests must not reach the log");
        assertEquals(new KvResult(KvStatus.OK, "v", 1), kv.await(ck.get("k"), "get('k')"));
        // A value never outgrows its limit, however it is built: an append past it is refused by the
        // state machine (it alone knows the value's size) and changes nothing.
        assertEquals(KvStatus.OK, kv.await(ck.put("full", "n".repeat(KvLimits.MAX_VALUE_BYTES - 4)), "put('full')").status());
        assertEquals(KvStatus.OK, kv.await(ck.append("full", "1234"), "append up to the limit").status());
        assertEquals(KvStatus.INVALID, kv.await(ck.append("full", "5"), "append past the limit").status(),
                "an append that would leave a value over " + KvLimits.MAX_VALUE_BYTES + " bytes must be refused");
        KvResult full = kv.await(ck.get("full"), "get('full')");
        assertEquals(2, full.version(), "the refused append must change nothing");
        assertEquals(KvLimits.MAX_VALUE_BYTES, full.value().length(), "the refused append must change nothing");
        kv.checkLinearizable();
    }

    @Graded(lab = 4, points = 3, description = "A store of capacity 1 MiB + 1 KiB refuses the put and the append that "
            + "would take it past its capacity (ErrFull) and changes nothing; a write that does not grow it, and a "
            + "delete, still apply and make room.")
    void fullStoreRefusesWritesAndChangesNothing(LabRun run) {
        long capacity = KvLimits.MAX_KEY_BYTES + KvLimits.MAX_VALUE_BYTES;
        KvCluster kv = new KvCluster(run, 3, KvLab.factory(), true, -1, new KvCapacity(KvCapacity.DEFAULT.sessions(), capacity));
        kv.begin("Test: a full store refuses writes that grow it");
        TestClerk ck = kv.makeClerk();
        String tenth = "v".repeat(100_000);
        for (int i = 0; i < 10; i++) { // 10 x (2 + 100,000) bytes of the 1,049,600
            assertEquals(KvStatus.OK, kv.await(ck.put("k" + i, tenth), "put('k" + i + "')").status(),
                    "put " + (i + 1) + " of 10 (1,000,020 bytes in all) fits in " + capacity + " bytes");
        }
        assertEquals(KvStatus.FULL, kv.await(ck.put("k10", tenth), "put('k10')").status(),
                "an 11th value of 100,000 bytes takes the store past its capacity of " + capacity + " bytes");
        assertEquals(KvStatus.NO_KEY, kv.await(ck.get("k10"), "get('k10')").status(), "the refused put must change nothing");
        assertEquals(KvStatus.FULL, kv.await(ck.append("k0", tenth), "append('k0')").status(),
                "an append that takes the store past its capacity is refused too");
        assertEquals(new KvResult(KvStatus.OK, tenth, 1), kv.await(ck.get("k0"), "get('k0')"), "the refused append must change nothing");
        assertEquals(KvStatus.OK, kv.await(ck.put("k0", "short"), "put('k0', 'short')").status(),
                "a write that shrinks the store is accepted, however full it is");
        assertEquals(KvStatus.OK, kv.await(ck.put("k10", tenth), "put('k10') again").status(),
                "shrinking k0 made room for k10");
        assertEquals(KvStatus.OK, kv.await(ck.delete("k1"), "delete('k1')").status(), "a delete is accepted, however full the store is");
        assertEquals(KvStatus.OK, kv.await(ck.putIfVersion("k11", tenth, 0), "putIfVersion('k11')").status(),
                "deleting k1 made room for k11");
        assertEquals(KvStatus.FULL, kv.await(ck.put("k12", tenth), "put('k12')").status(), "the store is full again");
        assertTrue(run.awaitUntil(() -> applied(kv, 11), 10_000), "not every server holds the 11 keys within 10 s");
        for (int i = 0; i < kv.n(); i++) {
            assertEquals(11, kv.stats(i).keys(), "S" + i + " holds " + kv.stats(i).keys() + " keys: every replica refuses alike");
        }
        kv.checkLinearizable();
    }
}
