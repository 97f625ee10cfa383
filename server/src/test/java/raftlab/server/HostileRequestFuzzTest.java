package raftlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raftlab.kv.KvLimits;
import raftlab.server.client.KvHttpClient;

/**
 * Seeded fuzzing of a running 3-node cluster with requests it must refuse: bad methods, paths,
 * encodings, queries, sizes, framing, bodies that are not UTF-8, and peer routes with and without the
 * token, batches malformed or stopped by a condition, membership changes without the token or with a
 * bad body or id, and the cluster's reserved key, on both of each node's ports (clients', and peers'). Every answer is a JSON 4xx (505 only for a request whose HTTP version is not 1.x; an
 * authenticated peer's message that decodes gets the protocol's own refusal), none hangs, no node
 * crashes, and afterwards the data is exactly what it was (a model of the keys).
 */
class HostileRequestFuzzTest {
    static final int REQUESTS = 2_000;
    static final long SEED = 20261206;

    @TempDir
    Path tmp;

    /** One generated request: its category, the raw request head, and its body. */
    private record Hostile(String category, String head, byte[] body) {
    }

    @Test
    void twoThousandHostileRequestsAreRefusedAndChangeNothing() throws Exception {
        try (LocalCluster cluster = new LocalCluster(tmp, 3, NodeConfig.DEFAULT_MAX_RAFT_STATE);
             KvHttpClient kv = new KvHttpClient(cluster.urls(), 4)) {
            cluster.awaitLeader();
            kv.findLeader();
            Map<String, String> model = new TreeMap<>();
            for (int i = 0; i < 20; i++) {
                model.put("fz/" + i, "value-" + i);
                assertEquals(200, kv.put("fz/" + i, "value-" + i).status());
            }
            Random random = new Random(SEED);
            Map<String, Map<Integer, Integer>> byCategory = new TreeMap<>();
            List<String> problems = new ArrayList<>();
            for (int n = 0; n < REQUESTS; n++) {
                Hostile h = generate(random, n);
                // Peer routes live on the peer port; every 7th request of the other kinds goes there too,
                // so the peer listener meets every kind of garbage and answers it as the client one does.
                boolean peerRoute = h.category().equals("peer");
                boolean toPeerPort = peerRoute || n % 7 == 0;
                String url = toPeerPort ? cluster.peerUrl(n % 3) : cluster.url(n % 3);
                String category = toPeerPort && !peerRoute ? h.category() + "@peer-port" : h.category();
                RawHttp.Response r;
                try {
                    r = RawHttp.send(url, h.head(), h.body());
                } catch (SocketTimeoutException e) {
                    problems.add(category + ": no answer within 15 s: " + firstLine(h));
                    continue;
                }
                byCategory.computeIfAbsent(category, k -> new TreeMap<>()).merge(r.status(), 1, Integer::sum);
                boolean versionCase = h.category().equals("http-version");
                // An authenticated peer's message that decodes gets the protocol's own answer (a stale term,
                // an INVALID request): 200 with a refusal in it, never a 5xx, and nothing changes.
                boolean protocolAnswer = peerRoute && h.head().contains(LocalCluster.TOKEN) && r.status() == 200;
                boolean ok = r.status() >= 400 && r.status() < 500 || versionCase && r.status() == 505 || protocolAnswer;
                if (!ok || !r.isJson() || !protocolAnswer && !r.body().startsWith("{\"error\":")) {
                    problems.add(category + ": " + r.status() + " " + (r.isJson() ? "json" : "not json") + " for "
                            + firstLine(h) + " -> " + r.body().lines().findFirst().orElse(""));
                }
            }
            System.out.println("  hostile requests by category and status: " + byCategory);
            assertTrue(problems.isEmpty(), problems.size() + " bad answers, e.g. " + problems.subList(0, Math.min(10, problems.size())));
            for (int i = 0; i < 3; i++) {
                try (KvHttpClient one = cluster.clientOf(i)) {
                    JsonArray all = one.scan("", 0, false).json().getAsJsonArray("entries");
                    Map<String, String> seen = new TreeMap<>();
                    all.forEach(e -> seen.put(e.getAsJsonObject().get("key").getAsString(),
                            e.getAsJsonObject().get("value").getAsString()));
                    assertEquals(model, seen, "node " + i + " after the fuzz: a refused request changed the data");
                    assertEquals("[0,1,2]", one.send("GET", "/cluster/members", null).json().get("voters").toString(),
                            "node " + i + " after the fuzz: the configuration changed");
                }
            }
        }
    }

    private static String firstLine(Hostile h) {
        String line = h.head().lines().findFirst().orElse("");
        return line.length() > 120 ? line.substring(0, 120) + "…" : line;
    }

    private static final String[] METHODS = {"PATCH", "TRACE", "OPTIONS", "CONNECT", "FOO", "PUT", "POST", "DELETE", "GET"};
    private static final String[] BAD_KEY_PATHS = {"/kv/a;b", "/kv/a/../b", "/kv/./a", "/kv/..", "/kv/%zz", "/kv/%f",
        "/kv/%ff", "/kv/%c3%28", "/kv/", "/kv/%ed%a0%80"};

    private static Hostile generate(Random r, int n) {
        String host = "\r\nHost: fuzz";
        return switch (n % 12) {
            case 0 -> { // a method a route does not take
                String[] routes = {"/kv/fz/1", "/kv", "/health", "/metrics", "/cluster/status", "/node/status"};
                String route = routes[r.nextInt(routes.length)];
                String method = route.startsWith("/kv/") ? new String[] {"PATCH", "FOO", "OPTIONS"}[r.nextInt(3)]
                        : new String[] {"PUT", "POST", "DELETE", "PATCH"}[r.nextInt(4)];
                yield new Hostile("method", method + " " + route + " HTTP/1.1" + host + "\r\nContent-Length: 0", null);
            }
            case 1 -> { // an ambiguous or malformed key path
                String path = BAD_KEY_PATHS[r.nextInt(BAD_KEY_PATHS.length)];
                String method = new String[] {"GET", "PUT", "DELETE", "POST"}[r.nextInt(4)];
                String query = method.equals("POST") ? "?op=append" : "";
                yield new Hostile("key-path", method + " " + path + query + " HTTP/1.1" + host + "\r\nContent-Length: 1",
                        "x".getBytes(StandardCharsets.UTF_8));
            }
            case 2 -> { // a query that is malformed, not UTF-8, unknown, repeated or out of range
                String[] queries = {"/kv?prefix=%ff", "/kv?start=%c3", "/kv?%zz=1", "/kv?limit=-1", "/kv?limit=abc",
                    "/kv?limit=10001", "/kv?limit=99999999999999999999", "/kv?prefix=a&start=b", "/kv?start=b&end=a",
                    "/kv?bogus=" + r.nextInt(1000), "/kv?prefix=a&prefix=b", "/kv/fz/1?stale=maybe", "/kv/fz/1?version=1",
                    "/kv/fz/2?stale=true&stale=false"};
                yield new Hostile("query", "GET " + queries[r.nextInt(queries.length)] + " HTTP/1.1" + host, null);
            }
            case 3 -> { // a write with a bad version, a bad op, or a parameter it does not take
                String[] writes = {"PUT /kv/fz/3?version=abc", "PUT /kv/fz/3?version=-" + (1 + r.nextInt(9)),
                    "PUT /kv/fz/3?version=1.5", "DELETE /kv/fz/3?version=abc", "DELETE /kv/fz/3?version=1",
                    "POST /kv/fz/3", "POST /kv/fz/3?op=prepend", "POST /kv/fz/3?op=append&op=append",
                    "PUT /kv/fz/3?stale=true", "DELETE /kv/fz/3?x=" + r.nextInt(100)};
                yield new Hostile("write-params", writes[r.nextInt(writes.length)] + " HTTP/1.1" + host + "\r\nContent-Length: 3",
                        "new".getBytes(StandardCharsets.UTF_8));
            }
            case 4 -> { // a body that is not UTF-8
                byte[] body = new byte[1 + r.nextInt(64)];
                r.nextBytes(body);
                body[0] = (byte) 0xff; // never valid UTF-8
                String target = r.nextBoolean() ? "PUT /kv/fz/" + r.nextInt(20) : "POST /kv/fz/" + r.nextInt(20) + "?op=append";
                yield new Hostile("body-not-utf8", target + " HTTP/1.1" + host + "\r\nContent-Length: " + body.length, body);
            }
            case 5 -> { // too large: key, value (declared), request line, headers
                yield switch (r.nextInt(4)) {
                    case 0 -> new Hostile("size", "PUT /kv/" + "k".repeat(KvLimits.MAX_KEY_BYTES + 1 + r.nextInt(100))
                            + " HTTP/1.1" + host + "\r\nContent-Length: 1", "v".getBytes(StandardCharsets.UTF_8));
                    case 1 -> new Hostile("size", "PUT /kv/fz/4 HTTP/1.1" + host + "\r\nContent-Length: "
                            + (KvLimits.MAX_VALUE_BYTES + 1 + r.nextInt(1000)), null);
                    case 2 -> new Hostile("size", "GET /kv/" + "k".repeat(9_000 + r.nextInt(20_000)) + " HTTP/1.1" + host, null);
                    default -> new Hostile("size", "GET /kv/fz/1 HTTP/1.1" + host + "\r\nX-Big: " + "h".repeat(9_000 + r.nextInt(20_000)),
                            null);
                };
            }
            case 6 -> { // framing Jetty itself refuses
                String[] heads = {"PUT /kv/fz/5 HTTP/1.1" + host + "\r\nContent-Length: nope",
                    "PUT /kv/fz/5 HTTP/1.1" + host + "\r\nContent-Length: -5",
                    "PUT /kv/fz/5 HTTP/1.1" + host + "\r\nContent-Length: 1\r\nContent-Length: 2",
                    "PUT /kv/fz/5 HTTP/1.1" + host + "\r\nTransfer-Encoding: chunked\r\nContent-Length: 3",
                    "GET /kv/fz/5 HTTP/1.1\r\nHost: a\r\nHost: b", "GET /kv/fz/5 HTTP/1.1" + host + "\r\nBad Header: x",
                    "BR(KEN /kv/fz/5 HTTP/1.1" + host};
                yield new Hostile("framing", heads[r.nextInt(heads.length)], null);
            }
            case 7 -> { // peer routes without the token, with a wrong one, or with the token and a bad body
                String token = switch (r.nextInt(3)) {
                    case 0 -> "";
                    case 1 -> "\r\nX-RaftLab-Token: wrong-token-" + r.nextInt(1000);
                    default -> "\r\nX-RaftLab-Token: " + LocalCluster.TOKEN;
                };
                String[] methods = {"RaftRpc.requestVote", "RaftRpc.appendEntries", "SnapshotRpc.installSnapshot",
                    "KvService.execute", "Nope.nothing"};
                String[] bodies = {"{", "[]", "null", "{\"term\":\"x\"}", "\"str\"", "{\"entries\":7}", "", "{}",
                    "{\"term\":0,\"entries\":null}"};
                byte[] body = bodies[r.nextInt(bodies.length)].getBytes(StandardCharsets.UTF_8);
                String method = token.contains(LocalCluster.TOKEN) && r.nextInt(4) == 0 ? "GET" : "POST";
                yield new Hostile("peer", method + " /raft/" + methods[r.nextInt(methods.length)] + " HTTP/1.1" + host + token
                        + "\r\nContent-Length: " + body.length, body);
            }
            case 8 -> { // unknown routes, garbage paths
                String garbage = "/" + Long.toString(r.nextLong() & Long.MAX_VALUE, 36) + (r.nextBoolean() ? "/%41" : "");
                String[] paths = {garbage, "/kvx", "/kv2/a", "/%6bv/a", "/raft", "/health/x", "//kv/a"};
                yield new Hostile("route", "GET " + paths[r.nextInt(paths.length)] + " HTTP/1.1" + host, null);
            }
            case 10 -> { // a batch that is malformed, too large, or well formed but stopped by a condition
                String put = "{\"op\":\"put\",\"key\":\"fz/" + r.nextInt(20) + "\",\"value\":\"changed\"}";
                String[] bodies = {"{", "[]", "null", "{}", "{\"ops\":[]}", "{\"ops\":{}}", "{\"ops\":[" + put + "]} x",
                    "{\"ops\":[" + put + "],\"ops\":[" + put + "]}", "{\"ops\":[" + put + "],\"atomic\":false}",
                    "{\"ops\":[{\"op\":\"put\"}]}", "{\"ops\":[{\"op\":\"rename\",\"key\":\"a\"}]}",
                    "{\"ops\":[" + put + ",{\"op\":\"cas\",\"key\":\"fz/2\",\"value\":\"x\"}]}",
                    "{\"ops\":[" + put + ",{\"op\":\"cas\",\"key\":\"fz/2\",\"value\":\"x\",\"version\":-1}]}",
                    "{\"ops\":[" + put + ",{\"op\":\"cas\",\"key\":\"fz/2\",\"value\":\"x\",\"version\":1.5}]}",
                    "{\"ops\":[" + put + ",{\"op\":\"put\",\"key\":7,\"value\":\"x\"}]}",
                    "{\"ops\":[" + put + ",{\"op\":\"put\",\"key\":\"k\",\"value\":{\"deep\":[1]}}]}",
                    "{\"ops\":[" + put + ",{\"op\":\"put\",\"key\":\"\",\"value\":\"x\"}]}",
                    "{\"ops\":[" + put + ",{\"op\":\"delete\",\"key\":\"k\",\"value\":\"x\"}]}",
                    "{\"ops\":" + "[".repeat(5000) + "}",
                    "{\"ops\":[" + (put + ",").repeat(KvLimits.MAX_BATCH_OPS) + put + "]}",
                    // well formed, stopped by a condition: a 409, and the put before it must not apply
                    "{\"ops\":[" + put + ",{\"op\":\"cas\",\"key\":\"fz/2\",\"value\":\"x\",\"version\":99}]}",
                    "{\"ops\":[" + put + ",{\"op\":\"delete\",\"key\":\"fz/absent\"}]}"};
                if (r.nextInt(12) == 0) { // declares a body over the batch's limit: refused before it is read
                    yield new Hostile("batch", "POST /kv/batch HTTP/1.1" + host + "\r\nContent-Length: "
                            + (2 * KvLimits.MAX_BATCH_BYTES + 1 + r.nextInt(1000)), null);
                }
                byte[] body = bodies[r.nextInt(bodies.length)].getBytes(StandardCharsets.UTF_8);
                String query = r.nextInt(8) == 0 ? "?atomic=false" : "";
                yield new Hostile("batch", "POST /kv/batch" + query + " HTTP/1.1" + host + "\r\nContent-Length: " + body.length, body);
            }
            case 11 -> { // membership changes: no or a wrong token, a bad body or id; and the cluster's reserved key
                String token = r.nextInt(3) == 0 ? "" : r.nextInt(2) == 0 ? "\r\nX-RaftLab-Token: wrong-" + r.nextInt(99)
                        : "\r\nX-RaftLab-Token: " + LocalCluster.TOKEN;
                String[] bodies = {"{", "[]", "null", "{}", "{\"peerUrl\":1}", "{\"peerUrl\":\"http://h:1\"}",
                    "{\"peerUrl\":\"ftp://h:1\",\"clientUrl\":\"http://h:2\"}",
                    "{\"peerUrl\":\"http://h:1/x\",\"clientUrl\":\"http://h:2\"}",
                    "{\"peerUrl\":\"http://h\",\"clientUrl\":\"http://h:2\"}",
                    "{\"peerUrl\":\"http://h:1\",\"clientUrl\":\"http://h:1\"}",
                    "{\"peerUrl\":\"http://h:1\",\"clientUrl\":\"http://h:2\",\"id\":3}",
                    "{\"peerUrl\":\"http://h:1\",\"peerUrl\":\"http://h:3\",\"clientUrl\":\"http://h:2\"}",
                    "{\"peerUrl\":\"http://" + "h".repeat(300) + ":1\",\"clientUrl\":\"http://h:2\"}",
                    // well formed: a fixed-size cluster has no id left for it (409), a follower does not lead (421)
                    "{\"peerUrl\":\"http://127.0.0.1:1\",\"clientUrl\":\"http://127.0.0.1:2\"}"};
                String reserved = "/kv/%00raftlab%2Fnodes";
                String[] heads = {"POST /cluster/members", "DELETE /cluster/members/abc", "DELETE /cluster/members/7",
                    "DELETE /cluster/members/-1", "DELETE /cluster/members/1/2", "DELETE /cluster/members/999",
                    "PUT /cluster/members", "DELETE /cluster/members", "GET /cluster/members/1", "POST /cluster/members?x=1",
                    "GET " + reserved, "PUT " + reserved, "DELETE " + reserved, "POST " + reserved + "?op=append",
                    "PUT " + reserved + "?version=1", "POST /kv/batch"};
                String head = heads[r.nextInt(heads.length)];
                byte[] body = (head.equals("POST /kv/batch")
                        ? "{\"ops\":[{\"op\":\"put\",\"key\":\"\\u0000raftlab/nodes\",\"value\":\"{}\"}]}"
                        : bodies[r.nextInt(bodies.length)]).getBytes(StandardCharsets.UTF_8);
                yield new Hostile("members", head + " HTTP/1.1" + host + token + "\r\nContent-Length: " + body.length, body);
            }
            default -> { // an HTTP version other than 1.x (505 is the standard answer)
                String[] lines = {"GET /kv/fz/1 HTTP/3.0", "GET /kv/fz/1 HTTP/2.7", "GET  HTTP/1.1", "GET /kv/fz/1"};
                yield new Hostile("http-version", lines[r.nextInt(lines.length)] + host, null);
            }
        };
    }
}
