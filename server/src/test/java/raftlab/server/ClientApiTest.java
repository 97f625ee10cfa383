package raftlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raftlab.kv.KvLimits;
import raftlab.kv.KvWrite;
import raftlab.server.api.BatchJson;
import raftlab.server.client.KvHttpClient;
import raftlab.server.client.KvHttpClient.Reply;

/** The client API of a real 3-node cluster on loopback: every route, and every refusal. */
class ClientApiTest {
    @TempDir
    static Path tmp;

    static LocalCluster cluster;
    static KvHttpClient kv;
    static HttpClient raw = new HttpClient();

    @BeforeAll
    static void start() throws Exception {
        cluster = new LocalCluster(tmp, 3, NodeConfig.DEFAULT_MAX_RAFT_STATE);
        cluster.awaitLeader();
        kv = new KvHttpClient(cluster.urls(), 8);
        kv.findLeader();
        raw.start();
    }

    @AfterAll
    static void stop() throws Exception {
        raw.stop();
        kv.close();
        cluster.close();
    }

    @Test
    void putGetDeleteWithVersions() {
        Reply put = kv.put("fruit/apple", "red");
        assertEquals(200, put.status(), put.toString());
        assertEquals("1", put.field("version"));
        assertEquals("2", kv.put("fruit/apple", "green").field("version"));
        Reply get = kv.get("fruit/apple", false);
        assertEquals("green", get.field("value"));
        assertEquals("2", get.field("version"));
        assertEquals("fruit/apple", get.field("key"));
        assertEquals(200, kv.delete("fruit/apple").status());
        assertEquals(404, kv.get("fruit/apple", false).status());
        assertEquals(404, kv.delete("fruit/apple").status());
    }

    @Test
    void compareAndSetAndAppend() {
        assertEquals(200, kv.cas("lock", "me", 0).status(), "version 0 creates an absent key");
        Reply lost = kv.cas("lock", "you", 0);
        assertEquals(409, lost.status());
        assertEquals("1", lost.field("version"), "a mismatch reports the current version");
        assertEquals(200, kv.cas("lock", "you", 1).status());
        assertEquals("you", kv.get("lock", false).field("value"));
        assertEquals(409, kv.cas("nothing-here", "x", 3).status());

        kv.put("log", "a");
        assertEquals(200, kv.append("log", "b").status());
        assertEquals(200, kv.append("log", "c").status());
        assertEquals("abc", kv.get("log", false).field("value"));
        assertEquals("x", kv.append("fresh-log", "x").status() == 200 ? kv.get("fresh-log", false).field("value") : null);
    }

    @Test
    void batchesApplyWholeOrNotAtAll() {
        Reply ok = kv.batch(List.of(KvWrite.put("cart/1", "apple"), KvWrite.put("cart/2", "pear"),
                KvWrite.putIfVersion("stock/apple", "9", 0), KvWrite.append("audit", "+apple")));
        assertEquals(200, ok.status(), ok.toString());
        assertEquals("4", ok.field("applied"));
        assertEquals("pear", kv.get("cart/2", false).field("value"));

        Reply stale = kv.batch(List.of(KvWrite.put("cart/3", "plum"), KvWrite.putIfVersion("stock/apple", "8", 7)));
        assertEquals(409, stale.status(), stale.toString());
        assertEquals("1", stale.field("failed"), "the write that stopped the batch, by index");
        assertEquals("ErrVersion", stale.field("status"));
        assertTrue(stale.field("error").contains("cas 'stock/apple' at version 7"), stale.toString());
        assertEquals(404, kv.get("cart/3", false).status(), "the put before the failed cas must not apply");

        Reply absent = kv.batch(List.of(KvWrite.delete("cart/1"), KvWrite.delete("cart/none")));
        assertEquals(409, absent.status(), absent.toString());
        assertEquals("ErrNoKey", absent.field("status"));
        assertEquals("apple", kv.get("cart/1", false).field("value"), "the delete before the failed one must not apply");

        Reply tooLong = kv.batch(List.of(KvWrite.put("big", "v".repeat(KvLimits.MAX_VALUE_BYTES)), KvWrite.append("big", "!")));
        assertEquals(400, tooLong.status(), tooLong.toString());
        assertEquals("1", tooLong.field("failed"));
        assertEquals(404, kv.get("big", false).status());

        // the key named "batch" keeps every route of a key
        assertEquals(200, kv.put("batch", "a").status());
        assertEquals(200, kv.append("batch", "b").status());
        assertEquals("ab", kv.get("batch", false).field("value"));
        assertEquals(200, kv.delete("batch").status());
    }

    @Test
    void prefixAndRangeReadsWithALimit() {
        for (String k : new String[] {"user/1", "user/2", "user/3", "userx", "zeta"}) {
            kv.put(k, "v-" + k);
        }
        Reply page = kv.scan("user/", 2, false);
        assertEquals(200, page.status());
        assertEquals(2, page.json().getAsJsonArray("entries").size());
        assertTrue(page.json().get("more").getAsBoolean());
        Reply all = kv.scan("user/", 0, false);
        assertEquals(3, all.json().getAsJsonArray("entries").size());
        assertFalse(all.json().get("more").getAsBoolean());
        assertEquals("v-user/3", all.json().getAsJsonArray("entries").get(2).getAsJsonObject().get("value").getAsString());
        Reply range = kv.send("GET", "/kv?start=user/2&end=zeta", null);
        assertEquals(3, range.json().getAsJsonArray("entries").size(), range.toString()); // user/2, user/3, userx
    }

    @Test
    void aClientGivenOnlyAFollowerFindsTheLeaderAndSendsThere() {
        int leader = cluster.awaitLeader();
        try (KvHttpClient c = cluster.clientOf((leader + 1) % 3)) {
            c.findLeader();
            assertEquals(cluster.urls().get(leader), c.current(), "the benchmark's load would take the forwarding hop");
            assertEquals(200, c.put("found-the-leader", "v").status());
        }
    }

    @Test
    void everyNodeAcceptsWritesAndFollowersForwardThem() {
        for (int i = 0; i < 3; i++) {
            try (KvHttpClient one = cluster.clientOf(i)) {
                Reply r = one.put("via-" + i, "node " + i);
                assertEquals(200, r.status(), "node " + i + ": " + r);
                Reply b = one.batch(List.of(KvWrite.put("via-batch-" + i, "node " + i), KvWrite.append("via-batches", "" + i)));
                assertEquals(200, b.status(), "a batch through node " + i + ": " + b);
                Reply stopped = one.batch(List.of(KvWrite.append("via-batches", "!"), KvWrite.putIfVersion("via-" + i, "x", 9)));
                assertEquals("1", stopped.field("failed"), "a stopped batch through node " + i + ": " + stopped);
            }
        }
        for (int i = 0; i < 3; i++) {
            try (KvHttpClient one = cluster.clientOf(i)) {
                for (int j = 0; j < 3; j++) {
                    assertEquals("node " + j, one.get("via-" + j, false).field("value"), "linearizable read on node " + i);
                    assertEquals("node " + j, one.get("via-batch-" + j, false).field("value"), "batch's write on node " + i);
                }
                assertEquals("012", one.get("via-batches", false).field("value"), "each batch's append once, in order");
            }
        }
    }

    @Test
    void staleReadsComeFromTheLocalReplica() {
        kv.put("stale-ok", "1");
        int leader = cluster.awaitLeader();
        try (KvHttpClient one = cluster.clientOf(leader)) {
            // the leader applied the write before acknowledging it, so its local state has it
            assertEquals("1", one.get("stale-ok", true).field("value"));
            assertEquals(200, one.scan("stale-", 10, true).status());
        }
    }

    @Test
    void statusHealthAndMetrics() {
        Reply status = kv.status();
        assertEquals(200, status.status());
        assertEquals(3, status.json().getAsJsonArray("nodes").size());
        int leader = status.json().get("leader").getAsInt();
        assertEquals("leader", status.json().getAsJsonArray("nodes").get(leader).getAsJsonObject().get("role").getAsString());
        assertEquals(200, kv.send("GET", "/health", null).status());

        kv.put("metered", "x");
        String metrics = get("/metrics").getContentAsString();
        assertTrue(metrics.contains("# TYPE raftlab_requests_total counter"), metrics);
        assertTrue(metrics.contains("raftlab_raft_term "), metrics);
        assertTrue(metrics.contains("raftlab_raft_commit_index "), metrics);
        assertTrue(metrics.contains("raftlab_fsync_duration_seconds_count "), metrics);
        assertTrue(metrics.contains("raftlab_request_duration_seconds_bucket{op=\"put\",le=\"+Inf\"}"), metrics);

        ContentResponse page = get("/");
        assertEquals(200, page.getStatus());
        assertTrue(page.getContentAsString().contains("/cluster/view"), "the page polls the cluster view");
        Reply view = kv.send("GET", "/cluster/view", null);
        assertEquals(3, view.json().getAsJsonArray("nodes").size(), view.toString());
        assertTrue(view.json().getAsJsonArray("nodes").get(leader).getAsJsonObject().getAsJsonArray("log").size() > 0, view.toString());
    }

    @Test
    void badRequestsGetAJsonErrorAndChangeNothing() throws Exception {
        long before = commitIndexEverywhere();
        assertError(send(HttpMethod.GET, "/nowhere", null), 404);
        assertError(send(HttpMethod.PATCH, "/kv/k", "v"), 405);
        assertError(send(HttpMethod.POST, "/kv/k", "v"), 400); // POST needs ?op=append
        assertError(send(HttpMethod.PUT, "/kv/k?version=-1", "v"), 400);
        assertError(send(HttpMethod.PUT, "/kv/k?version=abc", "v"), 400);
        assertError(send(HttpMethod.PUT, "/kv/" + "k".repeat(1025), "v"), 400);
        for (int i = 0; i < 5; i++) { // a refused body must not break the next request on the same client
            ContentResponse tooBig = send(HttpMethod.PUT, "/kv/big", "x".repeat((1 << 20) + 1));
            assertError(tooBig, 413);
            assertEquals("close", tooBig.getHeaders().get("Connection"), "the unread body closes the connection");
            assertError(send(HttpMethod.PUT, "/kv/k?version=abc", "v"), 400);
        }
        assertError(send(HttpMethod.GET, "/kv?limit=10001", null), 400);
        assertError(send(HttpMethod.GET, "/kv?prefix=a&start=b", null), 400);
        assertError(send(HttpMethod.GET, "/kv?start=b&end=a", null), 400);
        assertError(send(HttpMethod.GET, "/kv/k?stale=maybe", null), 400);
        assertError(send(HttpMethod.POST, "/cluster/status", null), 405);
        assertError(send(HttpMethod.POST, "/kv/batch", "{\"ops\": [{\"op\": \"put\", \"key\": \"k\"}]}"), 400);
        assertError(send(HttpMethod.POST, "/kv/batch", "{\"ops\": [], \"x\": 1}"), 400);
        ContentResponse malformed = send(HttpMethod.POST, "/kv/batch", "{\"ops\": [{\"op\" \"put\"");
        assertError(malformed, 400);
        assertTrue(malformed.getContentAsString().contains("not valid JSON") && !malformed.getContentAsString().contains("http"),
                "a JSON error says where, in our words: " + malformed.getContentAsString());
        assertError(send(HttpMethod.POST, "/kv/batch?atomic=false", "{\"ops\": []}"), 400);
        assertError(send(HttpMethod.POST, "/kv/batch", "{\"ops\": [" + "{\"op\": \"delete\", \"key\": \"k\"},".repeat(128)
                + "{\"op\": \"delete\", \"key\": \"k\"}]}"), 413);
        String mib = "v".repeat(KvLimits.MAX_VALUE_BYTES);
        assertError(send(HttpMethod.POST, "/kv/batch", BatchJson.format(List.of(KvWrite.put("k", mib), KvWrite.put("k", mib),
                KvWrite.put("k", "!")))), 413); // over the batch's bytes of keys and values
        ContentResponse notUtf8 = raw.newRequest(cluster.url(0) + "/kv/bytes").method(HttpMethod.PUT)
                .body(new BytesRequestContent(new byte[] {(byte) 0xff, (byte) 0xfe})).send();
        assertError(notUtf8, 400);
        // peer endpoints are not on the client port at all; on the peer port: no token, wrong token
        assertError(send(HttpMethod.POST, "/raft/KvService.execute", "{}"), 404);
        assertError(raw.newRequest(cluster.peerUrl(0) + "/raft/KvService.execute").method(HttpMethod.POST)
                .body(new StringRequestContent("{}")).send(), 401);
        ContentResponse forged = raw.newRequest(cluster.peerUrl(0) + "/raft/RaftRpc.requestVote").method(HttpMethod.POST)
                .headers(h -> h.put("X-RaftLab-Token", "not-the-token-at-all")).body(new StringRequestContent("{}")).send();
        assertError(forged, 401);

        assertEquals(before, commitIndexEverywhere(), "a refused request reaches no log");
        assertEquals(404, kv.get("k", false).status());
        assertEquals(404, kv.get("big", false).status());
    }

    private static long commitIndexEverywhere() {
        return kv.status().json().getAsJsonArray("nodes").asList().stream()
                .mapToLong(n -> n.getAsJsonObject().get("lastLogIndex").getAsLong()).max().orElseThrow();
    }

    private static ContentResponse send(HttpMethod method, String path, String body) throws Exception {
        var req = raw.newRequest(cluster.url(0) + path).method(method).timeout(10, TimeUnit.SECONDS);
        if (body != null) {
            req.body(new StringRequestContent("text/plain", body, StandardCharsets.UTF_8));
        }
        return req.send();
    }

    private static ContentResponse get(String path) {
        try {
            return send(HttpMethod.GET, path, null);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void assertError(ContentResponse r, int status) {
        assertEquals(status, r.getStatus(), r.getContentAsString());
        assertTrue(r.getHeaders().get("Content-Type").startsWith("application/json"), r.getHeaders().toString());
        assertTrue(r.getContentAsString().startsWith("{\"error\":"), r.getContentAsString());
        assertFalse(r.getContentAsString().contains("at raftlab."), "no stack trace");
    }
}
