package raftlab.tester.linearizability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static raftlab.tester.linearizability.Histories.get;
import static raftlab.tester.linearizability.Histories.put;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import raftlab.kv.KvLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckerTest {
    private static final Duration T = Duration.ofSeconds(30);
    private final KvModel kv = new KvModel();

    private Verdict verdict(List<Operation> ops) {
        return Checker.check(kv, ops, T).verdict();
    }

    @Test
    void concurrentWriteAndReadMayGoEitherWay() {
        assertEquals(Verdict.LINEARIZABLE, verdict(List.of(put(1, 0, 10, "x", "1"), get(2, 5, 15, "x", "1"))));
        assertEquals(Verdict.LINEARIZABLE, verdict(List.of(put(1, 0, 10, "x", "1"), get(2, 5, 15, "x", null))));
    }

    @Test
    void aReadAfterACompletedWriteMustSeeIt() {
        assertEquals(Verdict.NOT_LINEARIZABLE, verdict(List.of(put(1, 0, 10, "x", "1"), get(2, 11, 20, "x", null))));
    }

    @Test
    void readsMayNotGoBackInTime() {
        // x=1 then x=2, both completed; a read after both sees 2, a later read sees 1: impossible.
        List<Operation> h = List.of(put(1, 0, 10, "x", "1"), put(1, 20, 30, "x", "2"),
                get(2, 40, 50, "x", "2"), get(3, 60, 70, "x", "1"));
        assertEquals(Verdict.NOT_LINEARIZABLE, verdict(h));
    }

    @Test
    void keysAreIndependent() {
        List<Operation> h = List.of(put(1, 0, 10, "x", "1"), put(2, 0, 10, "y", "2"),
                get(3, 20, 30, "y", "2"), get(3, 40, 50, "x", "1"));
        CheckResult r = Checker.check(kv, h, T);
        assertEquals(Verdict.LINEARIZABLE, r.verdict());
        assertEquals(2, r.partitions().size());
    }

    @Test
    void aPendingWriteMayOrMayNotHaveHappened() {
        Operation pending = new Operation(1, 0, Operation.PENDING, new KvModel.Input("put", "x", "1", null), null);
        assertEquals(Verdict.LINEARIZABLE, verdict(List.of(pending, get(2, 20, 30, "x", "1"))));
        assertEquals(Verdict.LINEARIZABLE, verdict(List.of(pending, get(2, 20, 30, "x", null))));
        // ...but once seen, it has happened: a later read cannot miss it
        assertEquals(Verdict.NOT_LINEARIZABLE, verdict(List.of(pending, get(2, 20, 30, "x", "1"), get(2, 40, 50, "x", null))));
    }

    @Test
    void versionedPutsAndErrMaybe() {
        Operation cas1 = new Operation(1, 0, 10, new KvModel.Input("cas", "k", "a", 0L), new KvModel.Output(null, null, "OK"));
        Operation cas2 = new Operation(2, 20, 30, new KvModel.Input("cas", "k", "b", 0L), new KvModel.Output(null, null, "ErrVersion"));
        Operation read = new Operation(3, 40, 50, new KvModel.Input("get", "k", null, null), new KvModel.Output("a", 1L, "OK"));
        assertEquals(Verdict.LINEARIZABLE, verdict(List.of(cas1, cas2, read)));
        Operation wrongOk = new Operation(2, 20, 30, new KvModel.Input("cas", "k", "b", 0L), new KvModel.Output(null, null, "OK"));
        assertEquals(Verdict.NOT_LINEARIZABLE, verdict(List.of(cas1, wrongOk)));
        // ErrMaybe: it may have applied (if the version matched at its linearization point), or not at all.
        Operation maybe = new Operation(2, 20, 30, new KvModel.Input("cas", "k", "b", 1L), new KvModel.Output(null, null, "ErrMaybe"));
        Operation sawB = new Operation(3, 40, 50, new KvModel.Input("get", "k", null, null), new KvModel.Output("b", 2L, "OK"));
        Operation sawA = new Operation(3, 40, 50, new KvModel.Input("get", "k", null, null), new KvModel.Output("a", 1L, "OK"));
        assertEquals(Verdict.LINEARIZABLE, verdict(List.of(cas1, maybe, sawB)));
        assertEquals(Verdict.LINEARIZABLE, verdict(List.of(cas1, maybe, sawA)), "it did not apply");
        // with a rival cas that won first, the maybe did not apply: 'c' is what a reader sees, never 'b'
        Operation rival = new Operation(4, 15, 25, new KvModel.Input("cas", "k", "c", 1L), new KvModel.Output(null, null, "OK"));
        Operation sawC = new Operation(3, 40, 50, new KvModel.Input("get", "k", null, null), new KvModel.Output("c", 2L, "OK"));
        assertEquals(Verdict.LINEARIZABLE, verdict(List.of(cas1, rival, maybe, sawC)));
        assertEquals(Verdict.NOT_LINEARIZABLE, verdict(List.of(cas1, rival, maybe, sawB)));
        Operation wrongVersion = new Operation(3, 40, 50, new KvModel.Input("get", "k", null, null), new KvModel.Output("a", 7L, "OK"));
        assertEquals(Verdict.NOT_LINEARIZABLE, verdict(List.of(cas1, wrongVersion)));
    }

    @Test
    void registerWithCompareAndSet() {
        RegisterModel reg = new RegisterModel();
        Operation w = new Operation(1, 0, 10, new RegisterModel.Input("write", "1", null), new RegisterModel.Output(null, null));
        Operation casOk = new Operation(2, 20, 30, new RegisterModel.Input("cas", "2", "1"), new RegisterModel.Output(null, true));
        Operation casFail = new Operation(3, 40, 50, new RegisterModel.Input("cas", "3", "1"), new RegisterModel.Output(null, false));
        Operation read2 = new Operation(1, 60, 70, new RegisterModel.Input("read", null, null), new RegisterModel.Output("2", null));
        assertEquals(Verdict.LINEARIZABLE, Checker.check(reg, List.of(w, casOk, casFail, read2), T).verdict());
        Operation casWrong = new Operation(3, 40, 50, new RegisterModel.Input("cas", "3", "1"), new RegisterModel.Output(null, true));
        assertEquals(Verdict.NOT_LINEARIZABLE, Checker.check(reg, List.of(w, casOk, casWrong), T).verdict());
    }

    @Test
    void deletingAKeyForgetsItsVersion() {
        Operation put = put(1, 0, 10, "k", "a");
        Operation del = new Operation(1, 20, 30, new KvModel.Input("delete", "k", null, null), new KvModel.Output(null, null, "OK"));
        Operation createAgain = new Operation(2, 40, 50, new KvModel.Input("cas", "k", "b", 0L), new KvModel.Output(null, null, "OK"));
        Operation read = new Operation(3, 60, 70, new KvModel.Input("get", "k", null, null), new KvModel.Output("b", 1L, "OK"));
        assertEquals(Verdict.LINEARIZABLE, verdict(List.of(put, del, createAgain, read)));
        Operation delAgain = new Operation(1, 80, 90, new KvModel.Input("delete", "nokey", null, null), new KvModel.Output(null, null, "OK"));
        assertEquals(Verdict.NOT_LINEARIZABLE, verdict(List.of(delAgain)), "deleting an absent key says ErrNoKey");
        Operation staleCas = new Operation(2, 40, 50, new KvModel.Input("cas", "k", "b", 1L), new KvModel.Output(null, null, "ErrNoKey"));
        assertEquals(Verdict.LINEARIZABLE, verdict(List.of(put, del, staleCas)));
    }

    @Test
    void rangeReadsSeeOneConsistentCutOfTheKeysTheyCover() {
        Operation a = put(1, 0, 10, "a", "1");
        Operation b = put(2, 20, 30, "b", "2");
        Operation outside = put(3, 0, 30, "z", "9");
        Operation both = range(4, 40, 50, "a", "c", 0, new KvModel.Entry("a", "1", 1), new KvModel.Entry("b", "2", 1));
        assertEquals(Verdict.LINEARIZABLE, verdict(List.of(a, b, outside, both)));
        // a read that overlaps b's write may miss it...
        Operation early = range(4, 15, 25, "a", "c", 0, new KvModel.Entry("a", "1", 1));
        assertEquals(Verdict.LINEARIZABLE, verdict(List.of(a, b, early)));
        // ...but one that starts after b returned may not
        Operation stale = range(4, 40, 50, "a", "c", 0, new KvModel.Entry("a", "1", 1));
        assertEquals(Verdict.NOT_LINEARIZABLE, verdict(List.of(a, b, stale)));
        // the limit cuts the answer; a key past the end is never included
        Operation limited = range(4, 40, 50, "a", null, 1, new KvModel.Entry("a", "1", 1));
        assertEquals(Verdict.LINEARIZABLE, verdict(List.of(a, b, outside, limited)));
        Operation leaky = range(4, 40, 50, "a", "b", 0, new KvModel.Entry("a", "1", 1), new KvModel.Entry("b", "2", 1));
        assertEquals(Verdict.NOT_LINEARIZABLE, verdict(List.of(a, b, leaky)));
        // keys a range read covers are checked as one part; others stay separate
        assertEquals(2, Checker.check(kv, List.of(a, b, outside, both), T).partitions().size());
    }

    private static Operation batch(int client, long call, long ret, String err, Integer failed, KvModel.Input... ops) {
        return new Operation(client, call, ret, KvModel.Input.batch(List.of(ops)),
                ret == Operation.PENDING ? null : new KvModel.Output(null, null, err, null, failed));
    }

    private static KvModel.Input w(String op, String key, String value, Long version) {
        return new KvModel.Input(op, key, value, version);
    }

    @Test
    void aBatchAppliesWhollyAndAtOnce() {
        Operation both = batch(1, 0, 10, "OK", null, w("put", "a", "1", null), w("put", "b", "2", null));
        assertEquals(Verdict.LINEARIZABLE, verdict(List.of(both, get(2, 20, 30, "a", "1"), get(2, 40, 50, "b", "2"))));
        // overlapping it, a reader may see both writes or neither...
        assertEquals(Verdict.LINEARIZABLE, verdict(List.of(both, get(2, 5, 6, "a", null), get(2, 7, 8, "b", null))));
        // ...but never one without the other: a after the batch, then b before it
        assertEquals(Verdict.NOT_LINEARIZABLE, verdict(List.of(both, get(2, 5, 6, "a", "1"), get(2, 7, 8, "b", null))));
        assertEquals(Verdict.NOT_LINEARIZABLE, verdict(List.of(both, get(2, 20, 30, "b", null))));
        // its keys are checked together, and keys it does not touch stay apart
        assertEquals(2, Checker.check(kv, List.of(both, get(2, 20, 30, "a", "1"), put(3, 0, 10, "z", "9")), T).partitions().size());
    }

    @Test
    void aBatchWhoseConditionFailsChangesNothing() {
        Operation a = put(1, 0, 10, "a", "x"); // a at version 1
        Operation refused = batch(2, 20, 30, "ErrVersion", 1, w("put", "b", "2", null), w("cas", "a", "y", 5L));
        assertEquals(Verdict.LINEARIZABLE, verdict(List.of(a, refused, get(3, 40, 50, "b", null), get(3, 60, 70, "a", "x"))));
        assertEquals(Verdict.NOT_LINEARIZABLE, verdict(List.of(a, refused, get(3, 40, 50, "b", "2"))),
                "the put before the failed condition must not have applied");
        // the error and index must be those of the first operation that fails in order
        assertEquals(Verdict.NOT_LINEARIZABLE, verdict(List.of(a, batch(2, 20, 30, "ErrNoKey", 1, w("put", "b", "2", null),
                w("cas", "a", "y", 5L)))), "a is present: its failed condition is ErrVersion");
        assertEquals(Verdict.NOT_LINEARIZABLE, verdict(List.of(a, batch(2, 20, 30, "ErrVersion", 0, w("put", "b", "2", null),
                w("cas", "a", "y", 5L)))), "the put at index 0 cannot fail");
        // a delete in a batch needs its key; an earlier op of the same batch may create it
        assertEquals(Verdict.LINEARIZABLE, verdict(List.of(batch(1, 0, 10, "OK", null, w("put", "c", "1", null),
                w("delete", "c", null, null)), get(2, 20, 30, "c", null))));
        assertEquals(Verdict.NOT_LINEARIZABLE, verdict(List.of(batch(1, 0, 10, "OK", null, w("delete", "nokey", null, null)))));
        // answered OK although its condition could not hold
        assertEquals(Verdict.NOT_LINEARIZABLE, verdict(List.of(a, batch(2, 20, 30, "OK", null, w("cas", "a", "y", 5L)))));
    }

    @Test
    void aPendingOrMaybeBatchAppliedWhollyOrNotAtAll() {
        Operation pending = batch(1, 0, Operation.PENDING, null, null, w("put", "a", "1", null), w("put", "b", "2", null));
        assertEquals(Verdict.LINEARIZABLE, verdict(List.of(pending, get(2, 20, 30, "a", "1"), get(2, 40, 50, "b", "2"))));
        assertEquals(Verdict.LINEARIZABLE, verdict(List.of(pending, get(2, 20, 30, "a", null), get(2, 40, 50, "b", null))));
        assertEquals(Verdict.NOT_LINEARIZABLE, verdict(List.of(pending, get(2, 20, 30, "a", "1"), get(2, 40, 50, "b", null))));
        Operation maybe = batch(1, 0, 10, "ErrMaybe", null, w("put", "a", "1", null), w("put", "b", "2", null));
        assertEquals(Verdict.LINEARIZABLE, verdict(List.of(maybe, get(2, 20, 30, "a", null), get(2, 40, 50, "b", null))));
        assertEquals(Verdict.NOT_LINEARIZABLE, verdict(List.of(maybe, get(2, 20, 30, "a", "1"), get(2, 40, 50, "b", null))));
    }

    @Test
    void malformedBatchesAreNamed() {
        assertTrue(kv.problem(KvModel.Input.batch(List.of()), null).contains("ops"));
        assertTrue(kv.problem(KvModel.Input.batch(List.of(w("get", "a", null, null))), null).contains("only put"));
        assertTrue(kv.problem(KvModel.Input.batch(List.of(w("put", "a", null, null))), null).contains("value"));
        assertEquals(null, kv.problem(KvModel.Input.batch(List.of(w("put", "a", "1", null), w("delete", "b", null, null))), null));
    }

    @Test
    void aRangeAnswerStopsBeforeTheKeyThatWouldTakeItPastItsByteLimit() {
        String big = "v".repeat(KvLimits.MAX_RANGE_BYTES / 2 - 1); // with its 1-byte key, two fill the answer exactly
        Operation a = put(1, 0, 10, "a", big);
        Operation b = put(1, 20, 30, "b", big);
        Operation c = put(1, 40, 50, "c", "small");
        KvModel.Entry ea = new KvModel.Entry("a", big, 1);
        KvModel.Entry eb = new KvModel.Entry("b", big, 1);
        KvModel.Entry ec = new KvModel.Entry("c", "small", 1);
        assertEquals(Verdict.LINEARIZABLE, verdict(List.of(a, b, c, range(2, 60, 70, "a", null, 0, ea, eb))),
                "a and b take exactly MAX_RANGE_BYTES: c would take the answer past it");
        assertEquals(Verdict.NOT_LINEARIZABLE, verdict(List.of(a, b, c, range(2, 60, 70, "a", null, 0, ea, eb, ec))),
                "an answer past MAX_RANGE_BYTES is not what the store returns");
        assertEquals(Verdict.LINEARIZABLE, verdict(List.of(a, b, c, range(2, 60, 70, "b", null, 0, eb, ec))));
        String huge = "h".repeat(KvLimits.MAX_RANGE_BYTES); // no such value fits a put; the rule still returns one key
        assertEquals(List.of(new KvModel.Entry("a", huge, 1)), KvModel.rangeOf(
                new KvModel().step(new KvModel().init(), new KvModel.Input("put", "a", huge, null), null),
                new KvModel.Input("range", "a", null, null, null, 0)));
    }

    private static Operation range(int client, long call, long ret, String start, String end, int limit, KvModel.Entry... es) {
        return new Operation(client, call, ret, new KvModel.Input("range", start, null, null, end, limit),
                new KvModel.Output(null, null, "OK", List.of(es)));
    }

    @Test
    void randomHistoriesFromASequentialRunAreLinearizableAndOneStaleReadBreaksThem() {
        int checked = 0;
        for (long seed = 1; seed <= 40; seed++) {
            List<Operation> good = Histories.randomLinearizable(seed, 300, 5, 6);
            assertEquals(Verdict.LINEARIZABLE, verdict(good), "seed " + seed);
            List<Operation> bad = Histories.withOneStaleRead(good);
            if (bad != null) {
                assertEquals(Verdict.NOT_LINEARIZABLE, verdict(bad), "stale read, seed " + seed);
                checked++;
            }
        }
        assertTrue(checked >= 30, "only " + checked + " runs had a read to make stale");
    }

    @Test
    void aWriteAnsweredMaybeMayHaveHadNoEffectAtAll() {
        Operation first = put(1, 0, 10, "x", "a");
        Operation maybe = new Operation(2, 20, 30, new KvModel.Input("put", "x", "b", null), new KvModel.Output(null, null, "ErrMaybe"));
        Operation sawA = new Operation(3, 40, 50, new KvModel.Input("get", "x", null, null), new KvModel.Output("a", 1L, "OK"));
        Operation sawB = new Operation(3, 40, 50, new KvModel.Input("get", "x", null, null), new KvModel.Output("b", 2L, "OK"));
        assertEquals(Verdict.LINEARIZABLE, verdict(List.of(first, maybe, sawA)), "it did not apply");
        assertEquals(Verdict.LINEARIZABLE, verdict(List.of(first, maybe, sawB)), "it applied");
        // but if it applied, it did so inside its interval: a read before its call cannot see it
        Operation early = new Operation(3, 12, 15, new KvModel.Input("get", "x", null, null), new KvModel.Output("b", 2L, "OK"));
        assertEquals(Verdict.NOT_LINEARIZABLE, verdict(List.of(first, maybe, early)));
        // a versioned put answered maybe whose version matched may still not have applied
        Operation cas = new Operation(2, 20, 30, new KvModel.Input("cas", "x", "c", 1L), new KvModel.Output(null, null, "ErrMaybe"));
        assertEquals(Verdict.LINEARIZABLE, verdict(List.of(first, cas, sawA)));
    }

    @Test
    void malformedOperationsAreRefusedWhenRead(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("h.json");
        Files.writeString(f, "{\"model\":\"kv\",\"operations\":[{\"client\":1,\"call\":1,\"return\":2,\"input\":{\"op\":\"incr\",\"key\":\"x\"}}]}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> History.read(f, null));
        assertTrue(e.getMessage().contains("unknown kv operation 'incr'") && e.getMessage().contains("operation 0"), e.getMessage());
        Files.writeString(f, "{\"model\":\"kv\",\"operations\":[{\"client\":1,\"call\":1,\"return\":2,\"input\":{\"op\":\"get\"}}]}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> History.read(f, null)).getMessage().contains("needs a \"key\""));
        Files.writeString(f, "{\"model\":\"kv\",\"operations\":[{\"call\":1,\"return\":2,\"input\":{\"op\":\"get\",\"key\":\"x\"}}]}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> History.read(f, null)).getMessage().contains("missing \"client\""));
    }

    @Test
    void randomHistoriesWithRangeReadsPassAndARangeMissingAWrittenKeyFails() {
        int checked = 0;
        for (long seed = 1; seed <= 20; seed++) {
            List<Operation> good = Histories.randomWithRanges(seed, 150, 5, 5);
            CheckResult r = Checker.check(kv, good, T);
            assertEquals(Verdict.LINEARIZABLE, r.verdict(), "seed " + seed);
            assertEquals(1, r.partitions().size(), "range reads over every key make one part");
            List<Operation> bad = Histories.withOneRangeMissingAKey(good);
            if (bad != null) {
                assertEquals(Verdict.NOT_LINEARIZABLE, verdict(bad), "range missing a key, seed " + seed);
                checked++;
            }
        }
        assertTrue(checked >= 15, "only " + checked + " runs had a range read to break");
    }

    @Test
    void aTimeoutGivesUnknownNeverAWrongVerdict() {
        // many concurrent writes of distinct values and a read of none of them: hard to refute
        List<Operation> ops = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            ops.add(put(i, 0, 1000, "x", "v" + i));
        }
        ops.add(get(999, 0, 1000, "x", "nobody wrote this"));
        // 401 operations all concurrent: refuting the read means trying every subset of the writes,
        // far beyond 50 ms, so the search must stop and say so rather than guess.
        CheckResult r = Checker.check(kv, ops, Duration.ofMillis(50));
        assertEquals(Verdict.UNKNOWN, r.verdict());
    }

    @Test
    void historyFilesRoundTripAndTheReportShowsTheBreak(@TempDir Path dir) throws Exception {
        List<Operation> bad = List.of(put(1, 0, 10, "x", "1"), put(1, 20, 30, "x", "2"),
                get(2, 40, 50, "x", "2"), get(3, 60, 70, "x", "1"),
                new Operation(4, 5, Operation.PENDING, new KvModel.Input("put", "x", "3", null), null));
        Path file = dir.resolve("h.json");
        History.write(file, "kv", bad);
        History.Loaded loaded = History.read(file, null);
        assertEquals(bad, loaded.operations());
        CheckResult r = Checker.check(loaded.spec().model(), loaded.operations(), T);
        assertEquals(Verdict.NOT_LINEARIZABLE, r.verdict());
        PartitionResult illegal = r.firstIllegal();
        assertNotNull(illegal);
        assertTrue(illegal.longestPrefix().size() >= 3, "prefix " + illegal.longestPrefix());
        Path html = dir.resolve("report.html");
        HtmlReport.write(html, loaded.spec().model(), r);
        String page = Files.readString(html);
        assertTrue(page.contains("History is not linearizable"), page);
        assertTrue(page.contains("get('x') → OK '1'"), "the failing read is listed: " + page);
        assertTrue(page.contains("Where it breaks"));
        assertTrue(!page.contains("<script") && !page.contains("http"), "the report is self-contained");
    }

    @Test
    void malformedHistoriesAreRefusedClearly(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\"model\":\"kv\",\"operations\":[{\"client\":1,\"call\":5,\"return\":2,\"input\":{\"op\":\"get\",\"key\":\"x\"}}]}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> History.read(f, null));
        assertTrue(e.getMessage().contains("operation 0") && e.getMessage().contains("before it is called"), e.getMessage());
        Files.writeString(f, "not json");
        assertThrows(IllegalArgumentException.class, () -> History.read(f, null));
        Files.writeString(f, "{\"operations\":[]}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> History.read(f, null)).getMessage().contains("--model"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> History.read(f, "queue")).getMessage().contains("kv or register"));
    }
}
