package raftlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raftlab.kv.KvLimits;
import raftlab.server.api.KeyPaths;
import raftlab.server.client.KvHttpClient;
import raftlab.server.client.KvHttpClient.Reply;

/**
 * Keys in URLs (docs/cluster.md): any UTF-8 key survives the trip — put over HTTP and by the
 * command line, then get and scan give back exactly that key — and the ambiguous forms are refused
 * with a JSON 400 instead of being rewritten into another key.
 */
class KeysInUrlsTest {
    private static final String AWKWARD = " %/?#;.&=+\\\"'<>[]{}|^`~:@!$*(),é中😀\t";

    @TempDir
    static Path tmp;

    static LocalCluster cluster;
    static KvHttpClient kv;

    @BeforeAll
    static void start() {
        cluster = new LocalCluster(tmp, 3, NodeConfig.DEFAULT_MAX_RAFT_STATE);
        cluster.awaitLeader();
        kv = new KvHttpClient(cluster.urls(), 4);
        kv.findLeader();
    }

    @AfterAll
    static void stop() {
        kv.close();
        cluster.close();
    }

    /** Random keys of awkward characters, plus the corner cases, seeded: a failure names its key. */
    static List<String> keys(long seed, int n) {
        Random random = new Random(seed);
        Set<String> keys = new LinkedHashSet<>(List.of(".", "..", "a/../b", "./x", "50%off", "sp ace", "semi;colon", "%2F",
                "q?x=1", "#frag", "é", "😀", "/leading", "trailing/", "a//b", "k".repeat(KvLimits.MAX_KEY_BYTES)));
        int[] codePoints = AWKWARD.codePoints().toArray();
        while (keys.size() < n) {
            StringBuilder k = new StringBuilder();
            for (int len = 1 + random.nextInt(12); len > 0; len--) {
                k.appendCodePoint(random.nextInt(3) == 0 ? 'a' + random.nextInt(26) : codePoints[random.nextInt(codePoints.length)]);
            }
            keys.add(k.toString());
        }
        return new ArrayList<>(keys);
    }

    @Test
    void encodeThenDecodeIsTheIdentity() {
        for (String key : keys(1, 2_000)) {
            assertEquals(key, KeyPaths.decode(KeyPaths.encode(key)), "key " + key);
        }
        assertEquals("a/b", KeyPaths.decode("a/b"), "a raw slash is the same as %2F");
        assertEquals("a/b", KeyPaths.decode("a%2fb"));
    }

    @Test
    void everyKeyRoundTripsOverHttp() {
        List<String> keys = keys(2, 120);
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            Reply put = kv.put(key, "v" + i);
            assertEquals(200, put.status(), "put " + key + ": " + put);
            assertEquals(key, put.field("key"));
        }
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            Reply get = kv.get(key, false);
            assertEquals(key, get.field("key"), "get " + key);
            assertEquals("v" + i, get.field("value"), "get " + key);
            JsonArray scan = kv.scan(key, 0, false).json().getAsJsonArray("entries");
            assertTrue(scan.size() >= 1, "scan from " + key);
            assertEquals(key, scan.get(0).getAsJsonObject().get("key").getAsString(), "scan " + key);
        }
    }

    @Test
    void everyKeyRoundTripsThroughTheCommandLine() {
        String nodes = String.join(",", cluster.urls());
        for (String key : keys(3, 24)) {
            assertEquals(0, raftlab.server.cli.ServerCli.execute("kv", "--nodes", nodes, "put", key, "cli"), "put " + key);
            assertEquals("cli", kv.get(key, false).field("value"), "the CLI stored exactly " + key);
        }
    }

    @Test
    void ambiguousFormsAreRefusedWithJsonAndChangeNothing() throws Exception {
        String url = cluster.url(0);
        for (String target : List.of("/kv/zz1;x=1", "/kv/zz4/../zz4b", "/kv/./zz5", "/kv/..", "/kv/bad%zz", "/kv/bad%f",
                "/kv/%ff%fe", "/kv/")) {
            RawHttp.Response r = RawHttp.request(url, "PUT", target, "v");
            assertEquals(400, r.status(), target + " -> " + r);
            assertTrue(r.isJson() && r.body().startsWith("{\"error\":"), target + " -> " + r.headers() + r.body());
        }
        for (String target : List.of("/kv?prefix=%ff", "/kv?start=%ff", "/kv?end=%c3", "/kv?limit=%zz", "/kv?%zz=1",
                "/kv/k?stale=%ff", "/kv?limit=abc", "/kv/k?unknown=1", "/kv?prefix=a&prefix=b")) {
            RawHttp.Response r = RawHttp.request(url, "GET", target, null);
            assertEquals(400, r.status(), target + " -> " + r);
            assertTrue(r.isJson(), target + " -> " + r.headers());
        }
        kv.put("guarded", "keep");
        RawHttp.Response del = RawHttp.request(url, "DELETE", "/kv/guarded?version=abc", null);
        assertEquals(400, del.status(), del.toString());
        assertEquals("keep", kv.get("guarded", false).field("value"), "a refused delete deletes nothing");
        for (String key : List.of("zz1", "zz4b", "zz5")) {
            assertEquals(404, kv.get(key, false).status(), key + " must not have been written under another name");
        }
    }

    @Test
    void jettysOwnRefusalsAreJsonToo() throws Exception {
        String url = cluster.url(0);
        // An HTTP version other than 1.0 and 1.1 gets 505 (RFC 9110 §15.6.6): JSON like the rest.
        for (String line : List.of("GET /kv/k HTTP/3.0", "GET  HTTP/1.1")) {
            RawHttp.Response r = RawHttp.send(url, line + "\r\nHost: x", null);
            assertTrue(r.status() == 505 || r.status() == 400, line + " -> " + r);
            assertTrue(r.isJson() && r.body().startsWith("{\"error\":"), r.headers() + "\n" + r.body());
        }
        List<RawHttp.Response> answers = List.of(
                RawHttp.send(url, "GET " + "/kv/" + "k".repeat(20_000) + " HTTP/1.1\r\nHost: x", null),
                RawHttp.send(url, "GET /kv/k HTTP/1.1\r\nHost: x\r\nX-Big: " + "h".repeat(20_000), null),
                RawHttp.send(url, "BR(KEN /kv/k HTTP/1.1\r\nHost: x", null),
                RawHttp.send(url, "PUT /kv/k HTTP/1.1\r\nHost: x\r\nContent-Length: nope", "v".getBytes(StandardCharsets.UTF_8)));
        for (RawHttp.Response r : answers) {
            assertTrue(r.status() >= 400 && r.status() < 500, r.toString());
            assertTrue(r.isJson() && r.body().startsWith("{\"error\":"), r.headers() + "\n" + r.body());
        }
    }

    @Test
    void malformedPeerBodiesAre4xx() throws Exception {
        String url = cluster.peerUrl(0);
        String token = "X-RaftLab-Token: " + LocalCluster.TOKEN;
        for (String body : List.of("{", "[]", "{\"term\":\"x\"}", "\u0000", "")) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            RawHttp.Response r = RawHttp.send(url, "POST /raft/RaftRpc.requestVote HTTP/1.1\r\nHost: x\r\n" + token
                    + "\r\nContent-Length: " + bytes.length, bytes);
            assertTrue(r.status() >= 400 && r.status() < 500, body + " -> " + r);
            assertTrue(r.isJson(), r.headers());
        }
        RawHttp.Response notUtf8 = RawHttp.send(url, "POST /raft/RaftRpc.requestVote HTTP/1.1\r\nHost: x\r\n" + token
                + "\r\nContent-Length: 2", new byte[] {(byte) 0xff, (byte) 0xfe});
        assertEquals(400, notUtf8.status(), notUtf8.toString());
    }
}
