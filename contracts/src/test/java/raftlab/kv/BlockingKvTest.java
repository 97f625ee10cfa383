package raftlab.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class BlockingKvTest {
    /** A single-copy store answering at once: enough to test the blocking face and paging. */
    private static final class MapClerk implements KvClerk {
        final TreeMap<String, String> data = new TreeMap<>();

        @Override
        public CompletableFuture<KvResult> get(String key) {
            String v = data.get(key);
            return CompletableFuture.completedFuture(v == null ? KvResult.of(KvStatus.NO_KEY) : new KvResult(KvStatus.OK, v, 1));
        }

        @Override
        public CompletableFuture<KvResult> put(String key, String value) {
            data.put(key, value);
            return CompletableFuture.completedFuture(KvResult.of(KvStatus.OK));
        }

        @Override
        public CompletableFuture<KvResult> append(String key, String value) {
            return put(key, data.getOrDefault(key, "") + value);
        }

        @Override
        public CompletableFuture<KvResult> delete(String key) {
            return CompletableFuture.completedFuture(KvResult.of(data.remove(key) == null ? KvStatus.NO_KEY : KvStatus.OK));
        }

        @Override
        public CompletableFuture<KvResult> putIfVersion(String key, String value, long version) {
            return new CompletableFuture<>(); // never answers: for the timeout test
        }

        @Override
        public CompletableFuture<RangeResult> range(String start, String end, int limit) {
            List<KvEntry> out = new ArrayList<>();
            Map<String, String> span = end == null ? data.tailMap(start) : data.subMap(start, end);
            boolean more = false;
            for (Map.Entry<String, String> e : span.entrySet()) {
                if (out.size() == limit) {
                    more = true;
                    break;
                }
                out.add(new KvEntry(e.getKey(), e.getValue(), 1));
            }
            return CompletableFuture.completedFuture(new RangeResult(KvStatus.OK, out, more));
        }
    }

    @Test
    void scanAllPagesThroughEveryKeyWithThePrefixAndNoOther() {
        MapClerk store = new MapClerk();
        BlockingKv kv = new BlockingKv(store, Duration.ofSeconds(1));
        for (String k : List.of("a", "user/1", "user/2", "user/3", "user/30", "user/4", "user0", "v")) {
            kv.put(k, "x");
        }
        List<String> keys = kv.scanAll("user/", 2).stream().map(KvEntry::key).toList();
        assertEquals(List.of("user/1", "user/2", "user/3", "user/30", "user/4"), keys);
        assertEquals(KvStatus.NO_KEY, kv.get("nope").status());
        assertEquals("xy", kv.append("a", "y").ok() ? kv.get("a").value() : null);
    }

    @Test
    void aCallWithNoAnswerFailsAfterTheTimeoutSayingWhy() {
        BlockingKv kv = new BlockingKv(new MapClerk(), Duration.ofMillis(50));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> kv.putIfVersion("k", "v", 0));
        assertTrue(e.getMessage().contains("no answer within 50 ms"), e.getMessage());
    }

    @Test
    void prefixEndIsTheFirstKeyAfterThePrefix() {
        assertEquals("user0", KvLimits.prefixEnd("user/"));
        assertEquals(null, KvLimits.prefixEnd(""));
        assertEquals("b", KvLimits.prefixEnd("a\uffff"));
    }
}
