package raftlab.server.client;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import raftlab.kv.KvWrite;
import raftlab.server.api.BatchJson;
import raftlab.server.api.KeyPaths;
import raftlab.server.net.HttpClients;

/**
 * A blocking client of the cluster's HTTP API, for the command line, the benchmark and tests. It
 * finds the leader by itself (from {@code /cluster/status}) and sends there, so requests skip the
 * follower's forwarding hop; if that node stops answering it moves on to the next address. Any node
 * would do — followers forward — so a stale guess costs latency, never correctness.
 */
public final class KvHttpClient implements AutoCloseable {
    /** An HTTP answer: its status and JSON body ({@link JsonNull} when the body was not JSON). */
    public record Reply(int status, JsonElement body) {
        public boolean ok() {
            return status == 200;
        }

        public JsonObject json() {
            return body.isJsonObject() ? body.getAsJsonObject() : new JsonObject();
        }

        /** A string field of the body, or null. */
        public String field(String name) {
            JsonElement e = json().get(name);
            return e == null || e.isJsonNull() ? null : e.isJsonPrimitive() ? e.getAsString() : e.toString();
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private static final long TIMEOUT_MS = 10_000;
    private final long timeoutMs;

    /** The nodes it knows: those it was given, then the leader's address if it was not among them. */
    private volatile List<String> urls;
    private final HttpClient http;
    private volatile int target;

    public KvHttpClient(List<String> urls, int connectionsPerNode) {
        this(urls, connectionsPerNode, TIMEOUT_MS);
    }

    /** As {@link #KvHttpClient(List, int)}, giving up on an answer after {@code timeoutMs} (tests). */
    public KvHttpClient(List<String> urls, int connectionsPerNode, long timeoutMs) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("give at least one node address");
        }
        this.urls = List.copyOf(urls);
        this.http = HttpClients.started(connectionsPerNode);
        this.timeoutMs = timeoutMs;
    }

    /** The node the client sends to now: the leader, after {@link #findLeader()} found one. */
    public String current() {
        return urls.get(target);
    }

    /**
     * Node {@code id}'s entry in a {@code /cluster/status} answer, which lists the members by id (after
     * membership changes, not every id from 0), or {@link IllegalStateException} if it lists none such.
     */
    public static JsonObject node(JsonObject clusterStatus, int id) {
        for (JsonElement n : clusterStatus.getAsJsonArray("nodes")) {
            if (n.getAsJsonObject().get("id").getAsInt() == id) {
                return n.getAsJsonObject();
            }
        }
        throw new IllegalStateException("the cluster status lists no node " + id);
    }

    /** Points the client at the current leader, if some node can name one. */
    public void findLeader() {
        for (int i = 0; i < urls.size(); i++) {
            try {
                Reply r = exchange(urls.get(i), "GET", "/cluster/status", null);
                JsonElement leader = r.json().get("leader");
                if (r.ok() && leader != null && !leader.isJsonNull()) {
                    String url = node(r.json(), leader.getAsInt()).get("url").getAsString();
                    int at = urls.indexOf(url);
                    if (at < 0) { // given a follower only: add the leader, or every request would take the forwarding hop
                        List<String> known = new ArrayList<>(urls);
                        known.add(url);
                        urls = List.copyOf(known);
                        at = known.size() - 1;
                    }
                    target = at;
                    return;
                }
            } catch (Unreachable e) {
                // try the next node
            }
        }
    }

    public Reply get(String key, boolean stale) {
        return send("GET", keyPath(key) + (stale ? "?stale=true" : ""), null);
    }

    public Reply put(String key, String value) {
        return send("PUT", keyPath(key), value);
    }

    public Reply cas(String key, String value, long version) {
        return send("PUT", keyPath(key) + "?version=" + version, value);
    }

    public Reply append(String key, String value) {
        return send("POST", keyPath(key) + "?op=append", value);
    }

    public Reply delete(String key) {
        return send("DELETE", keyPath(key), null);
    }

    /** Several writes as one, all or nothing ({@code POST /kv/batch}). */
    public Reply batch(List<KvWrite> writes) {
        return send("POST", "/kv/batch", BatchJson.format(writes));
    }

    public Reply scan(String prefix, int limit, boolean stale) {
        return send("GET", "/kv?prefix=" + query(prefix) + "&limit=" + limit + (stale ? "&stale=true" : ""), null);
    }

    public Reply status() {
        return send("GET", "/cluster/status", null);
    }

    /**
     * Sends to the node believed to lead; if it cannot be reached, tries each other node once. A write
     * that may have arrived (a timeout, a connection lost after sending) is not sent again: a second
     * append or put would apply twice, so the caller gets {@link NoAnswer} with {@code maybeDelivered}
     * and decides. A read is always safe to send again.
     */
    public Reply send(String method, String pathAndQuery, String body) {
        Unreachable last = null;
        for (int tries = 0; tries < urls.size(); tries++) {
            int at = target;
            try {
                return exchange(urls.get(at), method, pathAndQuery, body);
            } catch (Unreachable e) {
                last = e;
                target = (at + 1) % urls.size(); // the next request starts elsewhere
                if (e.maybeDelivered && !method.equals("GET")) {
                    throw new NoAnswer(e.getMessage() + "; not sent again, since it may have taken effect", true);
                }
            }
        }
        throw new NoAnswer("no node answers: " + last.getMessage(), false);
    }

    private Reply exchange(String base, String method, String pathAndQuery, String body) {
        Request req = http.newRequest(base + pathAndQuery).method(method).timeout(timeoutMs, TimeUnit.MILLISECONDS);
        if (body != null) {
            req.body(new StringRequestContent("text/plain", body, StandardCharsets.UTF_8));
        }
        try {
            ContentResponse r = req.send();
            JsonElement json;
            try {
                json = JsonParser.parseString(r.getContentAsString());
            } catch (RuntimeException notJson) {
                json = JsonNull.INSTANCE;
            }
            return new Reply(r.getStatus(), json);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException | ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new Unreachable(base + ": " + cause.getMessage(), !(cause instanceof java.net.ConnectException));
        }
    }

    /** {@code /kv/} and the key, percent-encoded as the server decodes it (docs/cluster.md, "Keys in URLs"). */
    static String keyPath(String key) {
        return "/kv/" + KeyPaths.encode(key);
    }

    static String query(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        HttpClients.stop(http);
    }

    private static final class Unreachable extends RuntimeException {
        final boolean maybeDelivered;

        Unreachable(String message, boolean maybeDelivered) {
            super(message, null, false, false);
            this.maybeDelivered = maybeDelivered;
        }
    }

    /**
     * No node answered. {@code maybeDelivered} is false only when no attempt ever connected (every
     * node refused the connection), so the request certainly had no effect; after a timeout it may have.
     */
    public static final class NoAnswer extends IllegalStateException {
        public final boolean maybeDelivered;

        NoAnswer(String message, boolean maybeDelivered) {
            super(message);
            this.maybeDelivered = maybeDelivered;
        }
    }
}
